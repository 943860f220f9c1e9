import type { InputReader } from '../../core/inputs.js'
import { readGocdConnection, type GocdConnection } from '../../gocd/connection.js'
import { readOctopusConnection, type OctopusConnectionInputs } from '../../octopus/connection.js'
import { parseTarget, secretNameProblem, targetLabel, type SecretTarget, type Visibility } from '../../github/targets.js'
import { CHARSETS, MAX_RANDOM_LENGTH, MIN_RANDOM_LENGTH, type Charset } from '../../rotation/sources/random.js'

export const SOURCES = ['octopus_api_key', 'gocd_access_token', 'random', 'value'] as const
export type SourceKind = (typeof SOURCES)[number]

export interface RotateSecretInputs {
  source: SourceKind
  secretName: string
  targets: SecretTarget[]
  githubToken: string
  githubApiUrl?: string
  revokePrevious: boolean
  keepPrevious: number
  dryRun: boolean
  length: number
  charset: Charset
  value?: string
  /** source octopus_api_key: the connection (inputs server, api_key / service_account_id, space, TLS). */
  octopus?: OctopusConnectionInputs
  expiresInDays?: number
  /** source gocd_access_token: the Basic-auth connection (inputs server, username, password, TLS). */
  gocd?: GocdConnection
}

/**
 * Reads a connection's inputs (always, so every declared input is read) but keeps its problems only when the
 * source uses it: the Octopus and GoCD connections share `server` and the TLS inputs, with their own env fallbacks.
 */
function readConnection<T>(inputs: InputReader, used: boolean, read: (r: InputReader) => T): T | undefined {
  const before = inputs.problems.length
  const connection = read(inputs)
  if (used) return connection
  inputs.problems.splice(before)
  return undefined
}

/** A line without a kind that looks like owner/name (such as GITHUB_REPOSITORY) is a repository target. */
function normaliseTargetLine(line: string): string {
  return /^[^:/\s]+\/[^:/\s]+$/.test(line) ? `repo:${line}` : line
}

export function parseInputs(inputs: InputReader): RotateSecretInputs {
  const source = inputs.enumOf('source', SOURCES, { required: true })
  const secretName = inputs.required('secret_name')
  const targetLines = inputs.list('targets', { env: 'GITHUB_REPOSITORY', comma: false })
  const visibilityInput = inputs.enumOf('visibility', ['all', 'private', 'selected'] as const)
  const selectedRepositories = inputs.list('selected_repositories')
  const githubToken = inputs.required('github_token', { env: 'GH_TOKEN', secret: true })
  const githubApiUrl = inputs.url('github_api_url', { env: 'GITHUB_API_URL' })
  const revokePrevious = inputs.boolean('revoke_previous', true)
  const keepPrevious = inputs.integer('keep_previous', { min: 0, max: 100 }) ?? 0
  const dryRun = inputs.boolean('dry_run', false)
  const length = inputs.integer('length', { min: MIN_RANDOM_LENGTH, max: MAX_RANDOM_LENGTH }) ?? 32
  const charset = inputs.enumOf('charset', Object.keys(CHARSETS) as Charset[]) ?? 'alphanumeric'
  const value = inputs.string('value', { secret: true })
  const octopus = readConnection(inputs, source === 'octopus_api_key', readOctopusConnection)
  const expiresInDays = inputs.integer('expires_in_days', { min: 1, max: 3650 })
  const gocd = readConnection(inputs, source === 'gocd_access_token', readGocdConnection)
  const credentialProblem = inputs.problems.some((p) => p.includes("'username'") || p.includes("'password'"))
  if (gocd && (gocd.auth.kind === 'token' || (gocd.auth.kind === 'none' && gocd.server && !credentialProblem)))
    inputs.problem(
      `source gocd_access_token needs ${inputs.label('username', 'GOCD_USERNAME')} and ${inputs.label('password', 'GOCD_PASSWORD')}: GoCD refuses its access-token APIs to requests made with a token${gocd.auth.kind === 'token' ? " (remove 'token' / GOCD_TOKEN)" : ''}`
    )

  const nameProblem = secretName ? secretNameProblem(secretName) : undefined
  if (nameProblem) inputs.problem(`input 'secret_name' ${nameProblem} (got "${secretName}")`)

  if (!targetLines.length && !inputs.problems.some((p) => p.includes("'targets'")))
    inputs.problem(`input ${inputs.label('targets', 'GITHUB_REPOSITORY')} is required: list the secrets' targets, one per line`)
  if (visibilityInput && visibilityInput !== 'selected' && selectedRepositories.length)
    inputs.problem(`input 'selected_repositories' needs 'visibility: selected' (got "${visibilityInput}")`)
  const visibility: Visibility = visibilityInput ?? (selectedRepositories.length ? 'selected' : 'private')
  const targets: SecretTarget[] = []
  const seen = new Set<string>()
  for (const line of targetLines) {
    try {
      const t = parseTarget(normaliseTargetLine(line), { visibility, selectedRepositories })
      const label = targetLabel(t).toLowerCase()
      if (seen.has(label)) inputs.problem(`input 'targets' lists ${targetLabel(t)} twice`)
      seen.add(label)
      targets.push(t)
    } catch (err) {
      inputs.problem(`input 'targets': ${(err as Error).message}`)
    }
  }
  if ((visibilityInput || selectedRepositories.length) && targets.length && !targets.some((t) => t.kind === 'org'))
    inputs.problem(`inputs 'visibility' and 'selected_repositories' apply to org targets only, and 'targets' has none`)

  if (source === 'value' && !value) inputs.problem(`input 'value' is required when source is value`)
  if (source && source !== 'value' && value) inputs.problem(`input 'value' is only used with source 'value' (source is ${source})`)

  inputs.finish()
  return {
    source: source!,
    secretName,
    targets,
    githubToken,
    githubApiUrl,
    revokePrevious,
    keepPrevious,
    dryRun,
    length,
    charset,
    value,
    octopus,
    expiresInDays,
    gocd
  }
}
