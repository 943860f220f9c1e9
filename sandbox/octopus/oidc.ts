/**
 * OIDC for service accounts (2023.4+): `GET /.well-known/openid-configuration` names the token endpoint
 * (`/token/v1`, also served at `/api/token/v1`), which exchanges an issuer's JWT for a 1-hour PS256 access token.
 * The subject token is verified with jose against the trusted issuer's JWKS (a URL or an object): exact `iss`,
 * `aud` = the service account id, `sub` matching one of the account's identities (`*`/`?` wildcards), and expiry,
 * all on the fake's clock. Failures answer `{error: "invalid_request", error_description}` with the reason.
 */
import { routeNotFound } from './errors.js'
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  SignJWT,
  type JSONWebKeySet,
  type JWTVerifyGetKey
} from 'jose'
import type { FakeRequest, FakeResponse } from '../common/index.js'
import type { OctopusContext } from './context.js'
import type { OctoRoutes } from './routes.js'
import { compareVersions } from './versions.js'

export interface TrustedIssuer {
  issuer: string
  /** JWKS location (e.g. the GitHub fake's `/.well-known/jwks`). */
  jwksUri?: string
  /** Or the key set itself. */
  jwks?: JSONWebKeySet
  /** Subjects the service account's identities accept for this issuer. */
  subjects?: string[]
}

const GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange'
const JWT_TYPE = 'urn:ietf:params:oauth:token-type:jwt'
export const ACCESS_TOKEN_SECONDS = 3600
export const OIDC_SINCE = '2023.4.8077'

class ExchangeError extends Error {}

function wildcard(pattern: string): RegExp {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')
  return new RegExp(`^${source}$`)
}

async function readParams(req: FakeRequest): Promise<Record<string, string>> {
  const text = (await req.body()).toString('utf8')
  const type = String(req.headers['content-type'] ?? '').toLowerCase()
  if (type.includes('application/json')) {
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      throw new ExchangeError('The request body is not valid JSON.')
    }
    if (!parsed || typeof parsed !== 'object') throw new ExchangeError('The request body must be a JSON object.')
    return Object.fromEntries(Object.entries(parsed as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : String(v)]))
  }
  if (type.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text))
  throw new ExchangeError('The request must be sent as application/x-www-form-urlencoded or application/json.')
}

/**
 * RSA key generation costs 100-200 ms, so fakes in one process share the access-token signing key; tokens still
 * verify only on the fake that issued them, because issuer and audience are that fake's URL.
 */
let sharedKeyPair: ReturnType<typeof generateKeyPair> | undefined

