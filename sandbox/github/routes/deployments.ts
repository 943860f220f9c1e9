/**
 * The Deployments API with GitHub's rules (the OpenAPI description's operation texts, github/docs, and observed
 * answers where cited):
 * - create: `ref` a branch, tag or SHA (else 422 "No ref found for: x"); `auto_merge` (default true) merges the
 *   default branch into a branch that is behind it (202 "Auto-merged main into topic on deployment.", nothing created)
 *   and refuses a tag or SHA that is behind (409 "Conflict merging main into x."); `required_contexts` (default: every
 *   context with a status on the commit) must all be `success`, else 409 "Conflict: Commit status checks failed for
 *   <ref>." with the contexts in `errors[]` (seen in drevops/vortex#1903); `environment` defaults to `production`,
 *   `production_environment` to `environment == production`; a new environment name creates the environment.
 * - statuses: `log_url` and `target_url` mirror each other, `environment` moves the deployment, and a `success` status
 *   with `auto_inactive` (default true) adds an `inactive` status to earlier non-transient, non-production deployments
 *   of the SAME environment whose latest state is `success` (the description's `auto_inactive` text; github/docs#2429).
 * - delete: only the one deployment of its environment, or a deployment that is no longer active.
 * - A workflow token needs `deployments: write` to create (403 "Resource not accessible by integration" with
 *   `x-accepted-github-permissions: deployments=write`), `deployments: read` to list.
 * - The deployment GitHub itself creates when a job declares `environment:` (`createJobDeployment`).
 */
import type { Ledger } from '../../common/index.js'
import { ghError, notFound, validationFailed } from '../errors.js'
import type { Job } from '../runtime/jobs.js'
import { Answer, type RestContext, type RestHandler } from '../rest.js'
import type { Deployment, DeploymentState, DeploymentStatus, GitHubStore, Repo } from '../store.js'
import { page } from './paging.js'
import { accountJson, actionsApp, type Urls } from './repo-json.js'

const base64 = (s: string) => Buffer.from(s).toString('base64')
const sameEnv = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()
const latest = (d: Deployment): DeploymentStatus | undefined => d.statuses.at(-1)

export function deploymentJson(store: GitHubStore, repo: Repo, d: Deployment, u: Urls) {
  const url = `${u.apiBase}/repos/${repo.owner}/${repo.name}/deployments/${d.id}`
  return {
    url,
    id: d.id,
    node_id: base64(`010:Deployment${d.id}`),
    sha: d.sha,
    ref: d.ref,
    task: d.task,
    payload: d.payload,
    original_environment: d.original_environment,
    environment: d.environment,
    description: d.description,
    creator: accountJson(store, d.creator, u),
    created_at: d.created_at,
    updated_at: d.updated_at,
    statuses_url: `${url}/statuses`,
    repository_url: `${u.apiBase}/repos/${repo.owner}/${repo.name}`,
    transient_environment: d.transient_environment,
    production_environment: d.production_environment,
    performed_via_github_app: d.viaActions ? actionsApp(u) : null
  }
}

function statusJson(store: GitHubStore, repo: Repo, d: Deployment, s: DeploymentStatus, u: Urls) {
  const deploymentUrl = `${u.apiBase}/repos/${repo.owner}/${repo.name}/deployments/${d.id}`
  return {
    url: `${deploymentUrl}/statuses/${s.id}`,
    id: s.id,
    node_id: base64(`016:DeploymentStatus${s.id}`),
    state: s.state,
    creator: accountJson(store, s.creator, u),
    description: s.description,
    environment: s.environment,
    target_url: s.target_url,
    created_at: s.created_at,
    updated_at: s.updated_at,
    deployment_url: deploymentUrl,
    repository_url: `${u.apiBase}/repos/${repo.owner}/${repo.name}`,
    environment_url: s.environment_url,
    log_url: s.log_url,
    performed_via_github_app: s.viaActions ? actionsApp(u) : null
  }
}

export interface NewStatus {
  state: DeploymentState
  creator: string
  viaActions: boolean
  description?: string
  environment?: string
  log_url?: string
  environment_url?: string
  auto_inactive?: boolean
}

