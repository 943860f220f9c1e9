/**
 * runWorkflow: loads a workflow with GitHub's parser, resolves the event (validating `workflow_dispatch` inputs),
 * checks every step can run locally, then runs the jobs in `needs` order, one at a time, and returns what GitHub
 * would show: the conclusion, each job's result and outputs, each step's outcome, outputs, summary and masked log.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { resolveEvent, type EventSpec } from './event-payload.js'
import { identityFrom, jobEnvironment } from './github-context.js'
import { runJob } from './job-runner.js'
import { Masker } from './masker.js'
import { tokenString } from './expressions.js'
import { preflight } from './preflight.js'
import type { JobResult, WorkflowResult } from './types.js'
import { loadWorkflow, type JobDef, type WorkflowDef } from './workflow-loader.js'

/** What the runner environment for a job depends on. */
export interface JobEnvRequest {
  jobId: string
  /** The job's `environment:` name, if any. */
  environment?: string
}

export interface RunWorkflowOptions {
  workflowFile: string
  /** The workspace: `uses: ./path` and `working-directory` resolve against it; steps run in it. */
  repoRoot: string
  event: EventSpec
  secrets?: Record<string, string>
  vars?: Record<string, string>
  /** Runner environment base for every job (e.g. the GitHub fake's `runnerEnv(...).env`): identity, URLs, tokens. */
  env?: Record<string, string>
  /** Per-job runner environment layered over `env` (e.g. `runnerEnv({ environment, jobName })` for OIDC). */
  jobEnv?: (job: JobEnvRequest) => Record<string, string> | Promise<Record<string, string>>
  /** Run only these jobs (and the jobs they need). */
  jobs?: string[]
  /** Node binary for JavaScript actions (default: this Node). */
  node?: string
  /** Show `::debug::` lines. */
  debug?: boolean
  /** Receives every log line (masked) as it is written. */
  onLog?: (line: string) => void
}

function selectJobs(workflow: WorkflowDef, only: string[] | undefined): JobDef[] {
  if (!only) return workflow.jobs
  const wanted = new Set<string>()
  const add = (id: string) => {
    const job = workflow.jobs.find((j) => j.id === id)
    if (!job) throw new Error(`job '${id}' is not in ${workflow.file} (jobs: ${workflow.jobs.map((j) => j.id).join(', ')})`)
    if (wanted.has(id)) return
    wanted.add(id)
    job.needs.forEach(add)
  }
  only.forEach(add)
  return workflow.jobs.filter((j) => wanted.has(j.id))
}

/** Orders jobs so that each runs after the jobs it needs (file order otherwise). */
export function orderJobs(jobs: JobDef[]): JobDef[] {
  const ordered: JobDef[] = []
  const done = new Set<string>()
  const pending = [...jobs]
  while (pending.length > 0) {
    const i = pending.findIndex((j) => j.needs.every((n) => done.has(n)))
    if (i < 0) throw new Error(`jobs ${pending.map((j) => j.id).join(', ')} need each other (a cycle)`)
    const [job] = pending.splice(i, 1)
    ordered.push(job)
    done.add(job.id)
  }
  return ordered
}

export async function runWorkflow(opts: RunWorkflowOptions): Promise<WorkflowResult> {
  const workspace = resolve(opts.repoRoot)
  const workflowPath = resolve(workspace, opts.workflowFile)
  const workflow = await loadWorkflow(workflowPath)
  const inWorkspace = relative(workspace, workflowPath)
  const displayPath = inWorkspace.startsWith('..') ? workflowPath : inWorkspace
  const jobs = orderJobs(selectJobs(workflow, opts.jobs))
  const baseEnv = opts.env ?? {}
  const envFor = async (job: JobEnvRequest) => ({ ...baseEnv, ...(opts.jobEnv ? await opts.jobEnv(job) : {}) })
  const event = resolveEvent(workflow, displayPath, opts.event, identityFrom(baseEnv))
  const actions = preflight(workspace, jobs)
  const masker = new Masker()
  const secrets: Record<string, string> = { ...opts.secrets }
  const token = secrets.GITHUB_TOKEN ?? baseEnv.GITHUB_TOKEN ?? ''
  if (token) secrets.GITHUB_TOKEN = token
  for (const value of Object.values(secrets)) masker.add(value)
  const tempDir = mkdtempSync(join(tmpdir(), 'workflow-runner-'))
  const eventPath = join(tempDir, 'event.json')
  writeFileSync(eventPath, JSON.stringify(event.payload, null, 2))
  const sink = opts.onLog ?? (() => undefined)
  const finished: Record<string, JobResult> = {}
  const workflowName = workflow.name ?? displayPath
  let runName: string | undefined
  try {
    if (workflow.runName) {
      const { github } = jobEnvironment({ base: baseEnv, event, eventPath, workspace, tempDir, jobId: '', workflowFile: workflowName, token })
      runName = masker.mask(tokenString(workflow.runName, { github, inputs: event.inputs, vars: opts.vars ?? {} }, undefined, 'run-name'))
    }
    for (const job of jobs) {
      const jobTemp = join(tempDir, job.id)
      mkdirSync(jobTemp)
      const jobEnv = (base: Record<string, string>) =>
        jobEnvironment({ base, event, eventPath, workspace, tempDir: jobTemp, jobId: job.id, workflowFile: workflowName, token })
      const shared = jobEnv(baseEnv)
      finished[job.id] = await runJob({
        workflow,
        job,
        contexts: { github: shared.github, runner: shared.runner, vars: opts.vars ?? {}, secrets, inputs: event.inputs },
        finished,
        processEnv: async (environment) => jobEnv(await envFor({ jobId: job.id, environment })).processEnv,
        workspace,
        tempDir: jobTemp,
        node: opts.node ?? process.execPath,
        debug: opts.debug ?? false,
        masker,
        sink,
        actions
      })
    }
  } finally {
    // The runner empties RUNNER_TEMP after each job; the executor removes its scripts, step files and event file.
    rmSync(tempDir, { recursive: true, force: true })
  }
  const conclusion = Object.values(finished).some((j) => j.result === 'failure') ? 'failure' : 'success'
  return { name: workflowName, runName, conclusion, jobs: finished, event: { name: event.name, payload: event.payload }, mask: (text) => masker.mask(text) }
}
