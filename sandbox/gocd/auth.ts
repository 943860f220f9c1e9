/**
 * GoCD's authentication filters for the fake: Basic, case-insensitive `bearer` access tokens, anonymous access with
 * security disabled (where sending credentials is refused), and the 401 bodies and challenge of §2.2.
 */
import type { FakeRequest, FakeResponse } from '../common/index.js'
import type { UserConfig } from './model.js'
import type { GocdState } from './state.js'
import type { TokenStore } from './tokens.js'

export const MSG = {
  notAuthenticated: 'You are not authenticated!',
  badCredentials:
    'Invalid credentials. Either your username and password are incorrect, or there is a problem with your browser cookies. Please check with your administrator.',
  disabled: 'Your account has been disabled by the administrator',
  basicNotRequired: 'Basic authentication credentials are not required, since security has been disabled on this server.',
  bearerNotRequired: 'Bearer authentication credentials are not required, since security has been disabled on this server.'
}

export interface Principal {
  /** Undefined when security is disabled (anonymous has every permission). */
  user?: UserConfig
  viaToken: boolean
  /** Login name GoCD records as approver/owner (`anonymous` with security off). */
  login: string
  displayName: string
}

export type AuthResult = { ok: true; principal?: Principal } | { ok: false; response: FakeResponse }

const ANONYMOUS: Principal = { viaToken: false, login: 'anonymous', displayName: 'anonymous' }

/** 401 in the representation GoCD's `ContentTypeNegotiationMessageRenderer` picks. */
export function unauthorized(req: FakeRequest, message: string): FakeResponse {
  const accept = String(req.headers.accept ?? '')
  const headers: Record<string, string> = {}
  if (String(req.headers['x-requested-with'] ?? '').toLowerCase() !== 'xmlhttprequest') headers['WWW-Authenticate'] = 'Basic realm="GoCD"'
  if (/application\/(vnd\.go\.cd(\.v\d+)?\+)?json/i.test(accept)) return { status: 401, headers, body: { message } }
  return { status: 401, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }, body: message }
}

/**
 * Authenticates a request. `principal` is undefined for an anonymous request with security on; the caller decides
 * whether the route allows that.
 */
export function authenticate(req: FakeRequest, state: GocdState, tokens: TokenStore, securityEnabled: boolean): AuthResult {
  const header = String(req.headers.authorization ?? '')
  const basic = /^basic (.*)$/i.exec(header)
  const bearer = /^bearer (.*)$/i.exec(header)
  if (!securityEnabled) {
    if (basic) return { ok: false, response: unauthorized(req, MSG.basicNotRequired) }
    if (bearer) return { ok: false, response: unauthorized(req, MSG.bearerNotRequired) }
    return { ok: true, principal: ANONYMOUS }
  }
  if (basic) {
    const decoded = Buffer.from(basic[1].trim(), 'base64').toString('utf8')
    const i = decoded.indexOf(':')
    const user = i > 0 ? state.users.get(decoded.slice(0, i).toLowerCase()) : undefined
    if (!user || user.password !== decoded.slice(i + 1)) return { ok: false, response: unauthorized(req, MSG.badCredentials) }
    if (user.enabled === false) return { ok: false, response: unauthorized(req, MSG.disabled) }
    return { ok: true, principal: { user, viaToken: false, login: user.login, displayName: user.displayName } }
  }
  if (bearer) {
    const result = tokens.authenticate(bearer[1].trim(), state.clock.now())
    if (!result.ok) return { ok: false, response: unauthorized(req, result.message) }
    const user = state.users.get(result.token.username.toLowerCase())
    if (user?.enabled === false) return { ok: false, response: unauthorized(req, MSG.disabled) }
    if (!user) {
      return {
        ok: false,
        response: unauthorized(req, 'Invalid Personal Access Token. Access Token belonging to the user has either been disabled, removed or expired.')
      }
    }
    return { ok: true, principal: { user, viaToken: true, login: user.login, displayName: user.displayName } }
  }
  return { ok: true }
}
