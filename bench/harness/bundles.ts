/**
 * Where the built bundles are, and the inputs a runner gives a step: every input passed, and every other input's
 * `default` from the action's action.yml (the runner sets both). The runner environment itself (file commands,
 * workspace, temp dirs) is the one builder of tools/workflow-runner/runner-env.ts.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parse } from 'yaml'
import { runnerEnv, type RunnerEnv } from '../../tools/workflow-runner/runner-env.js'

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

/**
 * The inputs of a step: the given ones, and the default of every input not given. An input the action does not
 * declare is a mistake in the benchmark (the runner would only warn), so it throws.
 */
export function stepInputs(actionYmlPath: string, given: Record<string, string>): Record<string, string> {
  const meta = parse(readFileSync(actionYmlPath, 'utf8')) as { inputs?: Record<string, { default?: unknown } | null> }
  const declared = meta.inputs ?? {}
  const unknown = Object.keys(given).filter((k) => !(k in declared))
  if (unknown.length) throw new Error(`${actionYmlPath} declares no input ${unknown.join(', ')}`)
  const values: Record<string, string> = {}
  for (const [name, def] of Object.entries(declared)) {
    const value = name in given ? given[name] : def?.default
    if (value !== undefined && value !== null) values[name] = String(value)
  }
  return values
}


/** A fresh runner directory with a step's inputs (defaults from `actionYmlPath` included); `dispose` removes it. */
export function runner(actionYmlPath: string, inputs: Record<string, string>, extraEnv: Record<string, string> = {}): RunnerEnv {
  return runnerEnv({ inputs: stepInputs(actionYmlPath, inputs), env: extraEnv })
}
