/** Where the built bundles are and the runner environment they run in (INPUT_*, file commands, temp dirs). */
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { runnerEnv, type RunnerEnv } from '../../tools/workflow-runner/runner-env.js'

export const REPO = resolve(import.meta.dirname, '../..')

export type ActionName = 'create-release' | 'deploy' | 'trigger-gocd-pipeline' | 'upload-artifact' | 'rotate-secret'

export function bundle(action: ActionName): string {
  return join(REPO, 'dist', action, 'index.js')
}

export function hasBundle(action: ActionName): boolean {
  return existsSync(bundle(action))
}

/** A fresh runner directory with the inputs (and extra variables); `dispose` removes it. */
export function runner(inputs: Record<string, string>, extraEnv: Record<string, string> = {}): RunnerEnv {
  return runnerEnv({ inputs, env: extraEnv })
}
