/**
 * Runs a built bundle (dist/<action>/index.js) as the runner does, by action name: a child process of this Node with
 * the runner environment (INPUT_*, file commands), on the shared helper in __tests__/helpers/run-bundle.ts.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { runBundle as runFile, type BundleResult } from '../../../helpers/run-bundle.js'
import { REPO_ROOT } from '../../../helpers/repo.js'

export const REPO = REPO_ROOT

export const ACTIONS = ['create-release', 'deploy', 'trigger-gocd-pipeline', 'upload-artifact', 'rotate-secret'] as const
export type ActionName = (typeof ACTIONS)[number]

export function bundlePath(action: ActionName): string {
  return join(REPO, 'dist', action, 'index.js')
}

/** True when the action's bundle has landed (the actions are finished in parallel with these suites). */
export function hasBundle(action: ActionName): boolean {
  return existsSync(bundlePath(action))
}

export type { BundleResult }

export function runBundle(action: ActionName, env: Record<string, string>, timeoutMs = 60_000): Promise<BundleResult> {
  return runFile(process.execPath, bundlePath(action), env, { timeoutMs })
}

/** What the job log shows: stdout and stderr without the `::add-mask::` commands (the runner swallows them). */
export function visibleLog(res: BundleResult): string {
  return (res.stdout + '\n' + res.stderr)
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n')
}

/** The `::error::` lines of a run, with the runner's %0A / %25 escapes decoded. */
export function errorLines(res: BundleResult): string[] {
  return res.stdout
    .split('\n')
    .filter((l) => l.startsWith('::error'))
    .map((l) => l.replace(/^::error[^:]*::/, '').replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%'))
}

/** A stack frame line, as Node prints them (`    at fn (file:line:col)`). */
export const STACK_FRAME = /\n\s+at [^\n]*(:\d+:\d+|\(native\)|<anonymous>)/
