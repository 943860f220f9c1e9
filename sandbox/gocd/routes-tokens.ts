/**
 * Access tokens v1 for the current user and for admins. Every route refuses bearer-token authentication
 * (`verifyRequestIsNotUsingAccessToken`) and needs security enabled; none runs `verifyContentType`.
 */
import type { Router } from '../common/index.js'
import { ApiError, apiRoute, json, type ApiContext, type ApiEnv } from './api.js'
import type { StoredToken } from './tokens.js'

const DOC = 'https://api.gocd.org/current/#access-tokens'
const FILTERS = ['all', 'revoked', 'active']

function tokenJson(ctx: ApiContext, base: string, t: StoredToken, admin: boolean) {
  return {
    _links: {
      self: { href: `${ctx.base}/go/api${base}/${t.id}` },
      doc: { href: DOC },
      find: { href: `${ctx.base}/go/api${base}/:id` }
    },
    id: t.id,
    description: t.description,
    username: t.username,
    revoked: t.revoked,
    revoke_cause: t.revokeCause,
    revoked_by: t.revokedBy,
    revoked_at: t.revokedAt,
    created_at: t.createdAt,
    last_used_at: t.lastUsedAt,
    ...(admin ? { revoked_because_user_deleted: t.revokedBecauseUserDeleted } : {})
  }
}

export function registerTokenRoutes(env: ApiEnv, router: Router): void {
  const { state, tokens } = env

  const precheck = (ctx: ApiContext) => {
    if (ctx.principal.viaToken) throw new ApiError(403, 'Unsupported operation: Accessing this API using access token is forbidden.')
    if (!env.securityEnabled()) throw new ApiError(422, 'Security must be enabled for this feature to work!')
  }
  const find = (ctx: ApiContext, ownOnly: boolean) => {
    const raw = ctx.params.id
    const token = /^\d+$/.test(raw) ? tokens.find(Number(raw)) : undefined
    if (!token || (ownOnly && token.username !== ctx.principal.login)) throw new ApiError(404, `Access token with id '${raw}' was not found!`)
    return token
  }
  const list = (ctx: ApiContext, base: string, admin: boolean) => {
    const filter = ctx.req.query.get('filter')
    const value = filter === null || filter.trim() === '' ? 'active' : filter.toLowerCase()
    if (!FILTERS.includes(value)) {
      throw new ApiError(400, `Value \`${filter}\` is not allowed for query parameter named \`filter\`. Valid values are ${FILTERS.join(', ')}.`)
    }
    const selected = tokens.tokens.filter(
      (t) => (admin || t.username === ctx.principal.login) && (value === 'all' || (value === 'revoked') === t.revoked)
    )
    return json(
      200,
      {
        _links: { self: { href: `${ctx.base}/go/api${base}` }, doc: { href: DOC } },
        _embedded: { access_tokens: selected.map((t) => tokenJson(ctx, base, t, admin)) }
      },
      ctx.version
    )
  }
  const revoke = async (ctx: ApiContext, base: string, admin: boolean) => {
    const token = find(ctx, !admin)
    const body = (await ctx.json<{ revoke_cause?: unknown }>()) ?? {}
    if (token.revoked) throw new ApiError(409, 'Access token has already been revoked!')
    tokens.revoke(token, ctx.principal.login, typeof body.revoke_cause === 'string' ? body.revoke_cause : null, state.clock.now())
    state.sync()
    return json(200, tokenJson(ctx, base, token, admin), ctx.version)
  }

  const mine = '/current_user/access_tokens'
  const all = '/admin/access_tokens'
  const v1 = { versions: [1] }
  const admin = { versions: [1], auth: 'admin' as const }

  apiRoute(env, router, 'GET', mine, v1, (ctx) => {
    precheck(ctx)
    return list(ctx, mine, false)
  })
  apiRoute(env, router, 'POST', mine, v1, async (ctx) => {
    precheck(ctx)
    const body = (await ctx.json<{ description?: unknown }>()) ?? {}
    const description = typeof body.description === 'string' ? body.description : ''
    if (description.trim() === '') {
      // The unsaved token is rendered with its validation errors (no id, no self link).
      return json(
        422,
        {
          _links: { doc: { href: DOC }, find: { href: `${ctx.base}/go/api${mine}/:id` } },
          description,
          username: ctx.principal.login,
          revoked: false,
          revoke_cause: null,
          revoked_by: null,
          revoked_at: null,
          created_at: null,
          last_used_at: null,
          errors: { description: ['must not be blank'] }
        },
        ctx.version
      )
    }
    const created = tokens.create(ctx.principal.login, description, state.clock.now())
    state.ledgerRecord('token', String(created.token.id), { username: created.token.username })
    return json(200, { ...tokenJson(ctx, mine, created.token, false), token: created.value }, ctx.version)
  })
  apiRoute(env, router, 'GET', `${mine}/:id`, v1, (ctx) => {
    precheck(ctx)
    return json(200, tokenJson(ctx, mine, find(ctx, true), false), ctx.version)
  })
  apiRoute(env, router, 'POST', `${mine}/:id/revoke`, v1, (ctx) => {
    precheck(ctx)
    return revoke(ctx, mine, false)
  })

  apiRoute(env, router, 'GET', all, admin, (ctx) => {
    precheck(ctx)
    return list(ctx, all, true)
  })
  apiRoute(env, router, 'GET', `${all}/:id`, admin, (ctx) => {
    precheck(ctx)
    return json(200, tokenJson(ctx, all, find(ctx, false), true), ctx.version)
  })
  apiRoute(env, router, 'POST', `${all}/:id/revoke`, admin, (ctx) => {
    precheck(ctx)
    return revoke(ctx, all, true)
  })
}
