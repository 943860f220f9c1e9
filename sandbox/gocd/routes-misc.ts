/** Version v1 (no authentication), current user v1, materials v2 (fingerprints) and server health messages v1. */
import type { Router } from '../common/index.js'
import { apiRoute, json, type ApiContext, type ApiEnv } from './api.js'
import { materialAttributesJson } from './representers.js'

export const GOCD_VERSION = { version: '26.1.0', build_number: '21354', git_sha: 'f17b6f3fc9fc2ca665a5d389470771358b0ea680' }

export function registerMiscRoutes(env: ApiEnv, router: Router): void {
  apiRoute(env, router, 'GET', '/version', { versions: [1], auth: 'none' }, (ctx) =>
    json(
      200,
      {
        _links: { self: { href: `${ctx.base}/go/api/version` }, doc: { href: 'https://api.gocd.org/#version' } },
        version: GOCD_VERSION.version,
        build_number: GOCD_VERSION.build_number,
        git_sha: GOCD_VERSION.git_sha,
        full_version: `${GOCD_VERSION.version} (${GOCD_VERSION.build_number}-${GOCD_VERSION.git_sha})`,
        commit_url: `https://github.com/gocd/gocd/commits/${GOCD_VERSION.git_sha}`
      },
      ctx.version
    )
  )

  apiRoute(env, router, 'GET', '/current_user', { versions: [1] }, (ctx: ApiContext) => {
    const user = ctx.principal.user
    const login = ctx.principal.login
    return json(
      200,
      {
        _links: {
          doc: { href: 'https://api.gocd.org/#users' },
          self: { href: `${ctx.base}/go/api/users/${login}` },
          find: { href: `${ctx.base}/go/api/users/:login_name` }
        },
        login_name: login,
        display_name: ctx.principal.displayName,
        enabled: true,
        email: user?.email ?? null,
        email_me: false,
        checkin_aliases: []
      },
      ctx.version
    )
  })

  /** Materials v2: the distinct materials of the pipelines the caller can view (`MaterialConfigService`). */
  apiRoute(env, router, 'GET', '/config/materials', { versions: [2] }, (ctx) => {
    const seen = new Map<string, unknown>()
    for (const p of env.state.pipelines.values()) {
      if (!env.state.canView(ctx.principal.user, p)) continue
      for (const m of p.materials) {
        if (seen.has(m.fingerprint)) continue
        seen.set(m.fingerprint, { type: m.type, fingerprint: m.fingerprint, attributes: materialAttributesJson(m) })
      }
    }
    return json(
      200,
      {
        _links: { doc: { href: 'https://api.gocd.org/#materials' }, self: { href: `${ctx.base}/go/api/config/materials` } },
        _embedded: { materials: [...seen.values()] }
      },
      ctx.version
    )
  })

  apiRoute(env, router, 'GET', '/server_health_messages', { versions: [1] }, (ctx) => json(200, env.state.health, ctx.version))
}
