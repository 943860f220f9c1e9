/**
 * OIDC sign-in for service accounts (Octopus 2023.4+), as OctopusDeploy/login does it, without a separate step:
 *
 * 1. get a GitHub Actions ID token whose audience is the service account id (`ACTIONS_ID_TOKEN_REQUEST_URL` +
 *    `ACTIONS_ID_TOKEN_REQUEST_TOKEN`; the job needs `permissions: id-token: write`);
 * 2. find the token endpoint in `{server}/.well-known/openid-configuration` (never a hard-coded path);
 * 3. exchange the ID token there (RFC 8693) for a one-hour Octopus access token.
 *
 * Every token is registered with the secret registry the moment it is received.
 */
import { ActionError, ApiError } from '../core/errors.js'
import { HttpClient } from '../core/http.js'
import type { Logger } from '../core/logger.js'
import type { SecretRegistry } from '../core/secrets.js'
import type { TlsOptions } from '../core/tls.js'
import { OCTOPUS_TLS_HINT } from './client.js'
import { extractOctopusMessage } from './errors.js'

export interface OidcDeps {
  logger: Logger
  secrets: SecretRegistry
  env: NodeJS.ProcessEnv
  tls?: TlsOptions
  userAgent?: string
  timeoutMs?: number
  sleep?: (ms: number) => Promise<void>
}

const GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:token-exchange'
const JWT_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:jwt'

/** Asks the runner's OIDC provider for an ID token with the given audience. */
export async function getGithubIdToken(audience: string, deps: OidcDeps): Promise<string> {
  const url = deps.env.ACTIONS_ID_TOKEN_REQUEST_URL
  const token = deps.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN
  deps.secrets.add(token)
  if (!url || !token)
    throw new ActionError(
      "'service_account_id' signs in with OIDC, but this job cannot request a GitHub ID token (ACTIONS_ID_TOKEN_REQUEST_URL is not set). Add `permissions: id-token: write` to the job (or workflow), or use 'api_key' instead."
    )
  const http = new HttpClient({
    baseUrl: new URL(url).origin,
    service: 'GitHub Actions OIDC provider',
    logger: deps.logger,
    secrets: deps.secrets,
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
    userAgent: deps.userAgent,
    timeoutMs: deps.timeoutMs ?? 30_000,
    sleep: deps.sleep
  })
  try {
    const data = await http.get<{ value?: string }>(url, { audience }, { responseType: 'json' })
    if (!data?.value) throw new ActionError('The GitHub Actions OIDC provider answered without an ID token.')
    deps.secrets.add(data.value)
    return data.value
  } finally {
    await http.close()
  }
}

/** Exchanges a GitHub ID token for an Octopus access token at the server's discovered token endpoint. */
export async function exchangeIdToken(server: string, serviceAccountId: string, idToken: string, deps: OidcDeps): Promise<string> {
  const http = new HttpClient({
    baseUrl: server,
    service: 'Octopus',
    logger: deps.logger,
    secrets: deps.secrets,
    userAgent: deps.userAgent,
    timeoutMs: deps.timeoutMs ?? 30_000,
    tlsHint: OCTOPUS_TLS_HINT,
    extractMessage: extractOctopusMessage,
    caCertificate: deps.tls?.caCertificate,
    insecureSkipTlsVerify: deps.tls?.insecureSkipTlsVerify,
    noProxy: deps.tls?.noProxy,
    sleep: deps.sleep
  })
  try {
    let endpoint: string | undefined
    try {
      const config = await http.get<{ token_endpoint?: string }>('/.well-known/openid-configuration', {}, { responseType: 'json' })
      endpoint = config?.token_endpoint
    } catch (err) {
      if (err instanceof ApiError && err.status === 404)
        throw err.withHint(
          "This Octopus server does not offer OpenID Connect (it needs Octopus 2023.4 or later). Use 'api_key' instead of 'service_account_id'."
        )
      throw err
    }
    if (!endpoint) throw new ActionError(`${server}/.well-known/openid-configuration names no token_endpoint, so OIDC sign-in is not possible. Use 'api_key' instead.`)
    try {
      // A repeated exchange only issues another short-lived token, so retrying it is safe.
      const res = await http.request<{ access_token?: string; token_type?: string; expires_in?: number }>({
        method: 'POST',
        path: endpoint,
        json: { grant_type: GRANT_TYPE, audience: serviceAccountId, subject_token: idToken, subject_token_type: JWT_TOKEN_TYPE },
        idempotent: true,
        responseType: 'json'
      })
      const accessToken = res.data?.access_token
      if (!accessToken) throw new ActionError('The Octopus token endpoint answered without an access_token.')
      deps.secrets.add(accessToken)
      deps.logger.info(`Signed in to Octopus with OIDC as service account ${serviceAccountId} (token valid for ${Math.round((res.data.expires_in ?? 3600) / 60)} minutes)`)
      return accessToken
    } catch (err) {
      if (err instanceof ApiError && (err.status === 400 || err.status === 401 || err.status === 403))
        throw err.withHint(
          `Octopus refused the GitHub ID token. Check that service account ${serviceAccountId} has an OIDC identity whose issuer is the GitHub Actions issuer and whose subject matches this job (repository, branch/tag or environment).`
        )
      throw err
    }
  } finally {
    await http.close()
  }
}

/** The whole OIDC sign-in: GitHub ID token, then the Octopus token exchange. */
export async function signInWithOidc(server: string, serviceAccountId: string, deps: OidcDeps): Promise<string> {
  const idToken = await getGithubIdToken(serviceAccountId, deps)
  return exchangeIdToken(server, serviceAccountId, idToken, deps)
}
