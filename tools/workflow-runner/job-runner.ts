/**
 * Runs one job: its `if:` against its needs (default `success()`: every needed job succeeded), workflow and job
 * `env:` layered, `defaults.run`, `timeout-minutes`, its steps in order, the actions' post scripts, then its
 * `outputs` (an output that contains a masked value is skipped, as GitHub does). The job fails when a step
 * concludes in failure.
 */
import { evaluateCondition, tokenString, tokenStringMap, tokenValue, type Contexts, type Status } from './expressions.js'
import type { LocalAction } from './action-loader.js'
import type { Masker } from './masker.js'
import type { JobRuntime, StepScope } from './runtime.js'
import { runPostSteps } from './post-steps.js'
import { runSteps } from './step-runner.js'
import type { JobResult } from './types.js'
import type { JobDef, WorkflowDef } from './workflow-loader.js'

/** What a job run shares with its steps' runtime (workspace, temp dir, node binary, debug, masking, log sink). */
type SharedRuntime = Pick<JobRuntime, 'workspace' | 'tempDir' | 'node' | 'debug' | 'masker' | 'sink'>

export interface JobRunOptions extends SharedRuntime {
  workflow: WorkflowDef
  job: JobDef
  /** Contexts shared by every job: github, runner, vars, secrets, inputs. */
  contexts: Contexts
  /** Results of the jobs that already ran. */
  finished: Record<string, JobResult>
  processEnv: (environment: string | undefined) => Promise<Record<string, string>>
  actions: Map<string, LocalAction>
}

/** Failure of any job upstream (transitively) makes `failure()` true; `success()` needs every direct need to succeed. */
function needsStatus(workflow: WorkflowDef, job: JobDef, finished: Record<string, JobResult>): Status {
  const upstream = new Set<string>()
  const visit = (id: string) => {
    for (const n of workflow.jobs.find((j) => j.id === id)?.needs ?? []) {
      if (!upstream.has(n)) {
        upstream.add(n)
        visit(n)
      }
    }
  }
  visit(job.id)
  const failure = [...upstream].some((id) => finished[id]?.result === 'failure')
  const success = job.needs.every((id) => finished[id]?.result === 'success')
  return { success: success && !failure, failure, cancelled: false }
}

function environmentName(job: JobDef, contexts: Contexts): string | undefined {
  if (!job.environment) return undefined
  const value = tokenValue(job.environment, contexts)
  if (typeof value === 'string') return value || undefined
  if (value && typeof value === 'object' && 'name' in value) return String((value as { name: unknown }).name)
  return undefined
}

/** The runner registers its runtime credentials as secrets. */
const RUNTIME_SECRETS = ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN']

function maskRuntimeTokens(env: Record<string, string>, masker: Masker): Record<string, string> {
  for (const k of RUNTIME_SECRETS) if (env[k]) masker.add(env[k])
  return env
}

export async function runJob(o: JobRunOptions): Promise<JobResult> {
  const { job, workflow } = o
  const needs: Record<string, unknown> = {}
  for (const id of job.needs) needs[id] = { result: o.finished[id]?.result ?? 'skipped', outputs: o.finished[id]?.outputs ?? {} }
  const base: Contexts = { ...o.contexts, needs, job: { status: 'success' }, strategy: {}, matrix: {} }
  const result: JobResult = { id: job.id, name: job.id, result: 'success', outputs: {}, steps: [], log: [], summary: '' }
  const note = (line: string) => {
    const masked = o.masker.mask(line)
    result.log.push(masked)
    o.sink(masked)
  }
  try {
    if (job.name) result.name = tokenString(job.name, base, undefined, 'job name')
  } catch {
    // keep the id as the name
  }
  result.name = o.masker.mask(result.name)
  o.sink(`● job ${result.name}`)
  const status = needsStatus(workflow, job, o.finished)
  let run: boolean
  try {
    run = evaluateCondition(job.if, base, status)
  } catch (err) {
    note(`Error: job '${job.id}': if: ${(err as Error).message}`)
    result.result = 'failure'
    return result
  }
  if (!run) {
    note(`skipped: ${status.success ? 'the if: condition is false' : 'a needed job did not succeed'}`)
    result.result = 'skipped'
    return result
  }
  let rt: JobRuntime
  try {
    const workflowEnv = tokenStringMap(workflow.env, base, 'workflow env')
    const jobEnv = tokenStringMap(job.env, { ...base, env: workflowEnv }, `job '${job.id}' env`)
    const env = { ...workflowEnv, ...jobEnv }
    const withEnv = { ...base, env }
    const str = (t: typeof job.defaults.shell, what: string) => (t ? tokenString(t, withEnv, undefined, what) : undefined)
    const minutes = job.timeoutMinutes ? Number(tokenValue(job.timeoutMinutes, withEnv)) : undefined
    if (minutes !== undefined && !(minutes > 0)) throw new Error(`job '${job.id}': timeout-minutes must be a positive number`)
    rt = {
      jobId: job.id,
      workspace: o.workspace,
      tempDir: o.tempDir,
      node: o.node,
      debug: o.debug,
      masker: o.masker,
      sink: o.sink,
      processEnv: maskRuntimeTokens(await o.processEnv(environmentName(job, withEnv)), o.masker),
      contexts: base,
      env,
      path: [],
      deadline: minutes === undefined ? undefined : Date.now() + minutes * 60_000,
      defaults: {
        shell: str(job.defaults.shell, 'defaults.run.shell') ?? str(workflow.defaults.shell, 'defaults.run.shell'),
        workingDirectory: str(job.defaults.workingDirectory, 'defaults.run.working-directory') ?? str(workflow.defaults.workingDirectory, 'defaults.run.working-directory')
      },
      actions: o.actions,
      posts: []
    }
  } catch (err) {
    note(`Error: ${(err as Error).message}`)
    result.result = 'failure'
    return result
  }
  const scope: StepScope = { steps: {}, failed: false, env: {}, inComposite: false, depth: 0, indent: '  ' }
  result.steps = await runSteps(rt, scope, job.steps)
  const posts = await runPostSteps(rt, scope.failed)
  result.steps.push(...posts)
  if (posts.some((p) => p.conclusion === 'failure')) scope.failed = true
  result.result = scope.failed ? 'failure' : 'success'
  result.summary = result.steps.map((s) => s.summary).join('')
  const outputContexts: Contexts = { ...rt.contexts, env: rt.env, steps: scope.steps, job: { status: result.result } }
  try {
    for (const [name, value] of Object.entries(tokenStringMap(job.outputs, outputContexts, `job '${job.id}' outputs`))) {
      if (o.masker.touches(value)) note(`Warning: Skip output '${name}' since it may contain secret.`)
      else result.outputs[name] = value
    }
  } catch (err) {
    note(`Error: ${(err as Error).message}`)
    result.result = 'failure'
  }
  return result
}
