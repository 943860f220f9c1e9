/**
 * The gates every `/go/api/**` request passes, in GoCD's order: authentication filters (401), the Spark pre-filter's
 * exact Accept match (404 text/plain), the route's API version (404), `/api/admin/**` authority (403), the
 * `verifyContentType` guard (415 / 400), then the handler. Handlers throw `ApiError` for GoCD's `{"message"}` halts.
 */
import type { FakeRequest, FakeResponse, Params, Router } from '../common/index.js'
import { authenticate, MSG, unauthorized, type Principal } from './auth.js'
import type { GocdState } from './state.js'
import type { TokenStore } from './tokens.js'

export const WRONG_URL = 'The url you are trying to reach appears to be incorrect.'

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** GoCD uses `error` for invalid JSON and unhandled exceptions, `message` otherwise. */
    readonly key: 'message' | 'error' = 'message',
    readonly extra?: Record<string, unknown>
  ) {
    super(message)
  }
}

export interface ApiContext {
  req: FakeRequest
  params: Params
  principal: Principal
  version: number
  /** Server root as the client addressed it, e.g. http://127.0.0.1:1234 (links are built from it). */
  base: string
  /** The parsed JSON body, or undefined when the body is empty. Invalid JSON -> 400 `{"error"}`. */
  json<T>(): Promise<T | undefined>
}

export type ApiHandler = (ctx: ApiContext) => FakeResponse | Promise<FakeResponse>

export interface RouteSpec {
  versions: number[]
  /** `none`: no authentication needed (`/api/version`); `admin`: ROLE_SUPERVISOR (`/api/admin/**`). */
  auth?: 'user' | 'none' | 'admin'
  /** Runs `ApiController.verifyContentType` (POST/PUT/PATCH). */
  verifyContentType?: boolean
}

export interface ApiEnv {
  state: GocdState
  tokens: TokenStore
  securityEnabled(): boolean
}

export function mime(version: number): string {
  return `application/vnd.go.cd.v${version}+json; charset=utf-8`
}

export function json(status: number, body: unknown, version: number, headers: Record<string, string> = {}): FakeResponse {
  return { status, body, headers: { 'Content-Type': mime(version), ...headers } }
}

export function wrongUrl(): FakeResponse {
  return { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: WRONG_URL }
}

/** `ApiVersion.isValid`: the whole header must be one of the known media types. Returns the version, 0 for latest. */
export function parseAccept(accept: string | undefined): number | undefined {
  if (accept === undefined) return undefined
  if (accept === 'application/vnd.go.cd+json') return 0
  const m = /^application\/vnd\.go\.cd\.v([1-9]|1[01])\+json$/.exec(accept)
  return m ? Number(m[1]) : undefined
}

function baseOf(req: FakeRequest): string {
  return `${req.url.protocol}//${req.headers.host ?? req.url.host}`
}

/** Authenticates for routes and for unknown `/go/api` paths (GoCD's filters run before routing). */
export function gate(env: ApiEnv, req: FakeRequest, needsUser: boolean): { principal?: Principal } | { response: FakeResponse } {
  const auth = authenticate(req, env.state, env.tokens, env.securityEnabled())
  if (!auth.ok) return { response: auth.response }
  if (!auth.principal && needsUser) return { response: unauthorized(req, MSG.notAuthenticated) }
  return { principal: auth.principal }
}

export function apiRoute(env: ApiEnv, router: Router, method: string, path: string, spec: RouteSpec, handler: ApiHandler): void {
  router.add(method, `/go/api${path}`, async (req, params) => {
    env.state.sync()
    const authMode = spec.auth ?? 'user'
    const gated = gate(env, req, authMode !== 'none')
    if ('response' in gated) return gated.response
    const principal = gated.principal ?? { viaToken: false, login: 'anonymous', displayName: 'anonymous' }
    const accept = parseAccept(req.headers.accept)
    if (accept === undefined) return wrongUrl()
    const latest = Math.max(...spec.versions)
    const version = accept === 0 ? latest : accept
    if (!spec.versions.includes(version)) return wrongUrl()
    if (authMode === 'admin' && principal.user && !principal.user.admin) {
      return json(403, { message: 'You are not authorized to access this resource!' }, version)
    }
    const body = await req.body()
    if (spec.verifyContentType && ['POST', 'PUT', 'PATCH'].includes(req.method)) {
      if (body.length > 0) {
        const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase()
        if (type !== 'application/json') return json(415, { message: "You must specify a 'Content-Type' of 'application/json'" }, version)
      } else if (req.headers['x-gocd-confirm'] === undefined) {
        return json(400, { message: "Missing required header 'X-GoCD-Confirm' with value 'true'" }, version)
      }
    }
    const ctx: ApiContext = {
      req,
      params,
      principal,
      version,
      base: baseOf(req),
      async json<T>() {
        const text = body.toString('utf8')
        if (text.trim() === '') return undefined
        try {
          return JSON.parse(text) as T
        } catch (err) {
          throw new ApiError(400, `Payload data is not valid JSON: ${err instanceof Error ? err.message : String(err)}`, 'error')
        }
      }
    }
    const started = Date.now()
    let response: FakeResponse
    try {
      response = await handler(ctx)
    } catch (err) {
      if (err instanceof ApiError) response = json(err.status, { [err.key]: err.message, ...(err.extra ?? {}) }, version)
      else response = json(500, { error: err instanceof Error ? err.message : String(err) }, version)
    }
    // RoutesHelper headers, and the server's Date on the fake's clock (clients may compare it with run timestamps).
    const common = {
      'Cache-Control': 'max-age=0, private, must-revalidate',
      'X-Runtime': String(Date.now() - started),
      Date: new Date(env.state.clock.now()).toUTCString()
    }
    return { ...response, headers: { ...common, ...(response.headers ?? {}) } }
  })
}
