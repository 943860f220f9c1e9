/**
 * Workflows, workflow runs and `POST .../workflows/{workflow_id}/dispatches` with GitHub's input rules: at most 25
 * inputs (10 on GHES; enforced by the OpenAPI schema), at most 65,535 characters of inputs, only declared inputs,
 * required inputs present, choice values from the options, `ref` naming a branch or tag.
 */
import type { Ledger } from '../../common/index.js'
import { ghError, notFound } from '../errors.js'
import type { RestContext, RestHandler } from '../rest.js'
import { progress, type JobRegistry, type Run } from '../runtime/jobs.js'
import type { Repo, Workflow } from '../store.js'
import { page } from './paging.js'
import { accountJson, repoJson } from './repo-json.js'

export const MAX_INPUTS_CHARS = 65_535

function workflowJson(ctx: RestContext, repo: Repo, wf: Workflow, serverUrl: string) {
  return {
    id: wf.id,
    node_id: Buffer.from(`W_${wf.id}`).toString('base64'),
    name: wf.name,
    path: wf.path,
    state: wf.state,
    created_at: wf.created_at,
    updated_at: wf.created_at,
    url: `${ctx.apiBase}/repos/${repo.owner}/${repo.name}/actions/workflows/${wf.id}`,
    html_url: `${serverUrl}/${repo.owner}/${repo.name}/blob/${repo.default_branch}/${wf.path}`,
    badge_url: `${serverUrl}/${repo.owner}/${repo.name}/workflows/${encodeURIComponent(wf.name)}/badge.svg`
  }
}

