/**
 * Loads a workflow file with GitHub's parser and converter (schema validation, expression validation per
 * location, `needs` checks) and keeps the parsed tokens the converter drops: each step's mapping, `defaults`,
 * `timeout-minutes`, and the `workflow_dispatch` inputs (the converter loses `type: number`).
 */
import { readFileSync } from 'node:fs'
import { NoOperationTraceWriter, convertWorkflowTemplate, isMapping, isString, parseWorkflow } from '@actions/workflow-parser'
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/index'
import type { MappingToken } from '@actions/workflow-parser/templates/tokens/index'
import type { Job } from '@actions/workflow-parser/model/workflow-template'
import { readSteps, UnsupportedFeature, type StepDef } from './step-model.js'

export interface RunDefaults {
  shell?: TemplateToken
  workingDirectory?: TemplateToken
}

export interface JobDef {
  id: string
  name?: TemplateToken
  needs: string[]
  if: TemplateToken
  env?: TemplateToken
  outputs?: TemplateToken
  environment?: TemplateToken
  defaults: RunDefaults
  timeoutMinutes?: TemplateToken
  steps: StepDef[]
}

export interface WorkflowDef {
  file: string
  name?: string
  runName?: TemplateToken
  events: string[]
  /** The `on.schedule` crons. */
  schedules: string[]
  env?: TemplateToken
  defaults: RunDefaults
  /** The `on.workflow_dispatch.inputs` mapping as parsed. */
  dispatchInputs?: MappingToken
  jobs: JobDef[]
}

export class WorkflowLoadError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'WorkflowLoadError'
  }
}

const JOB_KEYS_SUPPORTED = new Set(['name', 'needs', 'if', 'env', 'outputs', 'steps', 'runs-on', 'defaults', 'timeout-minutes', 'environment', 'permissions', 'concurrency'])
const JOB_KEYS_UNSUPPORTED: Record<string, string> = {
  strategy: 'strategy (matrix)',
  container: 'container',
  services: 'services',
  'continue-on-error': 'job-level continue-on-error',
  uses: 'reusable workflows (uses:)',
  secrets: 'reusable workflows (secrets:)',
  with: 'reusable workflows (with:)',
  snapshot: 'snapshot'
}

function child(token: TemplateToken | undefined, key: string): TemplateToken | undefined {
  return token && isMapping(token) ? token.find(key) : undefined
}

function readDefaults(owner: TemplateToken | undefined): RunDefaults {
  const run = child(child(owner, 'defaults'), 'run')
  return { shell: child(run, 'shell'), workingDirectory: child(run, 'working-directory') }
}

function checkJobKeys(id: string, raw: MappingToken): void {
  for (const pair of raw) {
    const key = isString(pair.key) ? pair.key.value : ''
    if (JOB_KEYS_UNSUPPORTED[key]) throw new UnsupportedFeature(`job '${id}'`, JOB_KEYS_UNSUPPORTED[key])
    if (!JOB_KEYS_SUPPORTED.has(key)) throw new UnsupportedFeature(`job '${id}'`, `'${key}:'`)
  }
}

export async function loadWorkflow(file: string): Promise<WorkflowDef> {
  const parsed = parseWorkflow({ name: file, content: readFileSync(file, 'utf8') }, new NoOperationTraceWriter())
  const root = parsed.value
  const template = root ? await convertWorkflowTemplate(parsed.context, root) : undefined
  const errors = template?.errors ?? parsed.context.errors.getErrors().map((e) => ({ Message: e.message }))
  if (!root || !template || errors.length > 0) {
    throw new WorkflowLoadError(`invalid workflow ${file}:\n${errors.map((e) => `  ${e.Message}`).join('\n')}`)
  }
  const rawJobs = child(root, 'jobs')
  const jobs: JobDef[] = []
  for (const job of template.jobs) {
    const id = job.id.value
    const raw = child(rawJobs, id)
    if (!raw || !isMapping(raw)) throw new WorkflowLoadError(`${file}: job '${id}' not found in the parsed template`)
    checkJobKeys(id, raw)
    const j = job as Job
    jobs.push({
      id,
      name: raw.find('name'),
      needs: (j.needs ?? []).map((n) => n.value),
      if: j.if,
      env: j.env,
      outputs: j.outputs,
      environment: raw.find('environment'),
      defaults: readDefaults(raw),
      timeoutMinutes: raw.find('timeout-minutes'),
      steps: readSteps(raw.find('steps'), j.steps, `job '${id}'`)
    })
  }
  const name = child(root, 'name')
  const on = child(root, 'on')
  const inputs = child(child(on, 'workflow_dispatch'), 'inputs')
  return {
    file,
    name: name && isString(name) ? name.value : undefined,
    runName: child(root, 'run-name'),
    events: Object.keys(template.events ?? {}),
    schedules: (template.events?.schedule ?? []).map((s) => s.cron),
    env: template.env,
    defaults: readDefaults(root),
    dispatchInputs: inputs && isMapping(inputs) ? inputs : undefined,
    jobs
  }
}
