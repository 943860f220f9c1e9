/**
 * GitHub Actions / Dependabot secrets for every target kind: the scope's public key (fetched once per scope and
 * cached; fetched again if GitHub says the key changed), the sealed value with its `key_id`, org visibility and
 * selected repositories (names resolved to ids once), and the metadata (`updated_at`) that proves a write landed.
 */
import { ActionError, ApiError } from '../core/errors.js'
import type { Logger } from '../core/logger.js'
import type { GithubClient } from './client.js'
import { githubError, type TokenFacts } from './errors.js'
import { sealSecret } from './sealed-box.js'
import { targetLabel, type SecretTarget, type Visibility } from './targets.js'

export interface PublicKey {
  keyId: string
  key: string
}

export interface SecretMetadata {
  name: string
  createdAt: string
  updatedAt: string
  visibility?: Visibility
  /** GitHub's clock when it answered this read (its `Date` header), ms since epoch. */
  readAt?: number
}

export interface WriteResult {
  created: boolean
  /** GitHub's clock when it answered (its `Date` header), else ours just before the write; ms since epoch. */
  writtenAt: number
}

function route(t: SecretTarget): { base: string; params: Record<string, string> } {
  switch (t.kind) {
    case 'repo':
      return { base: '/repos/{owner}/{repo}/actions/secrets', params: { owner: t.owner, repo: t.repo } }
    case 'environment':
      // @octokit/endpoint percent-encodes the name: "deploy/prod space" -> deploy%2Fprod%20space.
      return { base: '/repos/{owner}/{repo}/environments/{environment_name}/secrets', params: { owner: t.owner, repo: t.repo, environment_name: t.environment } }
    case 'org':
      return { base: '/orgs/{org}/actions/secrets', params: { org: t.org } }
    case 'dependabot':
      return { base: '/repos/{owner}/{repo}/dependabot/secrets', params: { owner: t.owner, repo: t.repo } }
  }
}

export class GithubSecrets {
  private readonly keys = new Map<string, Promise<PublicKey>>()
  private readonly repoIds = new Map<string, Promise<number>>()

  constructor(
    private readonly gh: GithubClient,
    private readonly facts: TokenFacts = {},
    private readonly logger?: Logger
  ) {}

  private async call<T>(what: string, fn: () => Promise<{ data: T; headers: Record<string, string | number | undefined>; status: number }>) {
    try {
      return await fn()
    } catch (err) {
      throw githubError(err, this.facts, what)
    }
  }

  /** The public key of the target's scope (one request per scope per run). */
  publicKey(target: SecretTarget, refresh = false): Promise<PublicKey> {
    const label = targetLabel(target)
    let key = refresh ? undefined : this.keys.get(label)
    if (!key) {
      const { base, params } = route(target)
      key = this.call('read the public key for secrets', () => this.gh.request(`GET ${base}/public-key`, params)).then(({ data }) => {
        const d = data as { key_id?: unknown; key?: unknown }
        if (typeof d.key_id !== 'string' || typeof d.key !== 'string') throw new ActionError(`GitHub returned no public key for ${label}`)
        return { keyId: d.key_id, key: d.key }
      })
      key.catch(() => this.keys.delete(label))
      this.keys.set(label, key)
    }
    return key
  }

  /** The numeric ids of repositories of `org` (names or ids), for org secrets with selected visibility. */
  async repositoryIds(org: string, repos: string[]): Promise<number[]> {
    return Promise.all(
      repos.map((r) => {
        if (/^\d+$/.test(r)) return Number(r)
        const name = r.includes('/') ? r : `${org}/${r}`
        let id = this.repoIds.get(name.toLowerCase())
        if (!id) {
          const [owner, repo] = name.split('/')
          id = this.call('read the repository', () => this.gh.request('GET /repos/{owner}/{repo}', { owner, repo })).then(({ data }) => (data as { id: number }).id)
          this.repoIds.set(name.toLowerCase(), id)
        }
        return id
      })
    )
  }

