/**
 * Route table and dispatch. Space-scoped routes are registered once (relative, e.g. `/releases/create/v1`) and are
 * reachable in the three forms real servers accept: `/api/{spaceId}/…`, `/api/spaces/{spaceIdOrName}/…` and the
 * default-space `/api/…`; all of them optionally below a virtual directory. Every route except the anonymous ones
 * authenticates first; errors are rendered as `{ErrorMessage, Errors}`.
 */
import { Router, type FakeRequest, type FakeResponse, type Handler, type Params } from '../common/index.js'
import { setScope, scopeOf, type OctopusContext, type RequestScope } from './context.js'
import { OctopusError, notFound, routeNotFound } from './errors.js'
import type { User } from './model.js'

export interface RouteOptions {
  /** No authentication (root document, OIDC discovery and token exchange). */
  anonymous?: boolean
  /** Only on servers with the executions API (2022.3.5512+); 404 on legacy servers. */
  modernOnly?: boolean
}

export type OctoHandler = (req: FakeRequest, params: Params, scope: RequestScope) => FakeResponse | Promise<FakeResponse>
export type Authenticate = (req: FakeRequest) => Promise<User>

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const

export class OctoRoutes {
  readonly globalRouter = new Router()
  readonly spaceRouter = new Router()
  private readonly meta = new Map<Handler, RouteOptions>()

  private wrap(handler: OctoHandler, opts: RouteOptions): Handler {
    const h: Handler = (req, params) => handler(req, params, scopeOf(req))
    this.meta.set(h, opts)
    return h
  }

  /** A route outside any space (`/api`, `/api/spaces`, `/api/users/me`, `/.well-known/…`). */
  global(method: string, pattern: string, handler: OctoHandler, opts: RouteOptions = {}): this {
    this.globalRouter.add(method, pattern, this.wrap(handler, opts))
    return this
  }

  /** A space-scoped route, pattern relative to the space (`/projects/:id`). */
  spaced(method: string, pattern: string, handler: OctoHandler, opts: RouteOptions = {}): this {
    this.spaceRouter.add(method, pattern, this.wrap(handler, opts))
    return this
  }

  options(h: Handler): RouteOptions {
    return this.meta.get(h) ?? {}
  }
}

interface Resolved {
  handler?: Handler
  params: Params
  allowed: string[]
  spaceIdent?: string
}

function resolve(routes: OctoRoutes, method: string, path: string, modern: boolean): Resolved {
  const usable = (m: ReturnType<Router['match']>): m is { handler: Handler; params: Params; pattern: string } =>
    'handler' in m && (modern || !routes.options(m.handler).modernOnly)
  const g = routes.globalRouter.match(method, path)
  if (usable(g)) return { handler: g.handler, params: g.params, allowed: [] }
  const allowed = 'allowed' in g ? [...g.allowed] : []
  const segments = path.split('/')
  // segments: ['', 'api', ...]
  if (segments[1]?.toLowerCase() !== 'api') return { params: {}, allowed }
  const candidates: { ident?: string; rest: string }[] = []
  if (segments[2]?.toLowerCase() === 'spaces' && segments[3] && segments[3].toLowerCase() !== 'all' && segments.length > 4)
    candidates.push({ ident: decodeURIComponent(segments[3]), rest: '/' + segments.slice(4).join('/') })
  if (segments[2] && /^spaces-\d+$/i.test(segments[2])) candidates.push({ ident: segments[2], rest: '/' + segments.slice(3).join('/') })
  candidates.push({ rest: '/' + segments.slice(2).join('/') })
  for (const c of candidates) {
    const m = routes.spaceRouter.match(method, c.rest)
    if (usable(m)) return { handler: m.handler, params: m.params, allowed: [], spaceIdent: c.ident }
    if ('allowed' in m) allowed.push(...m.allowed)
  }
  return { params: {}, allowed }
}

export function errorResponse(err: unknown): FakeResponse {
  if (err instanceof OctopusError) return err.toResponse()
  return { status: 500, body: { ErrorMessage: err instanceof Error ? err.message : String(err), Errors: [] } }
}

/** The harness router: one catch-all per method that strips the virtual directory and dispatches. */
export function createDispatcher(ctx: OctopusContext, routes: OctoRoutes, authenticate: Authenticate, basePath: string): Router {
  const router = new Router()
  const prefix = basePath.replace(/\/+$/, '')
  const handle: Handler = async (req) => {
    let path = req.path
    if (prefix) {
      if (!path.toLowerCase().startsWith(prefix.toLowerCase())) return routeNotFound().toResponse()
      path = path.slice(prefix.length) || '/'
    }
    path = path.replace(/\/{2,}/g, '/')
    const r = resolve(routes, req.method, path, ctx.modern)
    if (!r.handler) {
      if (r.allowed.length)
        return {
          status: 405,
          headers: { Allow: [...new Set(r.allowed)].join(', ') },
          body: { ErrorMessage: `The requested resource does not support http method '${req.method}'.`, Errors: [] }
        }
      return routeNotFound().toResponse()
    }
    try {
      let space = ctx.store.defaultSpace()
      if (r.spaceIdent !== undefined) {
        const found = ctx.store.findSpace(r.spaceIdent)
        if (!found) throw notFound(r.spaceIdent)
        space = found
      }
      const scope: RequestScope = { space, explicit: r.spaceIdent !== undefined }
      if (!routes.options(r.handler).anonymous) scope.user = await authenticate(req)
      setScope(req, scope)
      return await r.handler(req, r.params)
    } catch (err) {
      return errorResponse(err)
    }
  }
  for (const m of METHODS) router.add(m, '/*rest', handle)
  return router
}
