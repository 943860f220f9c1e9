/** Repositories, the org, the authenticated user and `/rate_limit`. */
import type { FakeResponse } from '../../common/index.js'
import type { RestHandler } from '../rest.js'
import { page } from './paging.js'
import { fullRepoJson, organizationFull, privateUser, repoJson } from './repo-json.js'

export function registerRepoRoutes(handlers: Map<string, RestHandler>): void {
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
  handlers.set('rate-limit/get', (ctx) => {
    const h = ctx.rateLimit()
    const core = { limit: Number(h['x-ratelimit-limit']), remaining: Number(h['x-ratelimit-remaining']), reset: Number(h['x-ratelimit-reset']), used: Number(h['x-ratelimit-used']) }
    // Only `core` is counted by the fake; the other buckets GitHub reports are shown full.
    const minute = Math.ceil(ctx.store.clock.now() / 1000) + 60
    const full = (limit: number, reset = core.reset) => ({ limit, remaining: limit, reset, used: 0 })
    return { status: 200, body: { resources: { core, search: full(30, minute), graphql: full(5000), code_search: full(10, minute) }, rate: core } }
  })
}
