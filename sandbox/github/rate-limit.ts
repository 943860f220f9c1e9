/**
 * GitHub's rate limits as a client sees them: primary (per token per hour, `x-ratelimit-*` headers on every
 * authenticated response, 403 "API rate limit exceeded" at zero) and the secondary limit on content-creating requests
 * (POST/PATCH/PUT/DELETE per minute; 403 or 429 with `retry-after` and a "secondary rate limit" message).
 */
import type { Clock } from '../common/index.js'
import { ghError } from './errors.js'
import type { FakeResponse } from '../common/index.js'

export interface RateLimitOptions {
  /** Secondary limit: content-creating requests per window per token (GitHub: 80 per minute). */
  secondaryPerMinute?: number
  /** The window of the secondary limit (default 60 s; the CLI uses a shorter one). */
  secondaryWindowMs?: number
  /** Status of a secondary-limit answer: 403 (GitHub's usual) or 429. */
  secondaryStatus?: 403 | 429
}

interface Bucket {
  limit: number
  used: number
  resetAt: number
  writes: number[]
}

export const SECONDARY_DOCS =
  'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits'
const PRIMARY_DOCS = 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-the-primary-rate-limit'

export class RateLimiter {
  secondaryPerMinute: number
  secondaryWindowMs: number
  secondaryStatus: 403 | 429
  private readonly buckets = new Map<string, Bucket>()

  constructor(private readonly clock: Clock, opts: RateLimitOptions = {}) {
    this.secondaryPerMinute = opts.secondaryPerMinute ?? 80
    this.secondaryWindowMs = opts.secondaryWindowMs ?? 60_000
    this.secondaryStatus = opts.secondaryStatus ?? 403
  }

  private bucket(token: string, limit: number): Bucket {
    let b = this.buckets.get(token)
    const now = this.clock.now()
    if (!b || now >= b.resetAt) {
      b = { limit, used: 0, resetAt: now + 3600_000, writes: b?.writes ?? [] }
      this.buckets.set(token, b)
    }
    return b
  }

  /** Sets how many primary-limit requests a token has left (to test exhaustion). */
  setRemaining(token: string, limit: number, remaining: number): void {
    const b = this.bucket(token, limit)
    b.limit = limit
    b.used = limit - remaining
  }

  headers(token: string, limit: number): Record<string, string> {
    const b = this.bucket(token, limit)
    return {
      'x-ratelimit-limit': String(b.limit),
      'x-ratelimit-remaining': String(Math.max(0, b.limit - b.used)),
      'x-ratelimit-used': String(b.used),
      'x-ratelimit-reset': String(Math.ceil(b.resetAt / 1000)),
      'x-ratelimit-resource': 'core'
    }
  }

  /** Counts a request against the primary limit; an answer when it is exhausted. */
  primary(token: string, limit: number, subject: string): FakeResponse | undefined {
    const b = this.bucket(token, limit)
    if (b.used >= b.limit) return ghError(403, `API rate limit exceeded for ${subject}.`, PRIMARY_DOCS, { headers: this.headers(token, limit) })
    b.used++
    return undefined
  }

  /** Counts a content-creating request; an answer with `retry-after` when the secondary limit is hit. */
  secondary(token: string, limit: number): FakeResponse | undefined {
    const b = this.bucket(token, limit)
    const now = this.clock.now()
    b.writes = b.writes.filter((t) => t > now - this.secondaryWindowMs)
    if (b.writes.length >= this.secondaryPerMinute) {
      const retryAfter = Math.max(1, Math.ceil((b.writes[0] + this.secondaryWindowMs - now) / 1000))
      return ghError(
        this.secondaryStatus,
        'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0400:1A2B:3C4D5E:6F7A8B:12345678.',
        SECONDARY_DOCS,
        { headers: { ...this.headers(token, limit), 'retry-after': String(retryAfter) } }
      )
    }
    b.writes.push(now)
    return undefined
  }
}
