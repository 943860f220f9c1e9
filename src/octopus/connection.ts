/**
 * The connection inputs every Octopus action shares, and connecting with them.
 *
 * Inputs (env fallbacks in brackets): `server` [OCTOPUS_URL] (a pasted `/api` is stripped, a virtual directory
 * kept), one credential: `api_key` [OCTOPUS_API_KEY], `service_account_id` (OIDC), or the env-only
 * OCTOPUS_ACCESS_TOKEN (set by OctopusDeploy/login); `space` [OCTOPUS_SPACE] (name or `Spaces-N`; the default space
 * when empty); `ca_certificate` [OCTOPUS_CA_CERTIFICATE] and `insecure_skip_tls_verify`.
 *
 * Credential rule: a credential given in `with:` wins over credentials in the environment; two in `with:` (or,
 * with none in `with:`, both OCTOPUS_API_KEY and OCTOPUS_ACCESS_TOKEN) is an error, as is none at all.
 */
import type { InputReader } from '../core/inputs.js'
import type { Logger } from '../core/logger.js'
import type { SecretRegistry } from '../core/secrets.js'
import { readTlsInputs, warnInsecure } from '../core/tls-inputs.js'
import type { TlsOptions } from '../core/tls.js'
import { OctopusClient, type OctopusCredential } from './client.js'
import { signInWithOidc } from './oidc.js'
import { resolveSpace, type OctopusSpace } from './spaces.js'

export type OctopusAuth =
  | { kind: 'apiKey'; apiKey: string; source: 'input' | 'env' }
  | { kind: 'accessToken'; accessToken: string }
  | { kind: 'oidc'; serviceAccountId: string }

export interface OctopusConnectionInputs {
  server: string
  auth: OctopusAuth
  /** Space name or id; undefined = the default space. */
  space?: string
  tls: TlsOptions
}

/**
 * Reads `server`, `api_key`, `service_account_id`, `space`, `ca_certificate`, `insecure_skip_tls_verify` (all of
 * them, always) and records every problem on the reader; the caller calls `reader.finish()`.
 */
export function readOctopusConnection(reader: InputReader): OctopusConnectionInputs {
  const server = reader.url('server', { env: 'OCTOPUS_URL', required: true, stripSuffixes: ['/api'] }) ?? ''
  const apiKeyInput = reader.raw('api_key', { secret: true })
  // With 'api_key' empty in `with:`, reading it with an env fallback yields exactly that environment variable.
  const apiKeyEnv = apiKeyInput ? undefined : reader.raw('api_key', { env: 'OCTOPUS_API_KEY', secret: true })
  const accessTokenEnv = apiKeyInput ? undefined : reader.raw('api_key', { env: 'OCTOPUS_ACCESS_TOKEN', secret: true })
  const serviceAccountId = reader.string('service_account_id')
  const space = reader.string('space', { env: 'OCTOPUS_SPACE' })
  const tls = readTlsInputs(reader, 'OCTOPUS')

  let auth: OctopusAuth = { kind: 'apiKey', apiKey: '', source: 'input' }
  if (apiKeyInput && serviceAccountId) {
    reader.problem("inputs 'api_key' and 'service_account_id' cannot be used together: give only one credential (service_account_id signs in with OIDC)")
  } else if (apiKeyInput) {
    auth = { kind: 'apiKey', apiKey: apiKeyInput, source: 'input' }
  } else if (serviceAccountId) {
    auth = { kind: 'oidc', serviceAccountId }
  } else if (apiKeyEnv && accessTokenEnv) {
    reader.problem(
      "both OCTOPUS_API_KEY and OCTOPUS_ACCESS_TOKEN are set, so the credential is ambiguous: unset one, or pass the one to use in 'api_key' (or 'service_account_id')"
    )
  } else if (apiKeyEnv) {
    auth = { kind: 'apiKey', apiKey: apiKeyEnv, source: 'env' }
  } else if (accessTokenEnv) {
    auth = { kind: 'accessToken', accessToken: accessTokenEnv }
  } else {
    reader.problem(
      "an Octopus credential is required: set 'api_key' (or the OCTOPUS_API_KEY environment variable), or 'service_account_id' for OIDC, or OCTOPUS_ACCESS_TOKEN (set by OctopusDeploy/login)"
    )
  }
  if (auth.kind === 'apiKey' && auth.apiKey && !/^API-[A-Z0-9]+$/i.test(auth.apiKey))
    reader.problem(
      `input ${reader.label('api_key', 'OCTOPUS_API_KEY')} does not look like an Octopus API key (they start with 'API-'); check that the right secret is passed`
    )
  return { server, auth, space, tls }
}

export interface ConnectDeps {
  logger: Logger
  secrets: SecretRegistry
  env: NodeJS.ProcessEnv
  /** The action's name, sent in the User-Agent. */
  action: string
  timeoutMs?: number
  sleep?: (ms: number) => Promise<void>
}

export interface OctopusConnection {
  client: OctopusClient
  space: OctopusSpace
}

/** Signs in (OIDC when asked), reads the root document and resolves the space. */
export async function connectOctopus(inputs: OctopusConnectionInputs, deps: ConnectDeps): Promise<OctopusConnection> {
  warnInsecure(inputs.tls, deps.logger, inputs.server)
  const userAgent = `deployment-action-suite (${deps.action})`
  let credential: OctopusCredential
  if (inputs.auth.kind === 'oidc') {
    const accessToken = await signInWithOidc(inputs.server, inputs.auth.serviceAccountId, { ...deps, tls: inputs.tls, userAgent })
    credential = { kind: 'accessToken', accessToken, via: 'oidc' }
  } else if (inputs.auth.kind === 'accessToken') {
    credential = { kind: 'accessToken', accessToken: inputs.auth.accessToken, via: 'env' }
  } else {
    credential = { kind: 'apiKey', apiKey: inputs.auth.apiKey }
  }
  const client = await OctopusClient.connect({
    server: inputs.server,
    credential,
    logger: deps.logger,
    secrets: deps.secrets,
    tls: inputs.tls,
    userAgent,
    timeoutMs: deps.timeoutMs,
    sleep: deps.sleep
  })
  try {
    const space = await resolveSpace(client, inputs.space)
    return { client, space }
  } catch (err) {
    await client.close()
    throw err
  }
}
