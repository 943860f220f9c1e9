/**
 * The operations every secret scope shares (repo, environment, org, Dependabot): public key, list, get, put (sealed
 * box opened with the scope's private key), delete; plus the org-only visibility and selected-repository rules.
 */
import type { FakeResponse } from '../../common/index.js'
import { ghError, notFound, validationFailed } from '../errors.js'
import { Answer, type RestContext } from '../rest.js'
import { openSealedBox } from '../sealed-box.js'
import type { GitHubStore, SecretScope, StoredSecret, Visibility } from '../store.js'
import { page } from './paging.js'

export const MAX_SECRET_BYTES = 48 * 1024
const NAME_RULE = /^[A-Za-z_][A-Za-z0-9_]*$/

/** GitHub's secret/variable name rules: `[A-Za-z0-9_]`, no leading digit, no `GITHUB_` prefix. */
export function nameProblem(name: string, kind: 'Secret' | 'Variable'): string | undefined {
  if (!NAME_RULE.test(name))
    return `${kind} names can only contain alphanumeric characters ([a-z], [A-Z], [0-9]) or underscores (_). Spaces are not allowed. Must start with a letter ([a-z], [A-Z]) or underscores (_).`
  if (/^GITHUB_/i.test(name)) return `${kind} names must not start with the GITHUB_ prefix.`
  return undefined
}

export function publicKey(scope: SecretScope): FakeResponse {
  const key = scope.readKey()
  return { status: 200, body: { key_id: key.keyId, key: key.key } }
}

/**
 * GitHub's answer to a box it cannot open with the scope's current key: a `key_id` that is not (or no longer) the
 * scope's key, or a value sealed with another key (seen verbatim in integrations/terraform-provider-github#2315).
 */
export const IMPROPERLY_ENCRYPTED = 'Bad request - validation failed due to an improperly encrypted secret'

function secretJson(s: StoredSecret, selectedUrl?: string) {
  const out: Record<string, unknown> = { name: s.name, created_at: s.created_at, updated_at: s.updated_at }
  if (s.visibility) {
    out.visibility = s.visibility
    if (s.visibility === 'selected' && selectedUrl) out.selected_repositories_url = `${selectedUrl}/${s.name}/repositories`
  }
  return out
}

export function listSecrets(ctx: RestContext, scope: SecretScope, selfPath: string): FakeResponse {
  const all = [...scope.secrets.values()].sort((a, b) => a.name.localeCompare(b.name))
  const selfUrl = `${ctx.apiBase}${selfPath}`
  const { slice, headers } = page(all, ctx.query, 30, 100, selfUrl)
  return { status: 200, headers, body: { total_count: all.length, secrets: slice.map((s) => secretJson(s, selfUrl)) } }
}

export function getSecret(ctx: RestContext, scope: SecretScope, selfPath: string): FakeResponse {
  const s = scope.get(ctx.params.secret_name)
  if (!s) return notFound(ctx.docs)
  return { status: 200, body: secretJson(s, `${ctx.apiBase}${selfPath}`) }
}

function invalid(ctx: RestContext, detail: string): Answer {
  return new Answer(ghError(422, `Invalid request.\n\n${detail}`, ctx.docs))
}

export function selectedIds(ctx: RestContext, store: GitHubStore, owner: string, raw: unknown[]): Set<number> {
  const ids = new Set<number>()
  for (const v of raw) {
    const id = Number(v)
    const repo = Number.isInteger(id) ? store.repoById(id) : undefined
    if (!repo || repo.owner.toLowerCase() !== owner.toLowerCase()) throw invalid(ctx, `Repository ${String(v)} is not a repository of ${owner}.`)
    ids.add(id)
  }
  return ids
}

export interface PutOptions {
  /** Org scopes: the org login (enables visibility and selected repositories). */
  org?: string
  /** Ledger kind/id label of the scope, e.g. `repo o/r`. */
  label: string
}

