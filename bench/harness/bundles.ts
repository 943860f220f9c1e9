/** Where the built bundles are and the runner environment they run in (INPUT_*, file commands, temp dirs). */
import { existsSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { runnerFiles, type RunnerFiles } from '../../__tests__/helpers/runner-env.js'

export const REPO = resolve(import.meta.dirname, '../..')

export type ActionName = 'create-release' | 'deploy' | 'trigger-gocd-pipeline' | 'upload-artifact' | 'rotate-secret'

export function bundle(action: ActionName): string {
  return join(REPO, 'dist', action, 'index.js')
}

export function hasBundle(action: ActionName): boolean {
  return existsSync(bundle(action))
}

/** A fresh runner directory with the inputs; `dispose` removes it. */
export function runner(inputs: Record<string, string>, extraEnv: Record<string, string> = {}): RunnerFiles & { dispose(): void } {
  const files = runnerFiles(inputs)
  Object.assign(files.env, extraEnv)
  return Object.assign(files, { dispose: () => rmSync(files.dir, { recursive: true, force: true }) })
}
