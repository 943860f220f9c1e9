/** Settings shared by the Octopus and GoCD uploads (the GitHub one is paced by @actions/artifact), and what every destination is given. */
import type { ActionContext } from '../core/context.js'
import type { RetryPolicy } from '../core/retry-policy.js'

/** What a destination uses of the action's context: it returns its result and sets no outputs. */
export type UploadContext = Pick<ActionContext, 'logger' | 'secrets' | 'env'>

export interface TransferOptions {
  progressIntervalMs: number
  http: { retry?: Partial<RetryPolicy>; timeoutMs?: number; sleep?: (ms: number) => Promise<void> }
}

/**
 * The per-attempt ceiling of an upload request. Stalls are caught by undici's header timeout (300 s without a chunk
 * written, then 300 s for the answer; see streamed-upload.ts), so this only bounds a pathological trickle.
 */
export const UPLOAD_CEILING_MS = 24 * 60 * 60 * 1000
