/**
 * The `octopus_api_key` source, on the shared Octopus client: a new API key for the user behind the connection
 * (`POST /api/users/{id}/apikeys`, labelled in `Purpose` with the rotation marker), verified by reading
 * `/api/users/me` with the new key, which then becomes the connection's credential; older keys carrying the marker
 * are listed from the user's `ApiKeys` link and revoked with `DELETE`.
 *
 * The plaintext key is in the create response only. If that response is lost, the key that may have been created
 * is found by its unique label and revoked before the create is retried, so no unknown live key is left behind.
 */
import { ActionError, ApiError } from '../../core/errors.js'
import type { Logger } from '../../core/logger.js'
import type { SecretRegistry } from '../../core/secrets.js'
import { OctopusClient } from '../../octopus/client.js'
import type { OctopusConnectionInputs } from '../../octopus/connection.js'
import { credentialLabel, isManagedBy } from '../marker.js'
import type { CredentialSource, ManagedCredential, NewCredential } from './types.js'

interface UserResource {
  Id: string
  Username: string
  Links: { ApiKeys?: string; Self?: string }
}

interface ApiKeyResource {
  Id: string
  Purpose?: string
  Created?: string
  ApiKey?: string | { HasValue?: boolean }
}

export interface OctopusKeySourceOptions {
  /** Connects with the configured credential (the action passes `connectOctopus`). */
  connect: () => Promise<OctopusClient>
  connection: OctopusConnectionInputs
  marker: string
  /** Days until the new key expires; undefined = the server's default (180 days unless configured). */
  expiresInDays?: number
  logger: Logger
  secrets: SecretRegistry
  userAgent?: string
  now?: () => Date
  /** Back-off sleep of the client that verifies the new key (tests make it instant). */
  sleep?: (ms: number) => Promise<void>
}

const DAY = 24 * 60 * 60 * 1000

export class OctopusApiKeySource implements CredentialSource {
  readonly description = 'Octopus API key'
  readonly revocable = true
  private client?: OctopusClient
  /** A client authenticated with the new, verified key. */
  private pending?: OctopusClient
  private user?: UserResource
  private readonly opened: OctopusClient[] = []

  constructor(private readonly opts: OctopusKeySourceOptions) {}

  private async session(): Promise<{ client: OctopusClient; user: UserResource }> {
    if (!this.client) {
      this.client = await this.opts.connect()
      this.opened.push(this.client)
    }
    if (!this.user) {
      this.user = await this.client.get<UserResource>('/api/users/me')
      this.opts.logger.info(`Octopus user: ${this.user.Username} (${this.user.Id})`)
    }
    return { client: this.client, user: this.user }
  }

  private keysLink(user: UserResource): string {
    if (!user.Links.ApiKeys) throw new ActionError(`Octopus returned user ${user.Id} without an ApiKeys link: this server cannot manage API keys over the API`)
    return user.Links.ApiKeys
  }

  async check(): Promise<void> {
    const { client, user } = await this.session()
    await client.get(this.keysLink(user), { take: 1 })
  }

  private async listKeys(): Promise<ApiKeyResource[]> {
    const { client, user } = await this.session()
    return client.listAll<ApiKeyResource>(this.keysLink(user))
  }

  async create(): Promise<NewCredential> {
    const { client, user } = await this.session()
    const now = this.opts.now?.() ?? new Date()
    const purpose = credentialLabel(this.opts.marker, now.toISOString())
    const body: Record<string, unknown> = { Purpose: purpose, UserId: user.Id }
    if (this.opts.expiresInDays !== undefined) body.Expires = new Date(now.getTime() + this.opts.expiresInDays * DAY).toISOString()
    const link = this.keysLink(user)
    const res = await client.post<ApiKeyResource>(link, {}, body, {
      // The value of a key whose answer was lost can never be read: revoke it, then create again.
      reconcile: async () => {
        const lost = (await this.listKeys()).filter((k) => k.Purpose === purpose)
        for (const k of lost) {
          this.opts.logger.warning(`Octopus created API key ${k.Id} but its answer was lost; revoking it and creating another`)
          await this.revoke(k.Id)
        }
        return undefined
      }
    })
    const key = typeof res.data.ApiKey === 'string' ? res.data.ApiKey : undefined
    this.opts.secrets.add(key)
    if (!key || !res.data.Id) throw new ActionError(`Octopus answered the API key creation without ${key ? 'an Id' : 'the new key'}`)
    return { id: res.data.Id, value: key }
  }

  async verify(credential: NewCredential): Promise<void> {
    const fresh = await OctopusClient.connect({
      server: this.opts.connection.server,
      credential: { kind: 'apiKey', apiKey: credential.value },
      logger: this.opts.logger,
      secrets: this.opts.secrets,
      tls: this.opts.connection.tls,
      userAgent: this.opts.userAgent,
      sleep: this.opts.sleep
    })
    this.opened.push(fresh)
    const me = await fresh.get<UserResource>('/api/users/me')
    const { user } = await this.session()
    if (me.Id !== user.Id) throw new ActionError(`the new API key authenticates as ${me.Id}, not as ${user.Id}`)
    this.pending = fresh
  }

  /** Later calls (listing and revoking older keys, possibly the one the connection came with) use the new key. */
  switchTo(): void {
    if (this.pending) this.client = this.pending
  }

  async listManaged(): Promise<ManagedCredential[]> {
    return (await this.listKeys())
      .filter((k) => isManagedBy(k.Purpose, this.opts.marker))
      .map((k) => ({ id: k.Id, label: k.Purpose ?? '', createdAt: k.Created }))
  }

  async revoke(id: string): Promise<void> {
    const { client, user } = await this.session()
    try {
      await client.request({ method: 'DELETE', path: client.url(this.keysLink(user), { id }), responseType: 'json' })
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return
      throw err
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.opened.map((c) => c.close()))
  }
}
