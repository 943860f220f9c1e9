/**
 * Route table and dispatch. Space-scoped routes are registered once (relative, e.g. `/releases/create/v1`) and are
 * reachable in the three forms real servers accept: `/api/{spaceId}/…`, `/api/spaces/{spaceIdOrName}/…` and the
 * default-space `/api/…`; all of them optionally below a virtual directory. Every route except the anonymous ones
 * authenticates first; errors are rendered as `{ErrorMessage, Errors}`.
 *
 * A request under `/api` that no route of the fake answers (a path it lacks, or a method it lacks on a path it
 * has) gets **501** with a body saying the fake does not implement it, and is recorded in `unimplemented`: a real
 * server answers no 501, so a test cannot mistake "the fake lacks this" for a real "not found". A real 404 stays a
 * 404: an unknown id on a route the fake implements, a route this server version does not have (`modernOnly` on
 * 2022.1, OIDC before 2023.4), an unknown space, and paths outside `/api` (the web portal).
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
  /** A route exists but not on this server version (a real 404). */
  versionLacks?: boolean
}

/** A request the fake has no route for (answered 501). */
export interface Unimplemented {
  method: string
  path: string
}

/**
 * Path words that are route names on real servers, never ids (`lifecycles/all`, `environments/summary`,
 * `environments/v2`): when one lands in an `:id` parameter, the fake lacks the real route and must not answer
 * "'all' was not found".
 */
const ROUTE_WORDS = new Set(['all', 'summary', 'v1', 'v2', 'create', 'git', 'template', 'preview', 'search', 'tag-test', 'status', 'dashboard'])

export const UNIMPLEMENTED_MESSAGE = (method: string, path: string) =>
  `The Octopus fake does not implement ${method} ${path}. A real Octopus server may well have this route; the fake answers 501 (which no real server does) so that this is never mistaken for a real "not found". Add the route to sandbox/octopus (see its README), or change the client.`

function resolve(routes: OctoRoutes, method: string, path: string, modern: boolean): Resolved {
  let versionLacks = false
  const usable = (m: ReturnType<Router['match']>): m is { handler: Handler; params: Params; pattern: string } => {
    if (!('handler' in m)) return false
    if (modern || !routes.options(m.handler).modernOnly) return true
    versionLacks = true
    return false
  }
  const g = routes.globalRouter.match(method, path)
  if (usable(g)) return { handler: g.handler, params: g.params, allowed: [] }
  const allowed = 'allowed' in g ? [...g.allowed] : []
  const segments = path.split('/')
  // segments: ['', 'api', ...]
  if (segments[1]?.toLowerCase() !== 'api') return { params: {}, allowed, versionLacks }
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
  return { params: {}, allowed, versionLacks }
}

export function errorResponse(err: unknown): FakeResponse {
  if (err instanceof OctopusError) return err.toResponse()
  return { status: 500, body: { ErrorMessage: err instanceof Error ? err.message : String(err), Errors: [] } }
}

/** The harness router: one catch-all per method that strips the virtual directory and dispatches. */
export function createDispatcher(
  ctx: OctopusContext,
  routes: OctoRoutes,
  authenticate: Authenticate,
  basePath: string,
  unimplemented: Unimplemented[]
): Router {
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
    if (r.handler && Object.values(r.params).some((v) => ROUTE_WORDS.has(v.toLowerCase()))) r.handler = undefined
    if (!r.handler) {
      if (r.versionLacks || !/^\/api(\/|$)/i.test(path)) return routeNotFound().toResponse()
      unimplemented.push({ method: req.method, path: req.path })
      return { status: 501, body: { ErrorMessage: UNIMPLEMENTED_MESSAGE(req.method, req.path), Errors: [], FakeUnimplemented: true } }
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
