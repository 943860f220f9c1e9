/**
 * Runs one step's process as the runner does: fresh file-command files, the layered environment (runner base,
 * workflow/job env and GITHUB_ENV, composite env, step env, then INPUT_* for JavaScript actions), PATH with the
 * GITHUB_PATH additions first, each output line through the step log; afterwards GITHUB_OUTPUT, GITHUB_ENV,
 * GITHUB_PATH, GITHUB_STATE and GITHUB_STEP_SUMMARY are applied. Exit code 0 is success.
 */
import { existsSync, mkdtempSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { createFileCommands, fileCommandEnv, readFileCommands } from './runner-env.js'
import { runProcess } from './process-runner.js'
import type { JobRuntime, StepScope } from './runtime.js'
import type { StepLog } from './step-log.js'

export interface StepProcess {
  command: string
  args: string[]
  /** Relative to the workspace. */
  workingDirectory?: string
  stepId: string
  stepEnv: Record<string, string>
  /** Variables only a JavaScript action gets, last: INPUT_*, and STATE_* for a post script (undefined for `run:`). */
  actionEnv?: Record<string, string>
  actionPath?: string
  timeoutMs?: number
}

export interface StepProcessResult {
  ok: boolean
  error?: string
  outputs: Record<string, string>
  summary: string
  state: Record<string, string>
}

/** Runtime variables the runner gives JavaScript (and docker) actions only, never `run:` scripts. */
const ACTION_ONLY_ENV = ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_RUNTIME_URL', 'ACTIONS_RESULTS_URL', 'ACTIONS_CACHE_URL']

/** Variables a step may not set through GITHUB_ENV (the runner refuses them). */
const BLOCKED_ENV = new Set(['NODE_OPTIONS'])

export function timeoutFor(rt: JobRuntime, stepMinutes: number | undefined): number | undefined {
  const step = stepMinutes === undefined ? undefined : stepMinutes * 60_000
  const job = rt.deadline === undefined ? undefined : Math.max(0, rt.deadline - Date.now())
  if (step === undefined) return job
  return job === undefined ? step : Math.min(step, job)
}

export async function runStepProcess(rt: JobRuntime, scope: StepScope, p: StepProcess, log: StepLog): Promise<StepProcessResult> {
  const cwd = resolve(rt.workspace, p.workingDirectory ?? '.')
  if (!existsSync(cwd) || !statSync(cwd).isDirectory()) {
    return { ok: false, error: `working-directory ${p.workingDirectory} does not exist (${cwd})`, outputs: {}, summary: '', state: {} }
  }
  const files = createFileCommands(mkdtempSync(join(rt.tempDir, 'step-')))
  const base = { ...rt.processEnv }
  if (!p.actionEnv) for (const k of ACTION_ONLY_ENV) delete base[k]
  const layered = { ...base, ...rt.env, ...scope.env, ...p.stepEnv }
  const env: Record<string, string> = {
    ...layered,
    ...fileCommandEnv(files),
    GITHUB_ACTION: p.stepId,
    GITHUB_ACTION_PATH: p.actionPath ?? scope.actionPath ?? '',
    GITHUB_ACTION_REPOSITORY: '',
    GITHUB_ACTION_REF: '',
    PATH: [...[...rt.path].reverse(), layered.PATH ?? ''].filter((s) => s !== '').join(':'),
    ...(p.actionEnv ?? {})
  }
  const run = await runProcess({ command: p.command, args: p.args, cwd, env, timeoutMs: p.timeoutMs }, (line) => log.line(line))
  const read = readFileCommands(files)
  for (const [k, v] of Object.entries(read.env)) {
    if (BLOCKED_ENV.has(k.toUpperCase())) {
      log.annotate('error', `Can't store ${k} output parameter using '$GITHUB_ENV' command.`)
      log.commandFailure = `${k} may not be set through GITHUB_ENV`
      continue
    }
    rt.env[k] = v
  }
  rt.path.push(...read.path)
  const outputs = { ...log.outputs, ...read.outputs }
  const state = { ...log.state, ...read.state }
  const summary = rt.masker.mask(read.summary)
  if (run.timedOut) return { ok: false, error: 'The step has timed out.', outputs, summary, state }
  if (run.exitCode !== 0) {
    const error = run.exitCode === null ? `Process was killed by ${run.signal}.` : `Process completed with exit code ${run.exitCode}.`
    return { ok: false, error, outputs, summary, state }
  }
  if (log.commandFailure) return { ok: false, error: log.commandFailure, outputs, summary, state }
  return { ok: true, outputs, summary, state }
}
