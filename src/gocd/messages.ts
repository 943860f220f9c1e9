/**
 * GoCD's error bodies and what to tell the user about them. GoCD answers `{"message": ...}` for its own halts,
 * `{"error": ...}` for invalid JSON and unhandled exceptions, and plain text for a URL it does not know (which is
 * also its answer to an unsupported Accept header).
 */
import type { ApiError } from '../core/errors.js'
import type { GocdAuth } from './connection.js'

export const WRONG_URL_MESSAGE = 'The url you are trying to reach appears to be incorrect'

export function extractGocdMessage(text: string, json: unknown): string | undefined {
  if (json && typeof json === 'object' && !Array.isArray(json)) {
    const o = json as Record<string, unknown>
    for (const key of ['message', 'error']) if (typeof o[key] === 'string' && o[key]) return o[key] as string
  }
  const t = text.trim()
  return t ? t.slice(0, 500) : undefined
}

/** The hint for an error any GoCD request can get (authentication, permissions, unknown URL), if one applies. */
export function genericHint(err: ApiError, auth: GocdAuth, server: string): string | undefined {
  const msg = err.serverMessage
  if (err.status === 401) {
    if (/credentials are not required, since security has been disabled/i.test(msg))
      return 'This GoCD server has security disabled: remove the token / username and password inputs (and GOCD_TOKEN, GOCD_USERNAME, GOCD_PASSWORD).'
    if (auth.kind === 'none')
      return 'This GoCD server requires authentication: set the token input (or GOCD_TOKEN) to a personal access token, or username and password (GOCD_USERNAME, GOCD_PASSWORD).'
    if (auth.kind === 'token')
      return 'Check the token input (GOCD_TOKEN): create a new personal access token in GoCD (user menu > Personal Access Tokens) if it was revoked, and store it as a repository secret.'
    return 'Check the username and password inputs (GOCD_USERNAME, GOCD_PASSWORD); with single sign-on plugins use a personal access token instead.'
  }
  if (err.status === 403 && /access token is forbidden/i.test(msg))
    return 'GoCD does not accept access tokens for this API: use username and password (basic authentication) instead.'
  if (err.status === 403) return 'The GoCD user lacks the permission this needs: ask a GoCD administrator to grant it (operate permission on the pipeline group to schedule or cancel).'
  if (err.status === 404 && msg.startsWith(WRONG_URL_MESSAGE))
    return `GoCD does not know this API route. This client always sends the API version each route expects, so check that the server input (${server}) points at the GoCD server (https://gocd.example.com or .../go) and that GoCD is 20.9 or newer.`
  if (err.status === 500) return 'GoCD failed with an internal error; its server log (go-server.log) has the details.'
  if (err.status === 502 || err.status === 503 || err.status === 504)
    return 'GoCD, or a proxy in front of it, is unavailable; the request was retried with backoff. Check that the server is up, then re-run the job.'
  if (err.status === 507) return 'The GoCD server is out of disk space; an administrator has to free space before anything can be scheduled.'
  return undefined
}
