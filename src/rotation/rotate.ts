/**
 * The rotation state machine:
 *   create -> verify the new credential -> switch to it -> write every target -> verify every target ->
 *   revoke the older managed credentials beyond `keep_previous`.
 *
 * Invariants (whatever fails, wherever):
 * - no target is ever left holding a credential that does not work: the new credential is revoked only when no
 *   target holds or may hold it, and older credentials are revoked only when every target verifiably holds the new;
 * - failure before any target was written revokes the new credential: nothing changed;
 * - failure after some targets were written keeps every credential alive and reports which targets hold the new
 *   value; a re-run converges (it writes every target, then revokes the older managed credentials);
 * - a dry run creates, writes and revokes nothing.
 * Failures are returned in `failure`, so outputs and the summary are written whatever happened.
 */
import { errorMessage } from '../core/errors.js'
import type { Logger } from '../core/logger.js'
import type { GithubSecrets } from '../github/secrets-client.js'
import type { SecretTarget } from '../github/targets.js'
import type { CredentialSource, ManagedCredential, NewCredential } from './sources/types.js'
import { checkTargets, mayHoldNew, writeTargets, type TargetOutcome } from './target-writes.js'

export interface RotationRequest {
  secretName: string
  targets: SecretTarget[]
  revokePrevious: boolean
  keepPrevious: number
  dryRun: boolean
}

export interface RotationResult {
  dryRun: boolean
  /** Id of the new credential at its source ('' for random/value, and in a dry run). */
  credentialId: string
  rotatedAt: string
  targets: TargetOutcome[]
  /** Targets verified to hold the new value. */
  updatedTargets: string[]
  /** Ids of older credentials revoked (in a dry run: the ids that would be revoked). */
  revoked: string[]
  /** Ids of older managed credentials kept (`keep_previous`, or because the rotation did not complete). */
  kept: string[]
  /** True when the new credential was revoked again because no target took it. */
  newCredentialRevoked: boolean
  /** Why the rotation did not complete; undefined on success. */
  failure?: string
}

export interface RotationDeps {
  source: CredentialSource
  secrets: GithubSecrets
  logger: Logger
  now?: () => Date
  /** Waits before sending a throttled secret write again (tests make it instant). */
  sleep?: (ms: number) => Promise<void>
}

/** The managed credentials to revoke: all but the newest `keep`. */
export function selectForRevocation(managed: ManagedCredential[], keep: number): { revoke: ManagedCredential[]; keep: ManagedCredential[] } {
  // Newest first; equal times (GoCD has one-second resolution) fall back to the id, which GoCD numbers in order.
  const sorted = [...managed].sort(
    (a, b) => (Date.parse(b.createdAt ?? '') || 0) - (Date.parse(a.createdAt ?? '') || 0) || b.id.localeCompare(a.id, undefined, { numeric: true })
  )
  return { keep: sorted.slice(0, keep), revoke: sorted.slice(keep) }
}

const firstLine = (text: string) => text.split('\n')[0]

function list(outcomes: TargetOutcome[]): string {
  return outcomes.map((o) => `${o.label}${o.error ? ` (${firstLine(o.error)})` : ''}`).join('; ')
}

/** The advice lines of the targets' errors, once each (the same hint for fifty targets is said once). */
export function targetHints(outcomes: TargetOutcome[]): string[] {
  const hints = new Set<string>()
  for (const o of outcomes) for (const line of (o.error ?? '').split('\n').slice(1)) if (line.trim()) hints.add(line.trim())
  return [...hints]
}

function withHints(message: string, outcomes: TargetOutcome[]): string {
  const hints = targetHints(outcomes)
  return hints.length ? `${message}\n${hints.join('\n')}` : message
}

