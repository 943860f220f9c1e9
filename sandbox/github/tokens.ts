/**
 * Tokens the fake accepts: PATs (full access, can write secrets and variables) and workflow tokens (like
 * `GITHUB_TOKEN`: scoped to one repository, no secrets/variables permission; GitHub answers 403
 * "Resource not accessible by integration").
 */
import { randomBytes } from 'node:crypto'
import type { FakeResponse } from '../common/index.js'
import { ghError } from './errors.js'
import type { Repo } from './store.js'

/** `GITHUB_TOKEN` permission keys (github/docs reusables `github-token-available-permissions`) that the fake checks. */
export type Permission = 'actions' | 'checks' | 'contents' | 'deployments' | 'issues' | 'pull-requests' | 'statuses'
export type Access = 'read' | 'write' | 'none'
export type Permissions = Partial<Record<Permission, Access>>

/** The permissive default a workflow gets without a `permissions:` key (every scope read/write). */
export const PERMISSIVE: Record<Permission, Access> = {
  actions: 'write',
  checks: 'write',
  contents: 'write',
  deployments: 'write',
  issues: 'write',
  'pull-requests': 'write',
  statuses: 'write'
}

export interface TokenInfo {
  token: string
  kind: 'pat' | 'workflow'
  login: string
  userId: number
  /** Workflow tokens act for one repository. */
  repo?: Repo
  /** Primary limit per hour (5,000 for a PAT, 1,000 for GITHUB_TOKEN). */
  limit: number
  /** Workflow tokens: what the job's `permissions:` granted (a PAT, classic, can do everything here). */
  permissions?: Record<Permission, Access>
}

/** A workflow token's permissions from a job's `permissions:` block: keys not named are `none`, as on GitHub. */
export function workflowPermissions(given?: Permissions): Record<Permission, Access> {
  if (!given) return { ...PERMISSIVE }
  return Object.fromEntries(Object.keys(PERMISSIVE).map((k) => [k, given[k as Permission] ?? 'none'])) as Record<Permission, Access>
}

const random36 = () => randomBytes(27).toString('base64url').replace(/[-_]/g, 'x')

/** `ghp_` + 36 characters, like a classic PAT. */
export const newPat = () => `ghp_${random36()}`
/** `ghs_` + 36 characters, like an installation token (GITHUB_TOKEN). */
export const newWorkflowToken = () => `ghs_${random36()}`

export function parseAuthorization(header: string | undefined): string | undefined {
  if (!header) return undefined
  const m = /^(?:bearer|token)\s+(\S+)\s*$/i.exec(header)
  return m?.[1]
}

export const NOT_ACCESSIBLE = 'Resource not accessible by integration'

/** 403 for a workflow token on an operation its permissions do not cover (secrets, variables, org admin). */
export function denyWorkflowToken(token: TokenInfo, docs?: string): FakeResponse | undefined {
  return token.kind === 'workflow' ? ghError(403, NOT_ACCESSIBLE, docs) : undefined
}

/** 403 when a workflow token is used on a repository other than its own. */
export function denyOtherRepo(token: TokenInfo, repo: Repo, docs?: string): FakeResponse | undefined {
  return token.kind === 'workflow' && token.repo !== repo ? ghError(403, NOT_ACCESSIBLE, docs) : undefined
}

/**
 * 403 when a workflow token lacks `permission` at `access` (GitHub's answer, with the `x-accepted-github-permissions`
 * header it sends fine-grained callers); the header is also set on `headers` for the answer that follows.
 */
export function denyPermission(token: TokenInfo, permission: Permission, access: 'read' | 'write', headers: Record<string, string>, docs?: string): FakeResponse | undefined {
  if (token.kind !== 'workflow') return undefined
  headers['x-accepted-github-permissions'] = `${permission}=${access}`
  const has = token.permissions?.[permission] ?? 'none'
  const ok = access === 'read' ? has !== 'none' : has === 'write'
  return ok ? undefined : ghError(403, NOT_ACCESSIBLE, docs, { headers: { 'x-accepted-github-permissions': `${permission}=${access}` } })
}