export async function createOidc(ctx: OctopusContext, issuers: TrustedIssuer[]) {
  const { privateKey, publicKey } = await (sharedKeyPair ??= generateKeyPair('PS256', { extractable: true }))
  const publicJwk = { ...(await exportJWK(publicKey)), alg: 'PS256', use: 'sig', kid: 'octopus-fake-1' }
  const keySets = new Map<string, JWTVerifyGetKey>()
  const keysFor = (i: TrustedIssuer): JWTVerifyGetKey => {
    let k = keySets.get(i.issuer)
    if (!k) {
      if (i.jwks) k = createLocalJWKSet(i.jwks)
      else if (i.jwksUri) k = createRemoteJWKSet(new URL(i.jwksUri))
      else throw new ExchangeError(`The issuer '${i.issuer}' has no signing keys configured.`)
      keySets.set(i.issuer, k)
    }
    return k
  }
  const now = () => new Date(ctx.clock.now())
  const supported = ctx.version === '0.0.0' || compareVersions(ctx.version, OIDC_SINCE) >= 0

  async function exchange(req: FakeRequest): Promise<FakeResponse> {
    const p = await readParams(req)
    if (p.grant_type !== GRANT) throw new ExchangeError(`The grant_type must be '${GRANT}'.`)
    if (p.subject_token_type !== JWT_TYPE) throw new ExchangeError(`The subject_token_type must be '${JWT_TYPE}'.`)
    if (!p.subject_token) throw new ExchangeError('The subject_token is required.')
    if (!p.audience) throw new ExchangeError('The audience is required: the id of the service account.')
    const account = ctx.store.users.find((u) => u.IsService && u.ServiceAccountId?.toLowerCase() === p.audience.toLowerCase())
    if (!account) throw new ExchangeError(`No service account has the id '${p.audience}'.`)
    let claims: ReturnType<typeof decodeJwt>
    try {
      claims = decodeJwt(p.subject_token)
    } catch {
      throw new ExchangeError('The subject_token is not a valid JWT.')
    }
    const trusted = issuers.find((i) => i.issuer === claims.iss)
    if (!trusted || !account.OidcIdentities.some((id) => id.Issuer === claims.iss))
      throw new ExchangeError(`The issuer '${String(claims.iss)}' is not trusted by any OIDC identity of the service account.`)
    try {
      await jwtVerify(p.subject_token, keysFor(trusted), { issuer: trusted.issuer, currentDate: now() })
    } catch (err) {
      const code = (err as { code?: string }).code
      if (code === 'ERR_JWT_EXPIRED') throw new ExchangeError('The subject_token has expired.')
      if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') throw new ExchangeError(`The subject_token is not valid: ${(err as Error).message}.`)
      throw new ExchangeError("The subject_token signature could not be verified with the issuer's keys.")
    }
    const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud]
    if (!aud.some((a) => typeof a === 'string' && a.toLowerCase() === account.ServiceAccountId!.toLowerCase()))
      throw new ExchangeError(`The audience of the subject_token does not match the service account id '${account.ServiceAccountId}'.`)
    const sub = String(claims.sub ?? '')
    if (!account.OidcIdentities.some((id) => id.Issuer === claims.iss && wildcard(id.Subject).test(sub)))
      throw new ExchangeError(`No OIDC identity of the service account matches the subject '${sub}'.`)
    const iat = Math.floor(ctx.clock.now() / 1000)
    const accessToken = await new SignJWT({ spc: 'service-account' })
      .setProtectedHeader({ alg: 'PS256', kid: publicJwk.kid, typ: 'JWT' })
      .setIssuer(ctx.baseUrl())
      .setSubject(account.Id)
      .setAudience(ctx.baseUrl())
      .setIssuedAt(iat)
      .setExpirationTime(iat + ACCESS_TOKEN_SECONDS)
      .setJti(crypto.randomUUID())
      .sign(privateKey)
    ctx.ledger.record('access-token', account.Id, { sub })
    return {
      status: 200,
      body: {
        access_token: accessToken,
        token_type: 'Bearer',
        issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
        expires_in: ACCESS_TOKEN_SECONDS
      }
    }
  }

  const handler = async (req: FakeRequest): Promise<FakeResponse> => {
    try {
      return await exchange(req)
    } catch (err) {
      if (err instanceof ExchangeError) return { status: 400, body: { error: 'invalid_request', error_description: err.message } }
      throw err
    }
  }

  return {
    publicJwk,
    /** The user id an access token was issued to, or undefined when it is invalid or expired. */
    verifyAccessToken: async (token: string): Promise<string | undefined> => {
      if (!supported) return undefined
      try {
        const { payload } = await jwtVerify(token, publicKey, { issuer: ctx.baseUrl(), audience: ctx.baseUrl(), currentDate: now() })
        return payload.sub
      } catch {
        return undefined
      }
    },
    register(routes: OctoRoutes): void {
      // OIDC for the API shipped in 2023.4.8077 (OctopusDeploy/Issues #8558): older servers have no such routes,
      // and answer a real 404 for them.
      if (!supported) {
        const absent = () => routeNotFound().toResponse()
        routes.global('POST', '/api/token/v1', absent, { anonymous: true })
        return
      }
      routes.global(
        'GET',
        '/.well-known/openid-configuration',
        () => ({
          status: 200,
          body: {
            issuer: ctx.baseUrl(),
            token_endpoint: `${ctx.baseUrl()}/token/v1`,
            jwks_uri: `${ctx.baseUrl()}/.well-known/jwks`,
            grant_types_supported: [GRANT],
            subject_token_types_supported: [JWT_TYPE],
            id_token_signing_alg_values_supported: ['PS256']
          }
        }),
        { anonymous: true }
      )
      routes.global('GET', '/.well-known/jwks', () => ({ status: 200, body: { keys: [publicJwk] } }), { anonymous: true })
      routes.global('POST', '/token/v1', handler, { anonymous: true })
      routes.global('POST', '/api/token/v1', handler, { anonymous: true })
    }
  }
}
