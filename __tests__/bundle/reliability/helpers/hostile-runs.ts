/**
 * Bundle runs for the hostile-text suites: the committed bundle as the runner runs it, its stdout and stderr read
 * as the runner reads them (`foreignCommands`), plus the checks every run shares: the action's own masks come
 * before any hostile text, no secret form is visible, the summary carries no markup from the servers.
 */
import { expect } from '@jest/globals'
import { derivedForms } from '../../../../src/core/secrets.js'
import { inputEnv, type RunnerEnv } from '../../../../tools/workflow-runner/runner-env.js'
import { MARKER } from '../../../helpers/hostile-text.js'
import { bundlePath } from '../../../helpers/repo.js'
import { runBundle } from '../../../helpers/run-bundle.js'
import { foreignCommands, readRunnerOutput } from '../../../helpers/runner-commands.js'
import { runner as freshRunner } from './runner.js'

export interface HostileRun {
  code: number | null
  /** stdout and stderr, as the job log shows them. */
  output: string
  runner: RunnerEnv
}

/** Runs `dist/<action>` with `inputs` (as INPUT_*) and `env` on top of `runner`'s environment (default: a fresh runner). */
export async function runHostile(action: string, inputs: Record<string, string>, env: Record<string, string> = {}, runner: RunnerEnv = freshRunner({})): Promise<HostileRun> {
  const res = await runBundle(process.execPath, bundlePath(action), { ...runner.env, ...inputEnv(inputs), ...env }, { timeoutMs: 90_000 })
  if (process.env.HOSTILE_DEBUG) console.log(`${action} exited ${res.code}:\n${res.stdout}${res.stderr}`)
  return { code: res.code, output: res.stdout + res.stderr, runner }
}

/** Every secret form the action may mask (the registry's derived forms). */
export const maskForms = (...secrets: string[]) => secrets.flatMap((s) => derivedForms(s))

/**
 * The shared checks: only the action's own commands (its masks of the secrets, groups, annotations, fresh
 * stop-commands blocks); each secret known at the start masked before the first hostile line, each secret the run
 * creates masked by a command the runner processes (not one it ignores while commands are stopped); with
 * `libraryMasks`, other masks too (`@actions/artifact` masks the signatures of its blob URLs); no secret form
 * visible anywhere; no markup from the servers in the summary. `marker` is the text every injected command carries.
 */
export function expectOnlyOwnCommands(run: HostileRun, secrets: { known: string[]; created?: string[]; libraryMasks?: boolean }, marker = MARKER): void {
  const all = [...secrets.known, ...(secrets.created ?? [])]
  expect(foreignCommands(run.output, { marker, masks: secrets.libraryMasks ? undefined : maskForms(...all) })).toEqual([])
  const lines = run.output.split(/\r\n|\r|\n/)
  const firstHostile = lines.findIndex((l) => l.includes(marker))
  for (const secret of secrets.known) {
    const masked = lines.indexOf(`::add-mask::${secret}`)
    expect(masked).toBeGreaterThanOrEqual(0)
    if (firstHostile >= 0) expect(masked).toBeLessThan(firstHostile)
  }
  const processed = commandsOf(run).filter((c) => c.command === 'add-mask').map((c) => c.data)
  for (const secret of all) expect(processed).toContain(secret)
  const visible = [lines.filter((l) => !l.startsWith('::add-mask::')).join('\n'), run.runner.summary(), JSON.stringify(run.runner.outputs())].join('\n')
  for (const secret of all) for (const form of maskForms(secret).filter((f) => f.length >= 8)) expect(visible).not.toContain(form)
  expect(run.runner.summary()).not.toMatch(/<(?!\/?(h[1-6]|p|table|tr|th|td|ul|ol|li|a|b|code|pre|br)[ >])/i)
}

/** The commands the runner would process, for assertions on the action's own ones. */
export const commandsOf = (run: HostileRun) => readRunnerOutput(run.output).commands