export async function rotate(deps: RotationDeps, req: RotationRequest): Promise<RotationResult> {
  const { source, secrets, logger } = deps
  const rotatedAt = (deps.now?.() ?? new Date()).toISOString()
  const result: RotationResult = { dryRun: req.dryRun, credentialId: '', rotatedAt, targets: [], updatedTargets: [], revoked: [], kept: [], newCredentialRevoked: false }
  const older = async (exclude: string) =>
    source.revocable && req.revokePrevious ? selectForRevocation((await source.listManaged()).filter((c) => c.id !== exclude), req.keepPrevious) : { revoke: [], keep: [] }

  if (req.dryRun) {
    try {
      await source.check()
    } catch (err) {
      result.failure = `dry run: the ${source.description} source cannot be used: ${errorMessage(err)}`
      return result
    }
    result.targets = await checkTargets(secrets, logger, req.targets)
    const failed = result.targets.filter((o) => o.status === 'failed')
    if (failed.length) result.failure = withHints(`dry run: ${failed.length} of ${req.targets.length} targets cannot be written: ${list(failed)}`, failed)
    try {
      const { revoke, keep } = await older('')
      result.revoked = revoke.map((c) => c.id)
      result.kept = keep.map((c) => c.id)
    } catch (err) {
      result.failure = [result.failure, `dry run: listing the ${source.description}s that would be revoked failed: ${errorMessage(err)}`].filter(Boolean).join('\n')
    }
    return result
  }

  let credential: NewCredential
  try {
    credential = await source.create()
  } catch (err) {
    result.failure = `creating the new ${source.description} failed: ${errorMessage(err)}\nNothing was changed.`
    return result
  }
  result.credentialId = credential.id
  logger.info(`created a new ${source.description}${credential.id ? ` (${credential.id})` : ''}`)

  const revokeNew = async (why: string): Promise<string> => {
    if (!source.revocable) return `${why}; no target was changed`
    try {
      await source.revoke(credential.id)
      result.newCredentialRevoked = true
      return `${why}; the new ${source.description} ${credential.id} was revoked and no target was changed`
    } catch (err) {
      return `${why}; no target was changed, but revoking the new ${source.description} ${credential.id} failed (${errorMessage(err)}): it holds the rotation marker, so the next run revokes it`
    }
  }

  try {
    await source.verify(credential)
  } catch (err) {
    result.failure = await revokeNew(`the new ${source.description} does not work: ${errorMessage(err)}`)
    return result
  }
  source.switchTo(credential)

  result.targets = await writeTargets(secrets, logger, req.targets, req.secretName, credential.value, deps.sleep)
  result.updatedTargets = result.targets.filter((o) => o.status === 'verified').map((o) => o.label)
  const holding = result.targets.filter(mayHoldNew)
  const incomplete = result.targets.filter((o) => o.status !== 'verified')
  if (!holding.length) {
    result.failure = withHints(await revokeNew(`no target took the new value: ${list(result.targets)}`), result.targets)
    return result
  }
  if (incomplete.length) {
    const uncertain = incomplete.filter(mayHoldNew)
    result.failure =
      `${result.updatedTargets.length} of ${req.targets.length} targets hold the new value (${result.updatedTargets.join(', ') || 'none verified'}); ` +
      `not updated: ${list(incomplete.filter((o) => !mayHoldNew(o))) || 'none'}` +
      (uncertain.length ? `; may hold the new value but could not be verified: ${list(uncertain)}` : '') +
      `. Nothing was revoked, so every target still holds a working credential; fix the problem and run again to converge.`
    result.failure = withHints(result.failure, incomplete)
    return result
  }
  logger.info(`all ${req.targets.length} targets hold the new value`)

  let selection: { revoke: ManagedCredential[]; keep: ManagedCredential[] }
  try {
    selection = await older(credential.id)
  } catch (err) {
    result.failure = `every target holds the new value, but listing the older ${source.description}s to revoke failed: ${errorMessage(err)}. Run again to retry.`
    return result
  }
  result.kept = selection.keep.map((c) => c.id)
  const failures: string[] = []
  for (const c of selection.revoke) {
    try {
      await source.revoke(c.id)
      result.revoked.push(c.id)
      logger.info(`revoked the previous ${source.description} ${c.id}`)
    } catch (err) {
      failures.push(`${c.id}: ${errorMessage(err)}`)
    }
  }
  if (failures.length)
    result.failure = `every target holds the new value, but revoking ${failures.length} previous ${source.description}(s) failed: ${failures.join('; ')}. Run again to retry.`
  return result
}