  /**
   * Seals `value` with the scope's key and stores it (201 created, 204 updated). `retries: 0` turns off the
   * transport's automatic retries, for callers that check whether an ambiguous write landed before sending it again.
   */
  async write(target: SecretTarget, name: string, value: string, opts: { retries?: number } = {}): Promise<WriteResult> {
    const { base, params } = route(target)
    const extra: Record<string, unknown> = {}
    if (target.kind === 'org') {
      extra.visibility = target.visibility
      if (target.visibility === 'selected' && target.selectedRepositories.length)
        extra.selected_repository_ids = await this.repositoryIds(target.org, target.selectedRepositories)
    }
    for (let attempt = 0; ; attempt++) {
      const key = await this.publicKey(target, attempt > 0)
      const encrypted_value = await sealSecret(value, key.key)
      const before = Date.now()
      try {
        const res = await this.call('write secrets', () =>
          this.gh.request(`PUT ${base}/{secret_name}`, {
            ...params,
            secret_name: name,
            encrypted_value,
            key_id: key.keyId,
            ...extra,
            ...(opts.retries === undefined ? {} : { request: { retries: opts.retries } })
          })
        )
        const date = Date.parse(String(res.headers.date ?? ''))
        return { created: res.status === 201, writtenAt: Number.isNaN(date) ? before : date }
      } catch (err) {
        // GitHub rotated the scope's key between our read and the write: read it again once. GitHub says so with
        // "Bad request - validation failed due to an improperly encrypted secret" (a 422 that stored nothing).
        if (attempt === 0 && err instanceof ApiError && err.status === 422 && /key_id|public key|encrypt/i.test(err.serverMessage)) {
          this.logger?.info(`GitHub did not accept the public key of ${targetLabel(target)} (${err.serverMessage}); reading it again`)
          continue
        }
        throw err
      }
    }
  }

  /** The secret's metadata, or undefined when the scope has no such secret. */
  async metadata(target: SecretTarget, name: string): Promise<SecretMetadata | undefined> {
    const { base, params } = route(target)
    try {
      const { data, headers } = await this.call('read secrets', () => this.gh.request(`GET ${base}/{secret_name}`, { ...params, secret_name: name }))
      const d = data as { name: string; created_at: string; updated_at: string; visibility?: Visibility }
      const readAt = Date.parse(String(headers.date ?? ''))
      return { name: d.name, createdAt: d.created_at, updatedAt: d.updated_at, visibility: d.visibility, readAt: Number.isNaN(readAt) ? undefined : readAt }
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return undefined
      throw err
    }
  }

  /**
   * Proves a write landed: the secret exists, its `updated_at` is not older than the write (timestamps have
   * one-second resolution) nor than the update seen before writing, and an org secret has the visibility asked
   * for. Returns the metadata or throws.
   */
  async verify(target: SecretTarget, name: string, writtenAt: number, before?: SecretMetadata): Promise<SecretMetadata> {
    const label = targetLabel(target)
    const meta = await this.metadata(target, name)
    if (!meta) throw new ActionError(`GitHub does not list secret ${name} in ${label} after writing it`)
    const updated = Date.parse(meta.updatedAt)
    if (before && !(updated >= Date.parse(before.updatedAt)))
      throw new ActionError(`secret ${name} in ${label} was last updated at ${meta.updatedAt}, before its previous update (${before.updatedAt})`)
    if (Number.isNaN(updated) || updated < Math.floor(writtenAt / 1000) * 1000 - 1000)
      throw new ActionError(`secret ${name} in ${label} was last updated at ${meta.updatedAt}, before this run wrote it (${new Date(writtenAt).toISOString()})`)
    if (target.kind === 'org' && meta.visibility && meta.visibility !== target.visibility)
      throw new ActionError(`secret ${name} in ${label} has visibility ${meta.visibility}, not ${target.visibility}`)
    return meta
  }
}
