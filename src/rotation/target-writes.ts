/**
 * Writes the new value to every target and proves each write landed. A failed write is classified honestly:
 * `failed` only when GitHub's answer proves it stored nothing (a 4xx); after an ambiguous failure (timeout, reset,
 * 5xx after retries) the secret's metadata decides, and when even that cannot be read the target is `unknown`,
 * i.e. it may hold the new value, so the new credential must stay alive.
 */
import { ApiError, errorMessage } from '../core/errors.js'
import { parseRetryAfter } from '../core/retry-policy.js'
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
const firstLine = (text: string) => text.split('\n')[0]
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

/** Attempts at one target's write; after an ambiguous failure the write is sent again only if it did not land. */
const WRITE_ATTEMPTS = 3

type Sleep = (ms: number) => Promise<void>
const realSleep: Sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** 408 and 429 prove GitHub did not act: wait as it asks (Retry-After), at most a minute. */
function throttledDelay(err: unknown, attempt: number): number | undefined {
  if (!(err instanceof ApiError) || (err.status !== 408 && err.status !== 429)) return undefined
  return Math.min(60_000, parseRetryAfter(err.headers['retry-after']) ?? attempt * SECOND)
}

async function writeOne(secrets: GithubSecrets, logger: Logger, t: SecretTarget, name: string, value: string, sleep: Sleep): Promise<Written> {
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
  for (let attempt = 1; ; attempt++) {
    try {
      // No transport retries: a retried PUT whose first answer was lost would write the secret twice.
      const res = await secrets.write(t, name, value, { retries: 0 })
      logger.info(`${label}: ${res.created ? 'created' : 'updated'} ${name}`)
      return { target: t, label, status: 'unverified', created: res.created, writtenAt: res.writtenAt, before }
    } catch (err) {
      const error = errorMessage(err)
      const delay = throttledDelay(err, attempt)
      if (delay !== undefined && attempt < WRITE_ATTEMPTS) {
        logger.warning(`${label}: GitHub throttled writing ${name} (${firstLine(error)}); sending it again in ${Math.round(delay / SECOND)}s`)
        await sleep(delay)
        continue
      }
      if (provesNotActed(err)) {
        logger.error(`${label}: writing ${name} failed: ${error}`)
        return { target: t, label, status: 'failed', error }
      }
      let verdict: Awaited<ReturnType<typeof landedAnyway>> | 'check-failed'
      let checkError = ''
      try {
        verdict = await landedAnyway(secrets, t, name, before)
      } catch (checkErr) {
        verdict = 'check-failed'
        checkError = errorMessage(checkErr)
      }
      if (verdict === 'landed') {
        logger.warning(`${label}: the answer to writing ${name} was lost (${error}), but the secret changed: the write landed`)
        return { target: t, label, status: 'unverified', writtenAt: before?.readAt ?? 0, before, error }
      }
      if (attempt < WRITE_ATTEMPTS) {
        // Not landed, or cannot tell: sending the same value again is harmless either way.
        logger.warning(`${label}: writing ${name} failed (${error}) and it did not land; sending it again (${attempt + 1}/${WRITE_ATTEMPTS})`)
        continue
      }
      logger.error(`${label}: writing ${name} failed: ${error}`)
      if (verdict === 'not-landed') return { target: t, label, status: 'failed', error }
      if (verdict === 'check-failed') return { target: t, label, status: 'unknown', error: `${error}; checking whether it landed failed too: ${checkError}` }
      return { target: t, label, status: 'unknown', error: `${error}; its updated_at cannot tell whether the write landed` }
    }
  }
}

/** Writes to every target, then verifies every write that GitHub accepted. */
export async function writeTargets(
  secrets: GithubSecrets,
  logger: Logger,
  targets: SecretTarget[],
  name: string,
  value: string,
  sleep: Sleep = realSleep
): Promise<TargetOutcome[]> {
  const written = await mapPool(targets, CONCURRENCY, (t) => writeOne(secrets, logger, t, name, value, sleep))
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
