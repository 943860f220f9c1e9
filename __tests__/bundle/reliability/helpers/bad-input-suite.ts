/** Declares the jest tests of a group of malformed-input cases (shared by the bad-input test files). */
import { expect, it } from '@jest/globals'
import type { BadInputCase } from '../bad-input-cases.js'
import { hasBundle, type ActionName } from './bundle-run.js'
import { caseLabel, namesInput, runCase } from './bad-input-run.js'
import type { Fakes } from './fakes.js'

export interface SuiteSetup {
  fakes: Fakes
  base(c: BadInputCase): Record<string, string>
  /** Credentials of the base job, scanned for leaks in every run. */
  secrets: string[]
  env?: Record<string, string>
}

export function badInputTests(action: ActionName, cases: BadInputCase[], setup: () => SuiteSetup): void {
  const table = (bug: boolean) => cases.filter((c) => !!c.bug === bug).map((c) => [caseLabel(c), c] as const)
  const check = async (_label: string, c: BadInputCase) => {
    const s = setup()
    const out = await runCase(s.fakes, c, s.base(c), s.secrets, s.env)
    expect({ code: out.code, stack: out.stack, mutations: out.mutations, leaks: out.leaks }).toEqual({ code: 1, stack: false, mutations: [], leaks: [] })
    expect(out.errors).toHaveLength(1)
    const named = namesInput(out.errors[0], action, c.names)
    expect(named.named ? `names '${c.names}'` : named.message).toBe(`names '${c.names}'`)
  }
  // An action whose bundle has not landed yet is reported as skipped, not passed.
  const bundled = hasBundle(action)
  ;(bundled ? it.each : it.skip.each)(table(false))('%s', check)
  // Reported product bugs (the case's `bug` says what): they fail today; jest flags them once they pass.
  if (table(true).length) (bundled ? it.failing.each : it.skip.each)(table(true))('KNOWN BUG %s', check)
}
