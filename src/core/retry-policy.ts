/**
 * When and how long to wait before retrying an HTTP request.
 *
 * - Retryable statuses: 408, 429, 500, 502, 503, 504. Retryable network failures: resets, timeouts, refused
 *   connections, DNS hiccups.
 * - Whether the server may already have acted ("ambiguous"): a refused connection, 408 and 429 mean it did not;
 *   a reset, a timeout or a 5xx may hide a request that was carried out. Non-idempotent requests are retried after
 *   an ambiguous failure only when the caller can check the server's state first (see `HttpClient.request`).
 * - Delay: exponential backoff with jitter, or the server's `Retry-After` (seconds or HTTP date), capped.
 */
export const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504])
const NOT_ACTED_STATUSES = new Set([408, 429])
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT'])
const RETRYABLE_CODES = new Set([
  ...NOT_SENT_CODES,
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNABORTED',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT'
])

export interface RetryPolicy {
  retries: number
  baseDelayMs: number
  maxDelayMs: number
  maxRetryAfterMs: number
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 4, baseDelayMs: 500, maxDelayMs: 15_000, maxRetryAfterMs: 120_000 }

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status)
}

/** True when a failed response proves the server did not carry out the request. */
export function statusProvesNotActed(status: number): boolean {
  return NOT_ACTED_STATUSES.has(status)
}

/** The innermost error code of a fetch failure (`ECONNRESET`, `UND_ERR_SOCKET`, ...). */
export function networkErrorCode(err: unknown): string | undefined {
  let e: unknown = err
  for (let depth = 0; depth < 5 && e; depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string') return code
    e = (e as { cause?: unknown }).cause
  }
  return undefined
}

export function isRetryableNetworkError(code: string | undefined, timedOut: boolean): boolean {
  return timedOut || (code !== undefined && RETRYABLE_CODES.has(code)) || code === undefined
}

export function networkErrorProvesNotSent(code: string | undefined): boolean {
  return code !== undefined && NOT_SENT_CODES.has(code)
}

/** Parses `Retry-After` (delta-seconds or HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined
  const v = value.trim()
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000)
  const date = Date.parse(v)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - now)
}

/** Delay before retry number `attempt` (0-based): exponential with "equal jitter", or Retry-After when given. */
export function retryDelay(attempt: number, policy: RetryPolicy, random: () => number, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxRetryAfterMs)
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt)
  return Math.round(exp / 2 + random() * (exp / 2))
}
