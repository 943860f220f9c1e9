/** Settings shared by the Octopus and GoCD uploads (the GitHub one is paced by @actions/artifact). */
import type { RetryPolicy } from '../core/retry-policy.js'

export interface TransferOptions {
  progressIntervalMs: number
  http: { retry?: Partial<RetryPolicy>; timeoutMs?: number; sleep?: (ms: number) => Promise<void> }
}

/**
 * The per-attempt ceiling of an upload request. Stalls are caught by undici's header timeout (300 s without a chunk
 * written, then 300 s for the answer; see streamed-upload.ts), so this only bounds a pathological trickle.
 */
export const UPLOAD_CEILING_MS = 24 * 60 * 60 * 1000
