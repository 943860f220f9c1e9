/**
 * The environment a GitHub-hosted runner gives a node action, pointing at the fake: GITHUB_* context variables,
 * RUNNER_* directories, ACTIONS_* runtime endpoints (results service, OIDC), and file-command files
 * (GITHUB_OUTPUT, GITHUB_ENV, GITHUB_PATH, GITHUB_STATE, GITHUB_STEP_SUMMARY) created in a temp dir.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
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

export interface RunnerEnv {
  env: Record<string, string>
  dir: string
  files: { output: string; env: string; path: string; state: string; stepSummary: string; event: string }
  job: Job
}

export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

export function buildRunnerEnv(opts: RunnerEnvOptions, c: RunnerEnvContext): RunnerEnv {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'gh-runner-'))
  const run = c.job.run
  const repo = run.repo
  const full = `${repo.owner}/${repo.name}`
  const workspace = join(dir, 'work', repo.name, repo.name)
  const temp = join(dir, 'temp')
  const toolCache = join(dir, 'tool-cache')
  const commands = join(temp, '_runner_file_commands')
  for (const d of [workspace, temp, toolCache, commands]) mkdirSync(d, { recursive: true })
  const step = `${Date.now().toString(16)}`
  const files = {
    output: join(commands, `set_output_${step}`),
    env: join(commands, `set_env_${step}`),
    path: join(commands, `add_path_${step}`),
    state: join(commands, `save_state_${step}`),
    stepSummary: join(commands, `step_summary_${step}`),
    event: join(dir, 'workflow', 'event.json')
  }
  mkdirSync(join(dir, 'workflow'), { recursive: true })
  for (const f of [files.output, files.env, files.path, files.state, files.stepSummary]) writeFileSync(f, '')
  const payload = opts.eventPayload ?? {
    ref: run.ref,
    after: run.sha,
    repository: { id: repo.id, name: repo.name, full_name: full, owner: { login: repo.owner }, default_branch: repo.default_branch },
    sender: { login: run.actor },
    ...(run.inputs ? { inputs: run.inputs } : {})
  }
  writeFileSync(files.event, JSON.stringify(payload, null, 2))
  const refName = run.ref.replace(/^refs\/(heads|tags)\//, '')
  const env: Record<string, string> = {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
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
    GITHUB_EVENT_PATH: files.event,
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
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: files.output,
    GITHUB_ENV: files.env,
    GITHUB_PATH: files.path,
    GITHUB_STATE: files.state,
    GITHUB_STEP_SUMMARY: files.stepSummary,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'GitHub Actions 2',
    RUNNER_ENVIRONMENT: 'github-hosted',
    RUNNER_TEMP: temp,
    RUNNER_TOOL_CACHE: toolCache,
    RUNNER_WORKSPACE: join(dir, 'work', repo.name),
    RUNNER_DEBUG: '',
    ACTIONS_RUNTIME_URL: `${c.resultsUrl}/`,
    ACTIONS_RESULTS_URL: `${c.resultsUrl}/`,
    ACTIONS_RUNTIME_TOKEN: c.job.runtimeToken ?? '',
    ACTIONS_ID_TOKEN_REQUEST_URL: c.idTokenRequestUrl,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: c.job.idTokenRequestToken,
    ACTIONS_CACHE_URL: `${c.resultsUrl}/`
  }
  if (!env.RUNNER_DEBUG) delete env.RUNNER_DEBUG
  if (opts.includeGithubToken) env.GITHUB_TOKEN = c.workflowToken
  for (const [name, value] of Object.entries(opts.inputs ?? {})) env[inputEnvName(name)] = value
  return { env, dir, files, job: c.job }
}
