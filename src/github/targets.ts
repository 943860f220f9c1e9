/**
 * Where a secret can be stored, written as one line each:
 * `repo:owner/name`, `environment:owner/name/env name` (the environment name may hold spaces and `/`),
 * `org:name` (with a visibility and, for `selected`, the repositories that see it) and `dependabot:owner/name`.
 * Also GitHub's secret-name rules, checked before anything is created.
 */

export type Visibility = 'all' | 'private' | 'selected'

export type SecretTarget =
  | { kind: 'repo'; owner: string; repo: string }
  | { kind: 'environment'; owner: string; repo: string; environment: string }
  | { kind: 'org'; org: string; visibility: Visibility; selectedRepositories: string[] }
  | { kind: 'dependabot'; owner: string; repo: string }

export const TARGET_FORMS = "'repo:owner/name', 'environment:owner/name/environment name', 'org:name' or 'dependabot:owner/name'"

const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/
const REPO = /^[A-Za-z0-9._-]{1,100}$/

function ownerRepo(text: string, spec: string): { owner: string; repo: string } {
  const [owner, repo, ...rest] = text.split('/').map((p) => p.trim())
  if (rest.length || !owner || !repo) throw new Error(`target "${spec}" must name a repository as owner/name`)
  if (!OWNER.test(owner)) throw new Error(`target "${spec}": "${owner}" is not a valid GitHub account name`)
  if (!REPO.test(repo) || repo === '.' || repo === '..') throw new Error(`target "${spec}": "${repo}" is not a valid repository name`)
  return { owner, repo }
}

/** Parses one target line. Org targets take the visibility settings given. */
export function parseTarget(spec: string, org: { visibility: Visibility; selectedRepositories: string[] }): SecretTarget {
  const at = spec.indexOf(':')
  if (at < 0) throw new Error(`target "${spec}" has no kind: write ${TARGET_FORMS}`)
  const kind = spec.slice(0, at).trim().toLowerCase()
  const rest = spec.slice(at + 1).trim()
  switch (kind) {
    case 'repo':
      return { kind: 'repo', ...ownerRepo(rest, spec) }
    case 'dependabot':
      return { kind: 'dependabot', ...ownerRepo(rest, spec) }
    case 'environment':
    case 'env': {
      const parts = rest.split('/')
      const environment = parts.slice(2).join('/').trim()
      if (parts.length < 3 || !environment) throw new Error(`target "${spec}" must be environment:owner/name/environment name`)
      if (environment.length > 255) throw new Error(`target "${spec}": environment names are at most 255 characters`)
      return { kind: 'environment', ...ownerRepo(parts.slice(0, 2).join('/'), spec), environment }
    }
    case 'org':
    case 'organization': {
      if (!OWNER.test(rest)) throw new Error(`target "${spec}": "${rest}" is not a valid organization name`)
      return { kind: 'org', org: rest, visibility: org.visibility, selectedRepositories: org.selectedRepositories }
    }
    default:
      throw new Error(`target "${spec}" has an unknown kind "${kind}": write ${TARGET_FORMS}`)
  }
}

/** A stable, readable name of a target (outputs, summary, the key cache). */
export function targetLabel(t: SecretTarget): string {
  switch (t.kind) {
    case 'repo':
      return `repo:${t.owner}/${t.repo}`
    case 'dependabot':
      return `dependabot:${t.owner}/${t.repo}`
    case 'environment':
      return `environment:${t.owner}/${t.repo}/${t.environment}`
    case 'org':
      return `org:${t.org}`
  }
}

/** GitHub's rules for secret names (github/docs "Using secrets"); undefined when the name is fine. */
export function secretNameProblem(name: string): string | undefined {
  if (!/^[A-Za-z0-9_]+$/.test(name)) return 'may contain only letters, digits and underscores ([A-Za-z0-9_])'
  if (/^[0-9]/.test(name)) return 'must not start with a digit'
  if (/^GITHUB_/i.test(name)) return 'must not start with GITHUB_ (reserved by GitHub)'
  return undefined
}
