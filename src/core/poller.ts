/**
 * The one poller every waiting action uses. The interval adapts: fast at first (so completion is noticed within
 * about a second), then backing off towards a cap during long waits; a check that sent several requests waits
 * longer in proportion, so the request rate stays bounded. It stops when `check` says done, or at the overall
 * timeout, where it throws `PollTimeoutError` with the last value seen (the caller decides what a timeout means,
 * e.g. cancelling the task).
 */
export interface PollResult<T> {
  done: boolean
  value: T
  /** Ask for the next check sooner (e.g. something just changed) or later, in milliseconds. */
  nextIntervalMs?: number
  /**
   * Requests this check sent (default 1). The wait before the next check grows in proportion (up to the cap), so the
   * average stays at one request per interval when a check also fetched logs or details.
   */
  requests?: number
}

export interface PollOptions<T> {
  check: (attempt: number) => Promise<PollResult<T>>
  timeoutMs: number
  /** First interval (default 1 s). */
  initialIntervalMs?: number
  /** Keep the initial interval for this long before backing off (default 30 s). */
  fastPhaseMs?: number
  /** Upper bound of the interval (default 10 s). */
  maxIntervalMs?: number
  /** Growth factor per check after the fast phase (default 1.25). */
  factor?: number
  sleep?: (ms: number) => Promise<void>
  now?: () => number
}

export class PollTimeoutError extends Error {
  constructor(
    message: string,
    readonly last: unknown
  ) {
    super(message)
    this.name = 'PollTimeoutError'
  }
}

/** The interval to wait after `elapsedMs` of polling, given the previous interval. */
export function nextInterval(previous: number, elapsedMs: number, opts: { initial: number; fastPhase: number; max: number; factor: number }): number {
  if (elapsedMs < opts.fastPhase) return opts.initial
  return Math.min(opts.max, Math.max(opts.initial, previous * opts.factor))
}

export async function poll<T>(opts: PollOptions<T>): Promise<T> {
  const now = opts.now ?? Date.now
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  const shape = {
    initial: opts.initialIntervalMs ?? 1000,
    fastPhase: opts.fastPhaseMs ?? 30_000,
    max: opts.maxIntervalMs ?? 10_000,
    factor: opts.factor ?? 1.25
  }
  const started = now()
  const deadline = started + opts.timeoutMs
  let interval = shape.initial
  let last: T | undefined
  for (let attempt = 0; ; attempt++) {
    const result = await opts.check(attempt)
    last = result.value
    if (result.done) return result.value
    const remaining = deadline - now()
    if (remaining <= 0) throw new PollTimeoutError(`timed out after ${Math.round(opts.timeoutMs / 1000)}s`, last)
    interval = result.nextIntervalMs ?? nextInterval(interval, now() - started, shape)
    const wait = result.nextIntervalMs ?? Math.min(shape.max, interval * Math.max(1, result.requests ?? 1))
    await sleep(Math.min(wait, remaining))
  }
}
