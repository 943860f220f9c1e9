/**
 * Loads a local action (`uses: ./path`) with GitHub's action parser: its inputs (with default tokens), its
 * outputs, and how it runs: a node action's bundle (`runs.main`, and `runs.post` with its `post-if`, default
 * `always()`) or a composite action's steps. Docker actions and `pre:` scripts are rejected as unsupported.
 */
import { existsSync, readFileSync } from 'node:fs'
import { isAbsolute, join, relative, resolve } from 'node:path'
import { NoOperationTraceWriter, isMapping } from '@actions/workflow-parser'
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/index'
import { convertActionTemplate, parseAction, type ActionInputDefinition, type ActionOutputDefinition } from '@actions/workflow-parser/actions/index'
import { readSteps, UnsupportedFeature, type StepDef } from './step-model.js'

export interface LocalAction {
  dir: string
  file: string
  name: string
  inputs: ActionInputDefinition[]
  outputs: ActionOutputDefinition[]
  runs: { using: 'node'; version: string; main: string; post?: string; postIf: string } | { using: 'composite'; steps: StepDef[] }
}

export class ActionLoadError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ActionLoadError'
  }
}

/** Resolves `./path` against the workspace; paths leaving the workspace are refused, as on GitHub. */
export function localActionDir(workspace: string, uses: string, where: string): string {
  const dir = resolve(workspace, uses)
  const rel = relative(workspace, dir)
  if (rel.startsWith('..') || isAbsolute(rel)) throw new ActionLoadError(`${where}: uses: ${uses} points outside the workspace`)
  return dir
}

export function loadLocalAction(dir: string, where: string): LocalAction {
  const file = ['action.yml', 'action.yaml'].map((f) => join(dir, f)).find((f) => existsSync(f))
  if (!file) throw new ActionLoadError(`${where}: no action.yml or action.yaml in ${dir}`)
  const parsed = parseAction({ name: file, content: readFileSync(file, 'utf8') }, new NoOperationTraceWriter())
  const errors = parsed.context.errors.getErrors()
  if (errors.length > 0 || !parsed.value) {
    throw new ActionLoadError(`${where}: invalid action ${file}:\n${errors.map((e) => `  ${e.message}`).join('\n')}`)
  }
  const template = convertActionTemplate(parsed.context, parsed.value)
  const runs = template.runs
  const base = { dir, file, name: template.name, inputs: template.inputs ?? [], outputs: template.outputs ?? [] }
  if (runs.using === 'composite') {
    return { ...base, runs: { using: 'composite', steps: readSteps(rawCompositeSteps(parsed.value), runs.steps, `action ${file}`) } }
  }
  if (runs.using === 'docker') throw new UnsupportedFeature(where, `the docker action ${file}`)
  if (runs.pre) throw new UnsupportedFeature(where, `runs.pre of ${file}`)
  const script = (path: string, key: string) => {
    const full = resolve(dir, path)
    if (!existsSync(full)) throw new ActionLoadError(`${where}: the bundle ${full} (${key} of ${file}) does not exist: build the action first`)
    return full
  }
  const main = script(runs.main, 'runs.main')
  const post = runs.post ? script(runs.post, 'runs.post') : undefined
  const postIf = (runs.postIf ?? 'always()').replace(/^\s*\$\{\{([\s\S]*)\}\}\s*$/, '$1').trim()
  return { ...base, runs: { using: 'node', version: runs.using, main, post, postIf } }
}

function rawCompositeSteps(root: TemplateToken): TemplateToken | undefined {
  if (!isMapping(root)) return undefined
  const runs = root.find('runs')
  return runs && isMapping(runs) ? runs.find('steps') : undefined
}