/** PUT a secret: 201 `{}` when created, 204 when updated. */
export function putSecret(ctx: RestContext, scope: SecretScope, opts: PutOptions, onWrite: (s: StoredSecret, created: boolean) => void): FakeResponse {
  const name = ctx.params.secret_name
  const problem = nameProblem(name, 'Secret')
  if (problem) return validationFailed(ctx.docs, 'Secret', 'name', 'invalid', problem)
  const body = (ctx.body ?? {}) as { encrypted_value?: string; key_id?: string; visibility?: Visibility; selected_repository_ids?: unknown[] }
  if (body.encrypted_value === undefined) throw invalid(ctx, `"encrypted_value" wasn't supplied.`)
  if (body.key_id === undefined) throw invalid(ctx, `"key_id" wasn't supplied.`)
  const plain = body.key_id === scope.key.keyId ? openSealedBox(scope.key, body.encrypted_value) : undefined
  if (!plain) return ghError(422, IMPROPERLY_ENCRYPTED, ctx.docs)
  if (plain.length > MAX_SECRET_BYTES) return validationFailed(ctx.docs, 'Secret', 'encrypted_value', 'too_large', 'Secret value is too large (maximum 48 KB).')
  let selected: Set<number> | undefined
  if (opts.org) {
    if (!body.visibility) throw invalid(ctx, `"visibility" wasn't supplied.`)
    if (body.selected_repository_ids !== undefined) {
      if (body.visibility !== 'selected') throw invalid(ctx, 'selected_repository_ids can only be used with the visibility "selected".')
      selected = selectedIds(ctx, ctx.store, opts.org, body.selected_repository_ids)
    }
  }
  const now = ctx.store.now()
  const existing = scope.get(name)
  const stored: StoredSecret = existing ?? { name: name.toUpperCase(), value: '', created_at: now, updated_at: now }
  stored.value = plain.toString('utf8')
  stored.updated_at = now
  if (opts.org) {
    stored.visibility = body.visibility
    stored.selected = body.visibility === 'selected' ? (selected ?? (existing?.visibility === 'selected' ? existing.selected : new Set())) : undefined
  }
  scope.secrets.set(stored.name, stored)
  onWrite(stored, !existing)
  return existing ? { status: 204 } : { status: 201, body: {} }
}

export function deleteSecret(ctx: RestContext, scope: SecretScope): FakeResponse {
  const s = scope.get(ctx.params.secret_name)
  if (!s) return notFound(ctx.docs)
  scope.secrets.delete(s.name)
  return { status: 204 }
}

/** Shared by org secrets and org variables: the selected-repositories sub-resource. */
export interface Selectable {
  visibility?: Visibility
  selected?: Set<number>
}

export function selectedRepoOps(
  ctx: RestContext,
  item: Selectable | undefined,
  repoJson: (id: number) => unknown
): FakeResponse {
  if (!item) return notFound(ctx.docs)
  const op = ctx.operation.operationId
  if (op.includes('list-selected-repos')) {
    const ids = [...(item.selected ?? [])]
    const { slice } = page(ids, ctx.query, 30, 100, '')
    return { status: 200, body: { total_count: ids.length, repositories: slice.map(repoJson) } }
  }
  if (op.includes('set-selected-repos')) {
    if (item.visibility !== 'selected') return ghError(409, 'Conflict', ctx.docs)
    item.selected = selectedIds(ctx, ctx.store, ctx.params.org, (ctx.body as { selected_repository_ids: unknown[] }).selected_repository_ids)
    return { status: 204 }
  }
  if (item.visibility !== 'selected') return ghError(409, 'Conflict', ctx.docs)
  const id = Number(ctx.params.repository_id)
  if (op.includes('add-selected-repo')) {
    item.selected = new Set([...(item.selected ?? []), ...selectedIds(ctx, ctx.store, ctx.params.org, [id])])
  } else item.selected?.delete(id)
  return { status: 204 }
}
