/**
 * Runs one malformed-input case through the built bundle with the runner environment against the fakes, and
 * collects what the assertions need: exit code, error lines, stack frames, mutating requests and leaks.
 */
import { runner as runnerFiles } from './runner.js'
import type { BadInputCase } from '../bad-input-cases.js'
import { errorLines, runBundle, STACK_FRAME, visibleLog } from './bundle-run.js'
import type { Fakes } from './fakes.js'
import { logMarks, mutatingSince } from './fakes.js'
import { scanRun, type Leak } from './leaks.js'

/** Inputs whose values are credentials: a case that sets one is also scanned for it. */
const SECRET_INPUTS = new Set(['api_key', 'token', 'password', 'github_token', 'value', 'secure_environment_variables'])

export interface CaseOutcome {
  code: number | null
  errors: string[]
  stack: boolean
  mutations: string[]
  leaks: Leak[]
  log: string
}

export async function runCase(fakes: Fakes, c: BadInputCase, base: Record<string, string>, secrets: string[], extraEnv: Record<string, string> = {}): Promise<CaseOutcome> {
  const inputs: Record<string, string> = { ...base }
  for (const [k, v] of Object.entries(c.inputs)) {
    if (v === undefined) delete inputs[k]
    else inputs[k] = v
  }
  const runner = runnerFiles(inputs)
  Object.assign(runner.env, extraEnv)
  const servers = [fakes.octopus.server, fakes.gocd.server, fakes.github.server]
  const marks = logMarks(servers)
  const res = await runBundle(c.action, runner.env, 30_000)
  const given = Object.entries(c.inputs)
    .filter(([k, v]) => SECRET_INPUTS.has(k) && !!v)
    .map(([, v]) => v as string)
  return {
    code: res.code,
    errors: errorLines(res),
    stack: STACK_FRAME.test(visibleLog(res)),
    mutations: mutatingSince(servers, marks),
    leaks: scanRun(res, runner, [...secrets, ...given]),
    log: visibleLog(res).slice(0, 2000)
  }
}

/** A short label for a case in the test name. */
export function caseLabel(c: BadInputCase): string {
  const shown = Object.entries(c.inputs)
    .map(([k, v]) => `${k}=${JSON.stringify(v === undefined ? null : v.length > 40 ? `${v.slice(0, 20)}…(${v.length})` : v)}`)
    .join(' ')
  return `${c.kind}: ${shown}`
}

/**
 * Whether a failure message starts as the action's failures do and names the input: quoted ('release_number'), or
 * as a word when a lookup fails ("These Octopus environments were not found"). The message is shortened for reports.
 */
export function namesInput(message: string, action: string, input: string): { named: boolean; message: string } {
  const word = new RegExp(`(^|[^A-Za-z0-9_])${input.replace(/_/g, '[_ ]')}([^A-Za-z0-9_]|$)`, 'i')
  return { named: message.startsWith(`${action} failed: `) && (message.includes(`'${input}'`) || word.test(message)), message: message.length > 400 ? `${message.slice(0, 400)}…(${message.length} chars)` : message }
}
