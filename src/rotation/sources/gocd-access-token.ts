/**
 * The `gocd_access_token` source, on the shared GoCD client: a new personal access token for the user behind the
 * connection (`POST /api/current_user/access_tokens`, labelled in `description` with the rotation marker), verified
 * by reading `/api/current_user` with the new token as a bearer credential; older tokens carrying the marker are
 * revoked (`POST .../:id/revoke`; 409 "already revoked" and 404 count as done).
 *
 * GoCD refuses every access-token API to a request authenticated with a token, so this source needs the username
 * and password (Basic) connection and keeps using it after the new token is verified.
 */
import { ActionError } from '../../core/errors.js'
import type { Logger } from '../../core/logger.js'
import type { SecretRegistry } from '../../core/secrets.js'
import { API_VERSION, GocdClient, seg } from '../../gocd/client.js'
import type { GocdConnection } from '../../gocd/connection.js'
import { getCurrentUser } from '../../gocd/users.js'
import { credentialLabel, isManagedBy } from '../marker.js'
import type { CredentialSource, ManagedCredential, NewCredential } from './types.js'

const TOKENS = '/api/current_user/access_tokens'

interface TokenResource {
  id: number
  description?: string
  username?: string
  revoked?: boolean
  created_at?: string
  token?: string
}

interface TokenList {
  _embedded?: { access_tokens?: TokenResource[] }
}

export interface GocdTokenSourceOptions {
  /** A Basic-auth connection (username and password). */
  connection: GocdConnection
  marker: string
  logger: Logger
  secrets: SecretRegistry
  userAgent?: string
  now?: () => Date
  /** Back-off sleep of the GoCD clients (tests make it instant). */
  sleep?: (ms: number) => Promise<void>
}

export class GocdAccessTokenSource implements CredentialSource {
  readonly description = 'GoCD access token'
  readonly revocable = true
  private readonly client: GocdClient
  private readonly opened: GocdClient[] = []
  private login?: string

  constructor(private readonly opts: GocdTokenSourceOptions) {
    if (opts.connection.auth.kind !== 'basic')
      throw new ActionError('GoCD refuses its access-token APIs to token-authenticated requests: the gocd_access_token source needs username and password')
    this.client = new GocdClient({ connection: opts.connection, logger: opts.logger, secrets: opts.secrets, userAgent: opts.userAgent, sleep: opts.sleep })
    this.opened.push(this.client)
  }

  private async user(): Promise<string> {
    if (!this.login) {
      this.login = (await getCurrentUser(this.client)).login_name
      this.opts.logger.info(`GoCD user: ${this.login}`)
    }
    return this.login
  }

  private async tokens(): Promise<TokenResource[]> {
    const list = await this.client.get<TokenList>(TOKENS, API_VERSION.accessToken, { filter: 'active' })
    return list._embedded?.access_tokens ?? []
  }

  async check(): Promise<void> {
    await this.user()
    await this.tokens()
  }

  async create(): Promise<NewCredential> {
    await this.user()
    const description = credentialLabel(this.opts.marker, (this.opts.now?.() ?? new Date()).toISOString())
    const res = await this.client.request<TokenResource>({
      method: 'POST',
      path: TOKENS,
      version: API_VERSION.accessToken,
      json: { description },
      // The value of a token whose answer was lost can never be read: revoke it, then create again.
      reconcile: async () => {
        for (const t of (await this.tokens()).filter((x) => x.description === description)) {
          this.opts.logger.warning(`GoCD created access token ${t.id} but its answer was lost; revoking it and creating another`)
          await this.revoke(String(t.id))
        }
        return undefined
      }
    })
    const token = res.data.token
    this.opts.secrets.add(token)
    if (!token || res.data.id === undefined) throw new ActionError(`GoCD answered the token creation without ${token ? 'an id' : 'the new token'}`)
    return { id: String(res.data.id), value: token }
  }

  async verify(credential: NewCredential): Promise<void> {
    const fresh = new GocdClient({
      connection: { ...this.opts.connection, auth: { kind: 'token', token: credential.value } },
      logger: this.opts.logger,
      secrets: this.opts.secrets,
      userAgent: this.opts.userAgent,
      sleep: this.opts.sleep
    })
    this.opened.push(fresh)
    const me = await getCurrentUser(fresh)
    const login = await this.user()
    if (me.login_name !== login) throw new ActionError(`the new access token authenticates as ${me.login_name}, not as ${login}`)
  }

  /** GoCD's token APIs refuse bearer tokens: the Basic connection stays. */
  switchTo(): void {}

  async listManaged(): Promise<ManagedCredential[]> {
    return (await this.tokens())
      .filter((t) => isManagedBy(t.description, this.opts.marker))
      .map((t) => ({ id: String(t.id), label: t.description ?? '', createdAt: t.created_at }))
  }

  async revoke(id: string): Promise<void> {
    await this.client.request({
      method: 'POST',
      path: `${TOKENS}/${seg(id)}/revoke`,
      version: API_VERSION.accessToken,
      json: { revoke_cause: `rotated by rotate-secret (${this.opts.marker})` },
      // A repeated revoke answers 409 "already revoked"; a token that is gone answers 404: both mean done.
      idempotent: true,
      accept: [404, 409]
    })
  }

  async close(): Promise<void> {
    await Promise.all(this.opened.map((c) => c.close()))
  }
}
