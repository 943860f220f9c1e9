/**
 * Turns Octokit's `RequestError` into the suite's `ApiError` / `NetworkError` (status, GitHub's own message, the
 * request without credentials) with a hint saying what to do next, in particular for the workflow's
 * `GITHUB_TOKEN`, which has no `secrets` permission and can never read or write secrets.
 */
import { ApiError, NetworkError, type RequestDescription } from '../core/errors.js'
import { safeUrl } from '../core/url.js'

interface OctokitLikeError {
  status?: number
  message?: string
  request?: { method?: string; url?: string }
  response?: { status?: number; data?: unknown; headers?: Record<string, string | undefined> }
  cause?: unknown
}

export interface TokenFacts {
  /** The token is the workflow's GITHUB_TOKEN (same value as the `GITHUB_TOKEN` environment variable). */
  isWorkflowToken?: boolean
  /** The token is a GitHub App installation token (`ghs_`), as GITHUB_TOKEN is. */
  isInstallationToken?: boolean
}

export function tokenFacts(token: string, env: NodeJS.ProcessEnv): TokenFacts {
  return { isWorkflowToken: !!env.GITHUB_TOKEN && env.GITHUB_TOKEN === token, isInstallationToken: token.startsWith('ghs_') }
}

export const TOKEN_ADVICE =
  "Pass a token that may manage secrets as 'github_token': a fine-grained personal access token or GitHub App token with the " +
  "'Secrets' repository permission (read and write; 'Environments' for environment targets, 'Dependabot secrets' for Dependabot " +
  "targets, 'Organization secrets' for org targets), or a classic personal access token with the 'repo' scope ('admin:org' for org " +
  "secrets), stored as a repository or organization secret."

function message(data: unknown, fallback: string): string {
  if (data && typeof data === 'object' && typeof (data as { message?: unknown }).message === 'string') {
    const d = data as { message: string; errors?: unknown[] }
    const details = (d.errors ?? []).map((e) => (e && typeof e === 'object' && 'message' in e ? String((e as { message: unknown }).message) : '')).filter(Boolean)
    return details.length ? `${d.message} (${details.join('; ')})` : d.message
  }
  if (typeof data === 'string' && data.trim()) return data.trim().slice(0, 500)
  return fallback
}

function hintFor(status: number, serverMessage: string, facts: TokenFacts, what: string, url: string): string | undefined {
  if (status === 401) return "GitHub did not accept the token: check that 'github_token' holds a valid token that has not expired."
  if (status === 403 && /rate limit/i.test(serverMessage)) return 'GitHub rate-limited the token; run again later or spread the targets over several runs.'
  if (status === 403) {
    if (facts.isWorkflowToken || (facts.isInstallationToken && /not accessible by integration/i.test(serverMessage)))
      return `This token cannot write secrets: ${facts.isWorkflowToken ? "it is the workflow's GITHUB_TOKEN" : "it is an installation token such as the workflow's GITHUB_TOKEN"}, which has no 'secrets' permission (GitHub refused to let it ${what}). ${TOKEN_ADVICE}`
    return `The token is not allowed to ${what}. ${TOKEN_ADVICE}`
  }
  if (status === 404) {
    const thing = /\/orgs\//.test(url) ? 'organization' : /\/environments\//.test(url) ? 'repository or environment' : 'repository'
    return `GitHub found no such ${thing}, or the token cannot see it: check the target and that the token has access to it.`
  }
  if (status === 422) return 'GitHub rejected the request as invalid; check the secret name and the target settings.'
  return undefined
}

/** Converts an Octokit error (anything else is returned unchanged). `what` completes "this token cannot ...". */
export function githubError(err: unknown, facts: TokenFacts = {}, what = 'manage secrets'): unknown {
  const e = err as OctokitLikeError
  if (!e || typeof e !== 'object' || !e.request || typeof e.status !== 'number') return err
  const request: RequestDescription = { method: (e.request.method ?? 'GET').toUpperCase(), url: safeUrl(e.request.url ?? '') }
  if (!e.response) {
    const cause = e.cause instanceof Error ? e.cause : new Error(e.message ?? 'network error')
    return new NetworkError({ request, cause, code: (e.cause as { code?: string } | undefined)?.code })
  }
  const status = e.response.status ?? e.status
  const serverMessage = message(e.response.data, e.message ?? '')
  const headers: Record<string, string> = {}
  for (const [k, v] of Object.entries(e.response.headers ?? {})) if (typeof v === 'string') headers[k] = v
  return new ApiError({
    status,
    serverMessage,
    request,
    body: typeof e.response.data === 'string' ? e.response.data : JSON.stringify(e.response.data ?? ''),
    headers,
    hint: hintFor(status, serverMessage, facts, what, request.url),
    service: 'GitHub'
  })
}

/** True when the failure proves GitHub did not act (a 4xx other than 408; rate-limit answers come before any work). */
export function provesNotActed(err: unknown): boolean {
  return err instanceof ApiError && err.status >= 400 && err.status < 500 && err.status !== 408
}