/** Adds a status (and the `inactive` ones `auto_inactive` implies); returns the new status. */
export function addDeploymentStatus(store: GitHubStore, repo: Repo, d: Deployment, s: NewStatus, ledger?: Ledger): DeploymentStatus {
  const now = store.now()
  if (s.environment !== undefined && s.environment !== d.environment) {
    d.environment = s.environment
    store.addEnvironment(repo, s.environment)
  }
  const status: DeploymentStatus = {
    id: store.id(),
    state: s.state,
    creator: s.creator,
    viaActions: s.viaActions,
    description: s.description ?? '',
    environment: d.environment,
    target_url: s.log_url ?? '',
    log_url: s.log_url ?? '',
    environment_url: s.environment_url ?? '',
    created_at: now,
    updated_at: now
  }
  d.statuses.push(status)
  d.updated_at = now
  ledger?.record('deployment-status', String(d.id), { state: s.state, environment: d.environment })
  if (s.state === 'success' && s.auto_inactive !== false) {
    for (const prior of repo.deployments) {
      if (prior.id >= d.id || !sameEnv(prior.environment, d.environment)) continue
      if (prior.transient_environment || prior.production_environment || latest(prior)?.state !== 'success') continue
      addDeploymentStatus(store, repo, prior, { state: 'inactive', creator: s.creator, viaActions: s.viaActions, environment_url: latest(prior)?.environment_url }, ledger)
    }
  }
  return status
}

export interface NewDeployment {
  sha: string
  ref: string
  task?: string
  payload?: Record<string, unknown> | string
  environment?: string
  description?: string | null
  transient_environment?: boolean
  production_environment?: boolean
  creator: string
  viaActions: boolean
  jobId?: number
}

export function createDeployment(store: GitHubStore, repo: Repo, n: NewDeployment, ledger?: Ledger): Deployment {
  const environment = n.environment ?? 'production'
  const now = store.now()
  const d: Deployment = {
    id: store.id(),
    sha: n.sha,
    ref: n.ref,
    task: n.task ?? 'deploy',
    payload: n.payload ?? {},
    original_environment: environment,
    environment,
    description: n.description ?? null,
    creator: n.creator,
    viaActions: n.viaActions,
    created_at: now,
    updated_at: now,
    transient_environment: n.transient_environment ?? false,
    production_environment: n.production_environment ?? environment === 'production',
    statuses: [],
    jobId: n.jobId
  }
  // Deploying to an environment that does not exist creates it, as on GitHub.
  store.addEnvironment(repo, environment)
  repo.deployments.push(d)
  ledger?.record('deployment', String(d.id), { environment, ref: d.ref, sha: d.sha, job: n.jobId })
  return d
}

/**
 * What GitHub does when a job that declares `environment:` starts: a deployment of the run's ref and commit, created
 * by GitHub Actions, with an `in_progress` status whose `log_url` is the job's page.
 */
