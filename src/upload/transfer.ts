/** Settings shared by the Octopus and GoCD uploads (the GitHub one is paced by @actions/artifact). */
import type { RetryPolicy } from '../core/retry-policy.js'

export interface TransferOptions {
  progressIntervalMs: number
  stallTimeoutMs: number
  http: { retry?: Partial<RetryPolicy>; timeoutMs?: number; sleep?: (ms: number) => Promise<void> }
}

/**
 * The per-attempt ceiling of an upload request. Uploads are guarded by the stall timeout while they send and by
 * undici's 300-second header timeout while the server answers, so this only bounds a pathological trickle.
 */
export const UPLOAD_CEILING_MS = 24 * 60 * 60 * 1000
