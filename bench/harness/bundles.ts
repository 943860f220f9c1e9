/**
 * Where the built bundles are, and the environment a runner gives them: `INPUT_<NAME>` for every input passed and
 * for every other input's `default` in the action's action.yml (the runner sets both), file commands, temp dirs.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parse } from 'yaml'
import { runnerFiles, type RunnerFiles } from '../../__tests__/helpers/runner-env.js'

export const REPO = resolve(import.meta.dirname, '../..')

export type ActionName = 'create-release' | 'deploy' | 'trigger-gocd-pipeline' | 'upload-artifact' | 'rotate-secret'

export function bundle(action: ActionName): string {
  return join(REPO, 'dist', action, 'index.js')
}

export function hasBundle(action: ActionName): boolean {
  return existsSync(bundle(action))
}

export function actionYml(action: ActionName): string {
  return join(REPO, 'actions', action, 'action.yml')
}

const envName = (input: string) => `INPUT_${input.replace(/ /g, '_').toUpperCase()}`

/**
 * The `INPUT_*` variables of a step: the given inputs, and the default of every input not given. An input the
 * action does not declare is a mistake in the benchmark (the runner would only warn), so it throws.
 */
export function inputEnv(actionYmlPath: string, given: Record<string, string>): Record<string, string> {
  const meta = parse(readFileSync(actionYmlPath, 'utf8')) as { inputs?: Record<string, { default?: unknown } | null> }
  const declared = meta.inputs ?? {}
  const unknown = Object.keys(given).filter((k) => !(k in declared))
  if (unknown.length) throw new Error(`${actionYmlPath} declares no input ${unknown.join(', ')}`)
  const env: Record<string, string> = {}
  for (const [name, def] of Object.entries(declared)) {
    const value = name in given ? given[name] : def?.default
    if (value !== undefined && value !== null) env[envName(name)] = String(value)
  }
  return env
}

/** A fresh runner directory with a step's inputs (defaults from `actionYmlPath` included); `dispose` removes it. */
export function runner(actionYmlPath: string, inputs: Record<string, string>, extraEnv: Record<string, string> = {}): RunnerFiles & { dispose(): void } {
  const files = runnerFiles()
  Object.assign(files.env, inputEnv(actionYmlPath, inputs), extraEnv)
  return Object.assign(files, { dispose: () => rmSync(files.dir, { recursive: true, force: true }) })
}
