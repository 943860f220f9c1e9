/** Repositories, the org, environments, the authenticated user and `/rate_limit`. */
import type { FakeResponse } from '../../common/index.js'
import { notFound } from '../errors.js'
import type { RestContext, RestHandler } from '../rest.js'
import type { Environment, Repo } from '../store.js'
import { denyWorkflowToken } from '../tokens.js'
import { page } from './paging.js'
import { fullRepoJson, organizationFull, privateUser, repoJson } from './repo-json.js'
import { environment } from './secrets.js'

function envJson(ctx: RestContext, repo: Repo, env: Environment, serverUrl: string) {
  return {
    id: env.id,
    node_id: Buffer.from(`EN_${env.id}`).toString('base64'),
    name: env.name,
    url: `${ctx.apiBase}/repos/${repo.owner}/${repo.name}/environments/${encodeURIComponent(env.name)}`,
    html_url: `${serverUrl}/${repo.owner}/${repo.name}/deployments/activity_log?environments_filter=${encodeURIComponent(env.name)}`,
    created_at: env.created_at,
    updated_at: env.updated_at,
    protection_rules: [],
    deployment_branch_policy: null
  }
}

export function registerRepoRoutes(handlers: Map<string, RestHandler>, deps: { serverUrl: () => string }): void {
  handlers.set('repos/get', (ctx) => ({ status: 200, body: fullRepoJson(ctx.store, ctx.repo(), ctx.urls) }))
  handlers.set('orgs/get', (ctx) => ({ status: 200, body: organizationFull(ctx.store, ctx.org(), ctx.urls) }))
  handlers.set('repos/list-for-org', (ctx) => {
    const org = ctx.org()
    const all = ctx.store.reposOfOwner(org.login).filter((r) => ctx.token.kind === 'pat' || r === ctx.token.repo)
    const { slice, headers } = page(all, ctx.query, 30, 100, `${ctx.apiBase}/orgs/${org.login}/repos`)
    return { status: 200, headers, body: slice.map((r) => repoJson(ctx.store, r, ctx.urls)) }
  })
  handlers.set('users/get-authenticated', (ctx): FakeResponse => {
    if (ctx.token.kind === 'workflow') return { status: 403, body: { message: 'Resource not accessible by integration', documentation_url: ctx.docs, status: '403' } }
    return { status: 200, body: privateUser(ctx.token.login, ctx.token.userId, ctx.store.created_at, ctx.urls) }
  })
  handlers.set('repos/get-all-environments', (ctx) => {
    const repo = ctx.repo()
    const all = [...repo.environments.values()]
    const { slice, headers } = page(all, ctx.query, 30, 100, `${ctx.apiBase}/repos/${repo.owner}/${repo.name}/environments`)
    return { status: 200, headers, body: { total_count: all.length, environments: slice.map((e) => envJson(ctx, repo, e, deps.serverUrl())) } }
  })
  handlers.set('repos/get-environment', (ctx) => {
    const repo = ctx.repo()
    return { status: 200, body: envJson(ctx, repo, environment(ctx, repo), deps.serverUrl()) }
  })
  handlers.set('repos/create-or-update-environment', (ctx) => {
    const denied = denyWorkflowToken(ctx.token, ctx.docs)
    if (denied) return denied
    const repo = ctx.repo()
    const env = ctx.store.addEnvironment(repo, ctx.params.environment_name)
    env.updated_at = ctx.store.now()
    return { status: 200, body: envJson(ctx, repo, env, deps.serverUrl()) }
  })
  handlers.set('repos/delete-an-environment', (ctx) => {
    const denied = denyWorkflowToken(ctx.token, ctx.docs)
    if (denied) return denied
    const repo = ctx.repo()
    if (!repo.environments.delete(ctx.params.environment_name.toLowerCase())) return notFound(ctx.docs)
    return { status: 204 }
  })
  handlers.set('rate-limit/get', (ctx) => {
    const h = ctx.rateLimit()
    const core = { limit: Number(h['x-ratelimit-limit']), remaining: Number(h['x-ratelimit-remaining']), reset: Number(h['x-ratelimit-reset']), used: Number(h['x-ratelimit-used']) }
    return { status: 200, body: { resources: { core }, rate: core } }
  })
}
