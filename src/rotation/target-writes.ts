/**
 * Writes the new value to every target and proves each write landed. A failed write is classified honestly:
 * `failed` only when GitHub's answer proves it stored nothing (a 4xx); after an ambiguous failure (timeout, reset,
 * 5xx after retries) the secret's metadata decides, and when even that cannot be read the target is `unknown`,
 * i.e. it may hold the new value, so the new credential must stay alive.
 */
import { errorMessage } from '../core/errors.js'
import type { Logger } from '../core/logger.js'
import { provesNotActed } from '../github/errors.js'
import type { GithubSecrets, SecretMetadata } from '../github/secrets-client.js'
import { targetLabel, type SecretTarget } from '../github/targets.js'

export type TargetStatus =
  /** Written and verified through its metadata: holds the new value. */
  | 'verified'
  /** GitHub accepted the write (or its metadata shows it landed) but verification failed: may hold the new value. */
  | 'unverified'
  /** Unknown whether the write landed: may hold the new value. */
  | 'unknown'
  /** GitHub refused the write: holds its previous value. */
  | 'failed'
  /** Dry run: the target's public key was read; nothing was written. */
  | 'checked'

export interface TargetOutcome {
  target: SecretTarget
  label: string
  status: TargetStatus
  created?: boolean
  updatedAt?: string
  error?: string
}

/** True when the target holds, or may hold, the new value. */
export const mayHoldNew = (o: TargetOutcome) => o.status === 'verified' || o.status === 'unverified' || o.status === 'unknown'

/** Runs `fn` over `items` with at most `limit` in flight, keeping the order of results. */
export async function mapPool<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await fn(items[i], i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

const CONCURRENCY = 8
const SECOND = 1000

type Written = TargetOutcome & { writtenAt?: number; before?: SecretMetadata }

/**
 * After a write failed: did it land anyway? Compares the secret's metadata with the snapshot taken before writing,
 * on GitHub's clock only. A changed `updated_at` means it landed; an unchanged one means it did not, provided the
 * previous update is more than a second older than the write (else a landing write could carry the same second).
 */
async function landedAnyway(secrets: GithubSecrets, t: SecretTarget, name: string, before: SecretMetadata | undefined): Promise<'landed' | 'not-landed' | 'cannot-tell'> {
  const after = await secrets.metadata(t, name)
  if (!after) return 'not-landed'
  if (!before || after.updatedAt !== before.updatedAt) return 'landed'
  const previous = Date.parse(before.updatedAt)
  return before.readAt !== undefined && previous < Math.floor(before.readAt / SECOND) * SECOND - SECOND ? 'not-landed' : 'cannot-tell'
}

async function writeOne(secrets: GithubSecrets, logger: Logger, t: SecretTarget, name: string, value: string): Promise<Written> {
  const label = targetLabel(t)
  let before: SecretMetadata | undefined
  try {
    // Without the scope's key nothing can be sent, and the snapshot tells a landed write from a lost one later:
    // a failure here proves the target is unchanged.
    await secrets.publicKey(t)
    before = await secrets.metadata(t, name)
  } catch (err) {
    logger.error(`${label}: ${errorMessage(err)}`)
    return { target: t, label, status: 'failed', error: errorMessage(err) }
  }
  try {
    const res = await secrets.write(t, name, value)
    logger.info(`${label}: ${res.created ? 'created' : 'updated'} ${name}`)
    return { target: t, label, status: 'unverified', created: res.created, writtenAt: res.writtenAt, before }
  } catch (err) {
    const error = errorMessage(err)
    logger.error(`${label}: writing ${name} failed: ${error}`)
    let verdict: Awaited<ReturnType<typeof landedAnyway>>
    try {
      verdict = await landedAnyway(secrets, t, name, before)
    } catch (checkErr) {
      if (provesNotActed(err)) return { target: t, label, status: 'failed', error }
      return { target: t, label, status: 'unknown', error: `${error}; checking whether it landed failed too: ${errorMessage(checkErr)}` }
    }
    if (verdict === 'landed') {
      logger.warning(`${label}: ${name} changed nevertheless: the write landed`)
      return { target: t, label, status: 'unverified', writtenAt: before?.readAt ?? 0, before, error }
    }
    if (verdict === 'not-landed' || provesNotActed(err)) return { target: t, label, status: 'failed', error }
    return { target: t, label, status: 'unknown', error: `${error}; its updated_at cannot tell whether the write landed` }
  }
}

/** Writes to every target, then verifies every write that GitHub accepted. */
export async function writeTargets(
  secrets: GithubSecrets,
  logger: Logger,
  targets: SecretTarget[],
  name: string,
  value: string
): Promise<TargetOutcome[]> {
  const written = await mapPool(targets, CONCURRENCY, (t) => writeOne(secrets, logger, t, name, value))
  return mapPool(written, CONCURRENCY, async ({ writtenAt, before, ...o }): Promise<TargetOutcome> => {
    if (o.status !== 'unverified' || writtenAt === undefined) return o
    try {
      const meta = await secrets.verify(o.target, name, writtenAt, before)
      return { ...o, status: 'verified', updatedAt: meta.updatedAt, error: undefined }
    } catch (err) {
      logger.error(`${o.label}: could not verify ${name}: ${errorMessage(err)}`)
      return { ...o, error: errorMessage(err) }
    }
  })
}

/** Dry run: reads each target's public key, which proves the target exists and the token can see it. */
export async function checkTargets(secrets: GithubSecrets, logger: Logger, targets: SecretTarget[]): Promise<TargetOutcome[]> {
  return mapPool(targets, CONCURRENCY, async (t) => {
    const label = targetLabel(t)
    try {
      await secrets.publicKey(t)
      if (t.kind === 'org' && t.visibility === 'selected') await secrets.repositoryIds(t.org, t.selectedRepositories)
      logger.info(`${label}: reachable (dry run: nothing written)`)
      return { target: t, label, status: 'checked' as const }
    } catch (err) {
      logger.error(`${label}: ${errorMessage(err)}`)
      return { target: t, label, status: 'failed' as const, error: errorMessage(err) }
    }
  })
}
