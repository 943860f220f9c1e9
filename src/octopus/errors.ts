/**
 * How Octopus reports errors and what to tell the user about them.
 *
 * Octopus error bodies are `{ErrorMessage, Errors[]}` (the individual reasons are in `Errors`); the token endpoint
 * answers RFC 8693 `{error, error_description}`. `extractOctopusMessage` turns either into one line for `ApiError`.
 * `withOctopusHint` adds what to do next for the statuses that have a common cause (401, 403, 404 on a space route)
 * without ever repeating the credential.
 */
import { ApiError } from '../core/errors.js'

/** The server's own message: `ErrorMessage` followed by each entry of `Errors`, or the OAuth error description. */
export function extractOctopusMessage(text: string, json: unknown): string | undefined {
  if (json && typeof json === 'object' && !Array.isArray(json)) {
    const o = json as Record<string, unknown>
    const main = typeof o.ErrorMessage === 'string' ? o.ErrorMessage.trim() : ''
    const details = Array.isArray(o.Errors) ? o.Errors.filter((e): e is string => typeof e === 'string' && e.trim() !== '') : []
    if (main || details.length) {
      const extra = details.filter((d) => d !== main)
      return extra.length ? `${main || 'There was a problem with your request.'} ${extra.join(' ')}`.trim() : main
    }
    if (typeof o.error_description === 'string' && o.error_description) return `${o.error_description}${typeof o.error === 'string' ? ` (${o.error})` : ''}`
    if (typeof o.error === 'string' && o.error) return o.error
  }
  const t = text.trim()
  return t ? t.slice(0, 500) : undefined
}

export type CredentialKind = 'apiKey' | 'accessToken' | 'oidc'

const AUTH_HINTS: Record<CredentialKind, string> = {
  apiKey:
    'The API key is invalid or expired (or was revoked). Create a new API key in the Octopus web portal (your profile > My API Keys) and update the secret passed as api_key (or OCTOPUS_API_KEY).',
  accessToken:
    'The access token in OCTOPUS_ACCESS_TOKEN is invalid or expired (Octopus access tokens last one hour). Run the login step again in this job, or use api_key or service_account_id instead.',
  oidc: 'The access token obtained with service_account_id was refused: check that the service account is active and that its OIDC identity allows this repository and ref.'
}

/** Adds the next step to common Octopus failures; other errors are returned unchanged. */
export function withOctopusHint(err: unknown, credential: CredentialKind): unknown {
  if (!(err instanceof ApiError) || err.hint) return err
  if (err.status === 401) return err.withHint(AUTH_HINTS[credential])
  if (err.status === 403)
    return err.withHint(
      'The credential is valid but lacks permission for this request: grant the user or service account a team role with the needed permissions in this space (Configuration > Test Permissions shows what it may do).'
    )
  return err
}