export function runJson(ctx: RestContext, run: Run, serverUrl: string) {
  const repo = run.repo
  const minimal = repoJson(ctx.store, repo, ctx.urls)
  const url = `${ctx.apiBase}/repos/${repo.owner}/${repo.name}/actions/runs/${run.id}`
  const actor = accountJson(ctx.store, run.actor, ctx.urls)
  return {
    id: run.id,
    name: run.workflow.split('/').pop()?.replace(/\.ya?ml$/, ''),
    node_id: Buffer.from(`WFR_${run.id}`).toString('base64'),
    head_branch: run.ref.replace(/^refs\/(heads|tags)\//, ''),
    head_sha: run.sha,
    path: run.workflow,
    display_title: run.workflow.split('/').pop(),
    run_number: run.runNumber,
    run_attempt: run.attempt,
    event: run.event,
    status: run.status,
    conclusion: run.conclusion,
    workflow_id: run.workflowId,
    check_suite_id: run.id + 1,
    check_suite_node_id: Buffer.from(`CS_${run.id + 1}`).toString('base64'),
    url,
    html_url: `${serverUrl}/${repo.owner}/${repo.name}/actions/runs/${run.id}`,
    pull_requests: [],
    created_at: run.created_at,
    updated_at: run.created_at,
    run_started_at: run.created_at,
    actor,
    triggering_actor: actor,
    jobs_url: `${url}/jobs`,
    logs_url: `${url}/logs`,
    check_suite_url: `${ctx.apiBase}/repos/${repo.owner}/${repo.name}/check-suites/${run.id + 1}`,
    artifacts_url: `${url}/artifacts`,
    cancel_url: `${url}/cancel`,
    rerun_url: `${url}/rerun`,
    previous_attempt_url: null,
    workflow_url: `${ctx.apiBase}/repos/${repo.owner}/${repo.name}/actions/workflows/${run.workflowId}`,
    head_commit: { id: run.sha, tree_id: run.sha, message: 'fake commit', timestamp: run.created_at, author: { name: run.actor, email: `${run.actor}@users.noreply.github.com` }, committer: { name: 'GitHub', email: 'noreply@github.com' } },
    repository: minimal,
    head_repository: minimal
  }
}

function findWorkflow(repo: Repo, id: string): Workflow | undefined {
  return repo.workflows.find((w) => String(w.id) === id || w.path.split('/').pop() === id)
}

/** GitHub's checks of dispatch inputs against the workflow's declarations; the first problem or undefined. */
export function dispatchProblem(wf: Workflow, inputs: Record<string, unknown>): string | undefined {
  const declared = wf.dispatchInputs ?? {}
  if (JSON.stringify(inputs).length > MAX_INPUTS_CHARS) return `inputs are too large. The maximum payload for inputs is ${MAX_INPUTS_CHARS} characters.`
  const unexpected = Object.keys(inputs).filter((k) => !(k in declared))
  if (unexpected.length) return `Unexpected inputs provided: ${JSON.stringify(unexpected)}`
  for (const [name, decl] of Object.entries(declared)) {
    const value = inputs[name]
    if (decl.required && (value === undefined || value === '') && decl.default === undefined) return `Required input '${name}' not provided`
    if (value === undefined) continue
    if (decl.type === 'choice' && !decl.options?.includes(String(value)))
      return `Provided value '${String(value)}' for input '${name}' not in the list of allowed values`
    if (decl.type === 'boolean' && !['true', 'false'].includes(String(value)))
      return `Provided value '${String(value)}' for input '${name}' not in the list of allowed values`
  }
  return undefined
}

export interface RunTiming {
  /** Time a dispatched run stays queued. */
  queuedMs: number
  /** Time it then runs before completing. */
  runMs: number
  conclusion?: string
}

export function registerRunRoutes(
  handlers: Map<string, RestHandler>,
  deps: { jobs: JobRegistry; ledger: Ledger; serverUrl: () => string; now: () => number; dispatchTiming?: RunTiming }
): void {
  const runsOf = (repo: Repo) =>
    [...deps.jobs.runs.values()].filter((r) => r.repo === repo).map((r) => progress(r, deps.now())).sort((a, b) => b.id - a.id)
  const wf = (ctx: RestContext, repo: Repo) => findWorkflow(repo, ctx.params.workflow_id)

  handlers.set('actions/list-repo-workflows', (ctx) => {
    const repo = ctx.repo()
    const { slice, headers } = page(repo.workflows, ctx.query, 30, 100, `${ctx.apiBase}/repos/${repo.owner}/${repo.name}/actions/workflows`)
    return { status: 200, headers, body: { total_count: repo.workflows.length, workflows: slice.map((w) => workflowJson(ctx, repo, w, deps.serverUrl())) } }
  })
  handlers.set('actions/get-workflow', (ctx) => {
    const repo = ctx.repo()
    const w = wf(ctx, repo)
    return w ? { status: 200, body: workflowJson(ctx, repo, w, deps.serverUrl()) } : notFound(ctx.docs)
  })
  const listRuns = (ctx: RestContext, filter: (r: Run) => boolean) => {
    const repo = ctx.repo()
    const status = ctx.query.get('status')
    const event = ctx.query.get('event')
    const all = runsOf(repo).filter(filter).filter((r) => (!status || r.status === status || r.conclusion === status) && (!event || r.event === event))
    const { slice, headers } = page(all, ctx.query, 30, 100, ctx.selfUrl)
    return { status: 200, headers, body: { total_count: all.length, workflow_runs: slice.map((r) => runJson(ctx, r, deps.serverUrl())) } }
  }
  handlers.set('actions/list-workflow-runs-for-repo', (ctx) => listRuns(ctx, () => true))
  handlers.set('actions/list-workflow-runs', (ctx) => {
    const w = wf(ctx, ctx.repo())
    if (!w) return notFound(ctx.docs)
    return listRuns(ctx, (r) => r.workflowId === w.id)
  })
  handlers.set('actions/get-workflow-run', (ctx) => {
    const repo = ctx.repo()
    const run = deps.jobs.runs.get(Number(ctx.params.run_id))
    return run && run.repo === repo ? { status: 200, body: runJson(ctx, progress(run, deps.now()), deps.serverUrl()) } : notFound(ctx.docs)
  })
  handlers.set('actions/create-workflow-dispatch', (ctx) => {
    const repo = ctx.repo()
    const w = wf(ctx, repo)
    if (!w) return notFound(ctx.docs)
    const body = ctx.body as { ref: string; inputs?: Record<string, unknown>; return_run_details?: boolean }
    if (!w.dispatchInputs) return ghError(422, "Workflow does not have 'workflow_dispatch' trigger", ctx.docs)
    const ref = repo.git.fullRef(body.ref)
    if (!ref) return ghError(422, `No ref found for: ${body.ref}`, ctx.docs)
    const problem = dispatchProblem(w, body.inputs ?? {})
    if (problem) return ghError(422, problem, ctx.docs)
    const inputs: Record<string, unknown> = {}
    for (const [name, decl] of Object.entries(w.dispatchInputs)) if (decl.default !== undefined) inputs[name] = decl.default
    Object.assign(inputs, body.inputs ?? {})
    const run = deps.jobs.newRun(repo, { workflow: w.path, workflowId: w.id, event: 'workflow_dispatch', ref, sha: repo.git.resolve(ref), actor: ctx.token.login, at: ctx.store.now(), inputs })
    run.status = 'queued'
    const t = deps.dispatchTiming
    if (t) run.timing = { startsAt: deps.now() + t.queuedMs, endsAt: deps.now() + t.queuedMs + t.runMs, conclusion: t.conclusion ?? 'success' }
    deps.ledger.record('workflow-dispatch', String(run.id), { workflow: w.path, ref, inputs })
    const details = body.return_run_details === true || ctx.req.headers['x-github-api-version'] === '2026-03-10'
    if (!details) return { status: 204 }
    return {
      status: 200,
      body: {
        workflow_run_id: run.id,
        run_url: `${ctx.apiBase}/repos/${repo.owner}/${repo.name}/actions/runs/${run.id}`,
        html_url: `${deps.serverUrl()}/${repo.owner}/${repo.name}/actions/runs/${run.id}`
      }
    }
  })
}