export function createJobDeployment(store: GitHubStore, job: Job, serverUrl: string, ledger?: Ledger): Deployment {
  const run = job.run
  const repo = run.repo
  const d = createDeployment(store, repo, {
    sha: run.sha,
    ref: run.ref.replace(/^refs\/(heads|tags)\//, ''),
    environment: job.environment,
    creator: 'github-actions[bot]',
    viaActions: true,
    jobId: job.id
  }, ledger)
  const log = `${serverUrl}/${repo.owner}/${repo.name}/actions/runs/${run.id}/job/${job.id}`
  addDeploymentStatus(store, repo, d, { state: 'queued', creator: 'github-actions[bot]', viaActions: true, log_url: log }, ledger)
  addDeploymentStatus(store, repo, d, { state: 'in_progress', creator: 'github-actions[bot]', viaActions: true, log_url: log }, ledger)
  return d
}

function find(ctx: RestContext, repo: Repo): Deployment {
  const d = repo.deployments.find((x) => x.id === Number(ctx.params.deployment_id))
  if (!d) throw new Answer(notFound(ctx.docs))
  return d
}

interface CreateBody {
  ref: string
  task?: string
  auto_merge?: boolean
  required_contexts?: string[]
  payload?: Record<string, unknown> | string
  environment?: string
  description?: string | null
  transient_environment?: boolean
  production_environment?: boolean
}

function create(ctx: RestContext, ledger: Ledger) {
  ctx.permit('deployments', 'write')
  const repo = ctx.repo()
  const body = ctx.body as CreateBody
  const sha = repo.git.resolve(body.ref)
  if (!sha) return ghError(422, `No ref found for: ${body.ref}`, ctx.docs)
  const branch = repo.git.fullRef(body.ref)?.startsWith('refs/heads/') ? repo.git.fullRef(body.ref)!.slice('refs/heads/'.length) : undefined
  const defaultHead = repo.git.resolve(repo.default_branch)!
  if (body.auto_merge !== false && branch !== repo.default_branch && !repo.git.reachable(sha).has(defaultHead)) {
    if (!branch) return ghError(409, `Conflict merging ${repo.default_branch} into ${body.ref}.`, ctx.docs)
    repo.git.merge(branch, repo.default_branch)
    ledger.record('deployment-auto-merge', `${branch}<-${repo.default_branch}`)
    return { status: 202, body: { message: `Auto-merged ${repo.default_branch} into ${branch} on deployment.` } }
  }
  const statuses = repo.git.latestStatuses(sha)
  const required = body.required_contexts ?? statuses.map((s) => s.context)
  const failed = required.filter((c) => statuses.find((s) => s.context.toLowerCase() === c.toLowerCase())?.state !== 'success')
  if (failed.length)
    return ghError(409, `Conflict: Commit status checks failed for ${body.ref}.`, ctx.docs, {
      errors: [{ contexts: statuses.map((s) => ({ context: s.context, state: s.state })), resource: 'Deployment', field: 'required_contexts', code: 'invalid' }]
    })
  const d = createDeployment(ctx.store, repo, {
    sha,
    ref: body.ref,
    task: body.task,
    payload: body.payload,
    environment: body.environment,
    description: body.description,
    transient_environment: body.transient_environment,
    production_environment: body.production_environment,
    creator: ctx.token.login,
    viaActions: ctx.token.kind === 'workflow'
  }, ledger)
  return { status: 201, body: deploymentJson(ctx.store, repo, d, ctx.urls) }
}

export function registerDeploymentRoutes(handlers: Map<string, RestHandler>, deps: { ledger: Ledger }): void {
  handlers.set('repos/create-deployment', (ctx) => create(ctx, deps.ledger))
  handlers.set('repos/list-deployments', (ctx) => {
    ctx.permit('deployments', 'read')
    const repo = ctx.repo()
    const q = (name: string) => {
      const v = ctx.query.get(name)
      return v === null || v === 'none' ? undefined : v
    }
    const [sha, ref, task, environment] = ['sha', 'ref', 'task', 'environment'].map(q)
    const all = [...repo.deployments]
      .reverse()
      .filter((d) => (!sha || d.sha === sha) && (!ref || d.ref === ref) && (!task || d.task === task) && (!environment || sameEnv(d.environment, environment)))
    const { slice, headers } = page(all, ctx.query, 30, 100, ctx.selfUrl)
    return { status: 200, headers, body: slice.map((d) => deploymentJson(ctx.store, repo, d, ctx.urls)) }
  })
  handlers.set('repos/get-deployment', (ctx) => {
    ctx.permit('deployments', 'read')
    const repo = ctx.repo()
    return { status: 200, body: deploymentJson(ctx.store, repo, find(ctx, repo), ctx.urls) }
  })
  handlers.set('repos/delete-deployment', (ctx) => {
    ctx.permit('deployments', 'write')
    const repo = ctx.repo()
    const d = find(ctx, repo)
    const active = !['inactive', 'failure', 'error'].includes(latest(d)?.state ?? 'success')
    const alone = repo.deployments.filter((x) => sameEnv(x.environment, d.environment)).length === 1
    if (active && !alone)
      return ghError(422, 'We cannot delete an active deployment unless it is the only deployment in a given environment.', ctx.docs)
    repo.deployments.splice(repo.deployments.indexOf(d), 1)
    deps.ledger.record('deployment-delete', String(d.id))
    return { status: 204 }
  })
  handlers.set('repos/list-deployment-statuses', (ctx) => {
    ctx.permit('deployments', 'read')
    const repo = ctx.repo()
    const d = find(ctx, repo)
    const all = [...d.statuses].reverse()
    const { slice, headers } = page(all, ctx.query, 30, 100, ctx.selfUrl)
    return { status: 200, headers, body: slice.map((s) => statusJson(ctx.store, repo, d, s, ctx.urls)) }
  })
  handlers.set('repos/get-deployment-status', (ctx) => {
    ctx.permit('deployments', 'read')
    const repo = ctx.repo()
    const d = find(ctx, repo)
    const s = d.statuses.find((x) => x.id === Number(ctx.params.status_id))
    return s ? { status: 200, body: statusJson(ctx.store, repo, d, s, ctx.urls) } : notFound(ctx.docs)
  })
  handlers.set('repos/create-deployment-status', (ctx) => {
    ctx.permit('deployments', 'write')
    const repo = ctx.repo()
    const d = find(ctx, repo)
    const body = ctx.body as { state: DeploymentState; target_url?: string; log_url?: string; description?: string; environment?: string; environment_url?: string; auto_inactive?: boolean }
    if (body.description !== undefined && body.description.length > 140)
      return validationFailed(ctx.docs, 'DeploymentStatus', 'description', 'custom', 'description is too long (maximum is 140 characters)')
    const s = addDeploymentStatus(ctx.store, repo, d, {
      state: body.state,
      creator: ctx.token.login,
      viaActions: ctx.token.kind === 'workflow',
      description: body.description,
      environment: body.environment,
      log_url: body.log_url ?? body.target_url,
      environment_url: body.environment_url,
      auto_inactive: body.auto_inactive
    }, deps.ledger)
    const json = statusJson(ctx.store, repo, d, s, ctx.urls)
    return { status: 201, headers: { location: json.url }, body: json }
  })
}
