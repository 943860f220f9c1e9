/**
 * An Octokit for the GitHub REST API as the suite uses it: `@octokit/plugin-retry` (429/5xx and network failures,
 * never 4xx), `@octokit/plugin-throttling` (waits out primary and secondary rate limits, paces writes), a
 * per-request timeout, proxy environment variables (undici `EnvHttpProxyAgent`), and GitHub Enterprise Server through
 * the API URL (`GITHUB_API_URL`, e.g. `https://ghes.example.com/api/v3`).
 */
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import { Octokit } from '@octokit/rest'
import Bottleneck from 'bottleneck'
import { fetch as undiciFetch, type Dispatcher, type RequestInit as UndiciRequestInit } from 'undici'
import type { Logger } from '../core/logger.js'
import { formatDuration } from '../core/parse.js'
import type { SecretRegistry } from '../core/secrets.js'
import { createDispatcher } from '../core/tls.js'

export const DEFAULT_GITHUB_API_URL = 'https://api.github.com'

export interface GithubClientOptions {
  token: string
  /** REST root (`GITHUB_API_URL`); default https://api.github.com. */
  apiUrl?: string
  logger: Logger
  secrets?: SecretRegistry
  userAgent?: string
  /** Per-request timeout (default 30 s). */
  timeoutMs?: number
  /** Retries of 429/5xx/network failures (default 3). */
  retries?: number
  /** Base of the retry back-off, (n+1)² × this (default 1000 ms). */
  retryBaseMs?: number
  /** Minimum time between two writes (default 1000 ms, GitHub's advice for bulk writes). */
  writeIntervalMs?: number
  /** Times a request waits out a secondary rate limit before failing (default 4). */
  secondaryLimitRetries?: number
  /** Longest wait for the primary limit to reset before failing (default 15 min). */
  maxPrimaryWaitMs?: number
  /** Multiplier of the wait GitHub asks for (seconds → ms; default 1000). Tests shrink it. */
  retryAfterUnitMs?: number
  dispatcher?: Dispatcher
}

export type GithubClient = InstanceType<ReturnType<typeof Octokit.plugin>> & Octokit

const Client = Octokit.plugin(retry, throttling)

/** The API URL without trailing slashes (GHES: `https://ghes.example.com/api/v3`, as `GITHUB_API_URL` gives it). */
export function normaliseApiUrl(raw: string | undefined): string {
  return (raw?.trim() || DEFAULT_GITHUB_API_URL).replace(/\/+$/, '')
}

/** undici fetch through the dispatcher, with a timeout that surfaces as a network failure (so it is retried). */
function timedFetch(dispatcher: Dispatcher, timeoutMs: number): typeof fetch {
  return (async (input: string | URL, init: UndiciRequestInit = {}) => {
    const timeout = AbortSignal.timeout(timeoutMs)
    const signal = init.signal ? AbortSignal.any([init.signal as AbortSignal, timeout]) : timeout
    try {
      return await undiciFetch(input, { ...init, dispatcher, signal })
    } catch (err) {
      if (timeout.aborted) throw new TypeError('fetch failed', { cause: new Error(`no answer within ${formatDuration(timeoutMs)}`) })
      throw err
    }
  }) as unknown as typeof fetch
}

export function createGithubClient(opts: GithubClientOptions): GithubClient {
  const log = opts.logger
  const redact = (m: string) => (opts.secrets ? opts.secrets.redact(m) : m)
  const unit = opts.retryAfterUnitMs ?? 1000
  const secondaryRetries = opts.secondaryLimitRetries ?? 4
  const maxPrimaryWait = opts.maxPrimaryWaitMs ?? 15 * 60_000
  const describe = (o: { method?: string; url?: string }) => `${o.method ?? 'GET'} ${o.url ?? ''}`
  return new Client({
    auth: opts.token,
    baseUrl: normaliseApiUrl(opts.apiUrl),
    userAgent: opts.userAgent ?? 'deployment-action-suite',
    request: { fetch: timedFetch(opts.dispatcher ?? createDispatcher(), opts.timeoutMs ?? 30_000) },
    // Octokit logs each request (and each failed one, which the callers report themselves) at debug level.
    log: {
      debug: (m: string) => m !== 'request' && log.debug(redact(m)),
      info: (m: string) => log.debug(redact(m)),
      warn: (m: string) => log.warning(redact(m)),
      error: (m: string) => log.debug(redact(m))
    },
    retry: { retries: opts.retries ?? 3, retryAfterBaseValue: opts.retryBaseMs ?? 1000 },
    throttle: {
      // A group of our own: the plugin's default groups are shared by every Octokit in the process.
      write: new Bottleneck.Group({ maxConcurrent: 1, minTime: opts.writeIntervalMs ?? 1000 }),
      retryAfterBaseValue: unit,
      onSecondaryRateLimit: (retryAfter: number, options: { method?: string; url?: string }, _o: unknown, retryCount: number) => {
        if (retryCount >= secondaryRetries) {
          log.warning(`GitHub secondary rate limit on ${describe(options)}: giving up after ${retryCount} waits`)
          return false
        }
        log.warning(`GitHub secondary rate limit on ${describe(options)}: waiting ${formatDuration(retryAfter * unit)} as GitHub asks (retry ${retryCount + 1}/${secondaryRetries})`)
        return true
      },
      onRateLimit: (retryAfter: number, options: { method?: string; url?: string }, _o: unknown, retryCount: number) => {
        if (retryCount >= 1 || retryAfter * unit > maxPrimaryWait) {
          log.warning(`GitHub API rate limit exhausted on ${describe(options)}; it resets in ${formatDuration(retryAfter * 1000)}`)
          return false
        }
        log.warning(`GitHub API rate limit exhausted: waiting ${formatDuration(retryAfter * unit)} for it to reset`)
        return true
      }
    }
  }) as GithubClient
}
