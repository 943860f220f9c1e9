/**
 * The Actions OIDC provider: `GET /_apis/actions/idtoken?api-version=2.0&audience=...` (Bearer
 * `ACTIONS_ID_TOKEN_REQUEST_TOKEN`) answers `{value: <RS256 JWT>}`; discovery at `/.well-known/openid-configuration`
 * and the JWKS at `/.well-known/jwks`, so a relying party (the Octopus fake) verifies tokens as it would GitHub's.
 * The same key signs the `ACTIONS_RUNTIME_TOKEN`s.
 */
import { randomUUID } from 'node:crypto'
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose'
import type { Router } from '../../common/index.js'
import type { Job, JobRegistry } from './jobs.js'

export const ID_TOKEN_PATH = '/_apis/actions/idtoken'

interface SigningKey {
  privateKey: CryptoKey
  publicKey: CryptoKey
  jwk: JWK
  kid: string
}

let sharedKey: Promise<SigningKey> | undefined

async function newSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true })
  const kid = randomUUID().replace(/-/g, '').slice(0, 20)
  return { privateKey, publicKey, kid, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } }
}

export class OidcIssuer {
  private constructor(
    readonly issuer: () => string,
    private readonly privateKey: CryptoKey,
    private readonly publicKey: CryptoKey,
    readonly jwk: JWK,
    readonly kid: string
  ) {}

  /**
   * RSA key generation costs 100-200 ms, so fakes in one process share a key pair unless `freshKey` is asked for
   * (each fake still has its own issuer URL, which verification checks).
   */
  static async create(issuer: () => string, freshKey = false): Promise<OidcIssuer> {
    const keys = freshKey ? await newSigningKey() : await (sharedKey ??= newSigningKey())
    return new OidcIssuer(issuer, keys.privateKey, keys.publicKey, keys.jwk, keys.kid)
  }

  claims(job: Job, serverUrl: string): JWTPayload & Record<string, unknown> {
    const run = job.run
    const repo = run.repo
    const full = `${repo.owner}/${repo.name}`
    const sub = job.environment ? `repo:${full}:environment:${job.environment}` : `repo:${full}:ref:${run.ref}`
    const wfRef = `${full}/${run.workflow}@${run.ref}`
    return {
      sub,
      repository: full,
      repository_owner: repo.owner,
      repository_id: String(repo.id),
      repository_visibility: repo.visibility,
      run_id: String(run.id),
      run_number: String(run.runNumber),
      run_attempt: String(run.attempt),
      actor: run.actor,
      workflow: run.workflow.split('/').pop(),
      workflow_ref: wfRef,
      job_workflow_ref: wfRef,
      event_name: run.event,
      ref: run.ref,
      ref_type: run.ref.startsWith('refs/tags/') ? 'tag' : 'branch',
      sha: run.sha,
      runner_environment: 'github-hosted',
      ...(job.environment ? { environment: job.environment } : {}),
      enterprise: undefined,
      html_url: `${serverUrl}/${full}/actions/runs/${run.id}`
    }
  }

  async idToken(job: Job, audience: string, serverUrl: string): Promise<string> {
    const claims = this.claims(job, serverUrl)
    delete claims.enterprise
    delete claims.html_url
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.kid })
      .setIssuer(this.issuer())
      .setAudience(audience)
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime('5m')
      .setJti(randomUUID())
      .sign(this.privateKey)
  }

  /** The runtime token for the artifact service: `scp` carries `Actions.Results:<run backend id>:<job backend id>`. */
  async runtimeToken(job: Job): Promise<string> {
    return new SignJWT({
      scp: `Actions.ExampleScope Actions.Results:${job.run.backendId}:${job.backendId}`,
      ac: '[]',
      orchid: `${job.run.backendId}.${job.id}`
    })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.kid })
      .setIssuer(this.issuer())
      .setAudience('actions.results')
      .setIssuedAt()
      .setExpirationTime('6h')
      .sign(this.privateKey)
  }

  async verify(token: string, audience?: string): Promise<JWTPayload> {
    const { payload } = await jwtVerify(token, this.publicKey, { issuer: this.issuer(), audience })
    return payload
  }
}

export function registerOidcRoutes(router: Router, oidc: OidcIssuer, jobs: JobRegistry, serverUrl: () => string): void {
  router.get('/.well-known/openid-configuration', () => ({
    status: 200,
    body: {
      issuer: oidc.issuer(),
      jwks_uri: `${oidc.issuer()}/.well-known/jwks`,
      subject_types_supported: ['public', 'pairwise'],
      response_types_supported: ['id_token'],
      claims_supported: ['sub', 'aud', 'exp', 'iat', 'iss', 'jti', 'nbf', 'ref', 'sha', 'repository', 'repository_id', 'repository_owner', 'run_id', 'run_number', 'run_attempt', 'actor', 'workflow', 'workflow_ref', 'job_workflow_ref', 'event_name', 'ref_type', 'environment', 'runner_environment'],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: ['openid']
    }
  }))
  router.get('/.well-known/jwks', () => ({ status: 200, body: { keys: [oidc.jwk] } }))
  router.get(ID_TOKEN_PATH, async (req) => {
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')
    const job = m ? jobs.byIdTokenRequestToken(m[1]) : undefined
    if (!job) return { status: 401, body: { message: 'Unauthorized' } }
    if (req.query.get('api-version') !== '2.0') return { status: 400, body: { message: 'api-version 2.0 is required' } }
    const audience = req.query.get('audience') || `https://github.com/${job.run.repo.owner}`
    return { status: 200, body: { count: 1, value: await oidc.idToken(job, audience, serverUrl()) } }
  })
}
