/**
 * Workflow runs and jobs the fake knows about. `runnerEnv()` creates one job (in a new or given run); its ids feed
 * the OIDC claims, the `ACTIONS_RUNTIME_TOKEN` `scp` claim (`Actions.Results:<runBackendId>:<jobBackendId>`) and the
 * REST runs/artifacts endpoints.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import type { Repo } from '../store.js'

export interface Run {
  id: number
  runNumber: number
  attempt: number
  backendId: string
  repo: Repo
  workflow: string
  workflowId: number
  event: string
  ref: string
  sha: string
  actor: string
  created_at: string
  status: 'queued' | 'in_progress' | 'completed'
  conclusion: string | null
  inputs?: Record<string, unknown>
  /** When set, status follows the clock: queued until `startsAt`, in_progress until `endsAt`, then completed. */
  timing?: { startsAt: number; endsAt: number; conclusion: string }
}

/** Applies a run's timing (dispatched runs in CLI mode progress on their own). */
export function progress(run: Run, now: number): Run {
  if (!run.timing || run.status === 'completed') return run
  if (now >= run.timing.endsAt) {
    run.status = 'completed'
    run.conclusion = run.timing.conclusion
  } else if (now >= run.timing.startsAt) run.status = 'in_progress'
  return run
}

export interface Job {
  id: number
  name: string
  backendId: string
  run: Run
  environment?: string
  /** Bearer for the OIDC token endpoint (`ACTIONS_ID_TOKEN_REQUEST_TOKEN`). */
  idTokenRequestToken: string
  /** The signed `ACTIONS_RUNTIME_TOKEN`. */
  runtimeToken?: string
}

export class JobRegistry {
  readonly runs = new Map<number, Run>()
  readonly jobs = new Map<number, Job>()
  private nextRun = 9_000_000_000
  private nextJob = 30_000_000_000
  private runNumbers = new Map<Repo, number>()

  newRun(repo: Repo, opts: { workflow?: string; workflowId?: number; event?: string; ref?: string; sha?: string; actor?: string; at: string; inputs?: Record<string, unknown> }): Run {
    const runNumber = (this.runNumbers.get(repo) ?? 0) + 1
    this.runNumbers.set(repo, runNumber)
    const run: Run = {
      id: ++this.nextRun,
      runNumber,
      attempt: 1,
      backendId: randomUUID(),
      repo,
      workflow: opts.workflow ?? '.github/workflows/deploy.yml',
      workflowId: opts.workflowId ?? 161335,
      event: opts.event ?? 'push',
      ref: opts.ref ?? `refs/heads/${repo.default_branch}`,
      // The commit the ref names in the fake's history (a made-up one for a ref it does not have).
      sha: opts.sha ?? repo.git.resolve(opts.ref ?? repo.default_branch) ?? randomBytes(20).toString('hex'),
      actor: opts.actor ?? 'octocat',
      created_at: opts.at,
      status: 'in_progress',
      conclusion: null,
      inputs: opts.inputs
    }
    this.runs.set(run.id, run)
    return run
  }

  newJob(run: Run, name: string, environment?: string): Job {
    const job: Job = { id: ++this.nextJob, name, backendId: randomUUID(), run, environment, idTokenRequestToken: randomBytes(24).toString('hex') }
    this.jobs.set(job.id, job)
    return job
  }

  byIdTokenRequestToken(token: string): Job | undefined {
    for (const j of this.jobs.values()) if (j.idTokenRequestToken === token) return j
    return undefined
  }

  byBackendIds(runBackendId: string, jobBackendId: string): Job | undefined {
    for (const j of this.jobs.values()) if (j.backendId === jobBackendId && j.run.backendId === runBackendId) return j
    return undefined
  }
}
