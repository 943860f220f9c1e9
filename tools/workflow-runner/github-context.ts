/**
 * The `github` and `runner` contexts and the process environment a runner gives every step, built from the runner
 * environment base (for example the GitHub fake's `runnerEnv(...)`), the event and the workspace.
 */
import type { ResolvedEvent } from './event-payload.js'

/** Variables taken from the host so that child processes work (never NODE_OPTIONS or the caller's secrets). */
const HOST_VARIABLES = ['PATH', 'HOME', 'USER', 'LANG', 'LC_ALL', 'TMPDIR', 'TERM', 'SHELL']

export interface RunIdentity {
  repository: string
  ref: string
  sha: string
  actor: string
}

export function identityFrom(base: Record<string, string>): RunIdentity {
  return {
    repository: base.GITHUB_REPOSITORY || 'local/workflow-runner',
    ref: base.GITHUB_REF || 'refs/heads/main',
    sha: base.GITHUB_SHA || '0000000000000000000000000000000000000000',
    actor: base.GITHUB_ACTOR || 'local-runner'
  }
}

export interface JobEnvironment {
  /** The process environment every step starts from (host basics, runner base, GITHUB_* for this run and job). */
  processEnv: Record<string, string>
  github: Record<string, unknown>
  runner: Record<string, unknown>
}

export function jobEnvironment(opts: {
  base: Record<string, string>
  event: ResolvedEvent
  eventPath: string
  workspace: string
  tempDir: string
  jobId: string
  workflowFile: string
  token: string
}): JobEnvironment {
  const { base, event } = opts
  const id = identityFrom(base)
  const host: Record<string, string> = {}
  for (const k of HOST_VARIABLES) if (process.env[k] !== undefined) host[k] = process.env[k]!
  const ref = typeof event.payload.ref === 'string' ? event.payload.ref : id.ref
  const sha = event.name === 'push' && typeof event.payload.after === 'string' ? event.payload.after : id.sha
  const processEnv: Record<string, string> = {
    ...host,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: id.repository,
    GITHUB_REPOSITORY_OWNER: id.repository.split('/')[0],
    GITHUB_ACTOR: id.actor,
    GITHUB_RUN_ID: '1',
    GITHUB_RUN_NUMBER: '1',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKFLOW: opts.workflowFile,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'local-workflow-runner',
    ...base,
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: opts.eventPath,
    GITHUB_REF: ref,
    GITHUB_REF_NAME: ref.replace(/^refs\/(heads|tags)\//, ''),
    GITHUB_REF_TYPE: ref.startsWith('refs/tags/') ? 'tag' : 'branch',
    GITHUB_SHA: sha,
    GITHUB_JOB: opts.jobId,
    GITHUB_WORKSPACE: opts.workspace,
    RUNNER_TEMP: base.RUNNER_TEMP || opts.tempDir
  }
  // On GitHub, GITHUB_TOKEN reaches a step only through `secrets.GITHUB_TOKEN` / `github.token`, and INPUT_* only
  // through `with:`; a runner env base may carry both (the GitHub fake's runnerEnv can), so they are removed here.
  delete processEnv.GITHUB_TOKEN
  for (const k of Object.keys(processEnv)) if (k.startsWith('INPUT_')) delete processEnv[k]
  const e = processEnv
  const github: Record<string, unknown> = {
    event_name: event.name,
    event: event.payload,
    event_path: opts.eventPath,
    token: opts.token,
    repository: e.GITHUB_REPOSITORY,
    repository_owner: e.GITHUB_REPOSITORY_OWNER,
    repository_id: e.GITHUB_REPOSITORY_ID ?? '',
    ref: e.GITHUB_REF,
    ref_name: e.GITHUB_REF_NAME,
    ref_type: e.GITHUB_REF_TYPE,
    sha: e.GITHUB_SHA,
    actor: e.GITHUB_ACTOR,
    triggering_actor: e.GITHUB_TRIGGERING_ACTOR ?? e.GITHUB_ACTOR,
    run_id: e.GITHUB_RUN_ID,
    run_number: e.GITHUB_RUN_NUMBER,
    run_attempt: e.GITHUB_RUN_ATTEMPT,
    workflow: e.GITHUB_WORKFLOW,
    workflow_ref: e.GITHUB_WORKFLOW_REF ?? '',
    job: opts.jobId,
    server_url: e.GITHUB_SERVER_URL ?? 'https://github.com',
    api_url: e.GITHUB_API_URL ?? 'https://api.github.com',
    graphql_url: e.GITHUB_GRAPHQL_URL ?? 'https://api.github.com/graphql',
    workspace: opts.workspace,
    retention_days: e.GITHUB_RETENTION_DAYS ?? '90',
    action: '',
    action_path: '',
    action_repository: '',
    action_ref: ''
  }
  const runner = {
    os: e.RUNNER_OS,
    arch: e.RUNNER_ARCH,
    name: e.RUNNER_NAME,
    temp: e.RUNNER_TEMP,
    tool_cache: e.RUNNER_TOOL_CACHE ?? '',
    environment: e.RUNNER_ENVIRONMENT ?? 'self-hosted',
    debug: e.RUNNER_DEBUG ?? ''
  }
  return { processEnv, github, runner }
}
