/**
 * The environment a GitHub-hosted runner gives a node action, pointing at the fake: the shared runner environment
 * (tools/workflow-runner/runner-env.ts: directories, file commands, inputs) plus the GITHUB_* context variables and
 * the ACTIONS_* runtime endpoints (results service, OIDC) of one job the fake knows.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runnerEnv, type RunnerEnv as BaseRunnerEnv } from '../../tools/workflow-runner/runner-env.js'
import type { Job } from './runtime/jobs.js'

export interface RunnerEnvOptions {
  /** Action inputs; become `INPUT_<NAME>` (upper case, spaces to `_`, hyphens kept). */
  inputs?: Record<string, string>
  /** Job environment (`environment:`): changes the OIDC `sub` to `repo:o/r:environment:<name>`. */
  environment?: string
  /** Repository as `owner/name` (default the fake's main repo). */
  repository?: string
  /** Reuse a run (e.g. a second job of the same run); default a new run. */
  runId?: number
  event?: string
  ref?: string
  sha?: string
  actor?: string
  jobName?: string
  /** Base directory for workspace, temp and file commands (default a fresh temp dir). */
  dir?: string
  /** Put `GITHUB_TOKEN` in the env as `INPUT_GITHUB-TOKEN`-style inputs do not: set to add it explicitly. */
  includeGithubToken?: boolean
  /** The event payload written to GITHUB_EVENT_PATH. */
  eventPayload?: Record<string, unknown>
}

export interface RunnerEnvContext {
  job: Job
  apiUrl: string
  serverUrl: string
  graphqlUrl: string
  resultsUrl: string
  idTokenRequestUrl: string
  workflowToken: string
  /** Numeric id of the repository owner (user or org). */
  ownerId: number
}

export interface RunnerEnv extends BaseRunnerEnv {
  /** The event payload file (GITHUB_EVENT_PATH). */
  eventPath: string
  job: Job
}

export function buildRunnerEnv(opts: RunnerEnvOptions, c: RunnerEnvContext): RunnerEnv {
  const run = c.job.run
  const repo = run.repo
  const full = `${repo.owner}/${repo.name}`
  const base = runnerEnv({ dir: opts.dir, repositoryName: repo.name, inputs: opts.inputs })
  const eventPath = join(base.dir, 'workflow', 'event.json')
  mkdirSync(join(base.dir, 'workflow'), { recursive: true })
  const payload = opts.eventPayload ?? {
    ref: run.ref,
    after: run.sha,
    repository: { id: repo.id, name: repo.name, full_name: full, owner: { login: repo.owner }, default_branch: repo.default_branch },
    sender: { login: run.actor },
    ...(run.inputs ? { inputs: run.inputs } : {})
  }
  writeFileSync(eventPath, JSON.stringify(payload, null, 2))
  const refName = run.ref.replace(/^refs\/(heads|tags)\//, '')
  const context: Record<string, string> = {
    GITHUB_ACTION: '__run',
    GITHUB_ACTION_REPOSITORY: '',
    GITHUB_ACTION_REF: '',
    GITHUB_ACTOR: run.actor,
    GITHUB_ACTOR_ID: '583231',
    GITHUB_TRIGGERING_ACTOR: run.actor,
    GITHUB_API_URL: c.apiUrl,
    GITHUB_GRAPHQL_URL: c.graphqlUrl,
    GITHUB_SERVER_URL: c.serverUrl,
    GITHUB_REPOSITORY: full,
    GITHUB_REPOSITORY_ID: String(repo.id),
    GITHUB_REPOSITORY_OWNER: repo.owner,
    GITHUB_REPOSITORY_OWNER_ID: String(c.ownerId),
    GITHUB_EVENT_NAME: run.event,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_JOB: c.job.name,
    GITHUB_REF: run.ref,
    GITHUB_REF_NAME: refName,
    GITHUB_REF_TYPE: run.ref.startsWith('refs/tags/') ? 'tag' : 'branch',
    GITHUB_REF_PROTECTED: 'false',
    GITHUB_SHA: run.sha,
    GITHUB_RUN_ID: String(run.id),
    GITHUB_RUN_NUMBER: String(run.runNumber),
    GITHUB_RUN_ATTEMPT: String(run.attempt),
    GITHUB_RETENTION_DAYS: '90',
    GITHUB_WORKFLOW: run.workflow.split('/').pop() ?? run.workflow,
    GITHUB_WORKFLOW_REF: `${full}/${run.workflow}@${run.ref}`,
    GITHUB_WORKFLOW_SHA: run.sha,
    RUNNER_NAME: 'GitHub Actions 2',
    RUNNER_ENVIRONMENT: 'github-hosted',
    ACTIONS_RUNTIME_URL: `${c.resultsUrl}/`,
    ACTIONS_RESULTS_URL: `${c.resultsUrl}/`,
    ACTIONS_RUNTIME_TOKEN: c.job.runtimeToken ?? '',
    ACTIONS_ID_TOKEN_REQUEST_URL: c.idTokenRequestUrl,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: c.job.idTokenRequestToken,
    ACTIONS_CACHE_URL: `${c.resultsUrl}/`
  }
  Object.assign(base.env, context)
  if (opts.includeGithubToken) base.env.GITHUB_TOKEN = c.workflowToken
  return Object.assign(base, { eventPath, job: c.job })
}
