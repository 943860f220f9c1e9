/**
 * The HTTP client every server client (Octopus, GoCD, GitHub extras) is built on: undici fetch with a per-request
 * timeout, retries with backoff and jitter honouring `Retry-After`, proxy and CA support, debug logging of each
 * request without credentials, and errors that carry the status, the server's message and the request.
 *
 * Non-idempotent requests (POST, PATCH) are never retried blindly: after a failure that proves the server did not
 * act (connection refused, 408, 429) they are retried; after an ambiguous one (reset, timeout, 5xx) they are
 * retried only when the caller passes `reconcile`, which checks the server's state and returns the result if the
 * first attempt in fact succeeded.
 */
import { Readable } from 'node:stream'
import type { Dispatcher } from 'undici'
import { fetch as undiciFetch, request as undiciRequest, Headers as UndiciHeaders, Response as UndiciResponse, type RequestInit as UndiciRequestInit, type Response } from 'undici'
import { ApiError, NetworkError, type RequestDescription } from './errors.js'
import type { Logger } from './logger.js'
import {
  DEFAULT_RETRY_POLICY,
  isRetryableNetworkError,
  isRetryableStatus,
  networkErrorCode,
  networkErrorProvesNotSent,
  parseRetryAfter,
  retryDelay,
  statusProvesNotActed,
  type RetryPolicy
} from './retry-policy.js'
import type { SecretRegistry } from './secrets.js'
import { createDispatcher, isTlsErrorCode, type TlsOptions } from './tls.js'
import { buildUrl, safeUrl, type QueryValue } from './url.js'

export type BodyFactory = () => UndiciRequestInit['body']

export interface HttpClientOptions extends TlsOptions {
  baseUrl: string
  /** Name used in messages: "Octopus answered 404 to GET ...". */
  service: string
  logger: Logger
  secrets?: SecretRegistry
  /** Headers sent with every request (authentication); a function is evaluated per request. */
  headers?: Record<string, string> | (() => Record<string, string>)
  userAgent?: string
  timeoutMs?: number
  retry?: Partial<RetryPolicy>
  /** What to tell the user when TLS verification fails (name the input that fixes it). */
  tlsHint?: string
  /** Extracts the server's own message from an error body. */
  extractMessage?: (text: string, json: unknown) => string | undefined
  dispatcher?: Dispatcher
  sleep?: (ms: number) => Promise<void>
  random?: () => number
}

export interface RequestOptions<T> {
  method?: string
  /** Path relative to the base URL, or an absolute URL (links returned by the server). */
  path: string
  query?: Record<string, QueryValue>
  headers?: Record<string, string>
  json?: unknown
  /** A body built anew for each attempt (streams cannot be replayed). */
  body?: BodyFactory
  timeoutMs?: number
  /** Defaults to true for GET, HEAD, PUT, DELETE, OPTIONS. */
  idempotent?: boolean
  /** For non-idempotent requests: after an ambiguous failure, returns the result if the server did act. */
  reconcile?: () => Promise<T | undefined>
  /** Statuses accepted as success besides 2xx. */
  accept?: number[]
  /** `json` (default: parsed when the body is JSON, else text), `text`, or `response` (unread, for streaming). */
  responseType?: 'json' | 'text' | 'response'
  /** Override the number of retries for this request. */
  retries?: number
}

export interface HttpResponse<T> {
  status: number
  headers: Headers
  data: T
  /** True when the result came from `reconcile` after an ambiguous failure. */
  reconciled?: boolean
  response?: Response
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'])
const MAX_BODY_IN_ERROR = 2000

export function defaultExtractMessage(text: string, json: unknown): string | undefined {
  if (json && typeof json === 'object') {
    const o = json as Record<string, unknown>
    for (const key of ['ErrorMessage', 'message', 'error_description', 'error', 'msg']) {
      if (typeof o[key] === 'string' && o[key]) return o[key] as string
    }
  }
  const t = text.trim()
  return t ? t.slice(0, 500) : undefined
}

export class HttpClient {
  readonly baseUrl: string
  private readonly dispatcher: Dispatcher
  private readonly policy: RetryPolicy
  private readonly sleep: (ms: number) => Promise<void>
  private readonly random: () => number

  constructor(private readonly opts: HttpClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '')
    this.dispatcher = opts.dispatcher ?? createDispatcher(opts)
    this.policy = { ...DEFAULT_RETRY_POLICY, ...opts.retry }
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)))
    this.random = opts.random ?? Math.random
  }

  get service(): string {
    return this.opts.service
  }

  url(path: string, query?: Record<string, QueryValue>): URL {
    return buildUrl(this.baseUrl, path, query)
  }

  async request<T = unknown>(req: RequestOptions<T>): Promise<HttpResponse<T>> {
    const method = (req.method ?? 'GET').toUpperCase()
    const url = this.url(req.path, req.query)
    const described: RequestDescription = { method, url: this.redact(safeUrl(url)) }
    const idempotent = req.idempotent ?? IDEMPOTENT.has(method)
    const retries = req.retries ?? this.policy.retries
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.attempt<T>(method, url, described, req)
      if (outcome.ok) return outcome.response
      const { error, retryable, proofNotActed, retryAfterMs } = outcome
      if (!retryable || attempt >= retries) throw error
      if (!idempotent && !proofNotActed) {
        if (!req.reconcile) throw error
        this.opts.logger.info(`${described.method} ${described.url} may have reached ${this.opts.service} (${shortReason(error)}); checking before retrying`)
        const existing = await req.reconcile()
        if (existing !== undefined) return { status: 200, headers: new Headers(), data: existing, reconciled: true }
      }
      const delay = retryDelay(attempt, this.policy, this.random, retryAfterMs)
      this.opts.logger.info(
        `${this.opts.service} request ${described.method} ${described.url} failed (${shortReason(error)}); retry ${attempt + 1}/${retries} in ${(delay / 1000).toFixed(1)}s`
      )
      await this.sleep(delay)
    }
  }

  /** GET returning parsed JSON. */
  async get<T = unknown>(path: string, query?: Record<string, QueryValue>, extra: Partial<RequestOptions<T>> = {}): Promise<T> {
    return (await this.request<T>({ ...extra, method: 'GET', path, query })).data
  }

  private headers(req: RequestOptions<unknown>): Record<string, string> {
    const base = typeof this.opts.headers === 'function' ? this.opts.headers() : (this.opts.headers ?? {})
    const h: Record<string, string> = { 'User-Agent': this.opts.userAgent ?? 'deployment-action-suite', ...base, ...req.headers }
    if (req.json !== undefined && !Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['Content-Type'] = 'application/json'
    return h
  }

  private async attempt<T>(
    method: string,
    url: URL,
    described: RequestDescription,
    req: RequestOptions<T>
  ): Promise<
    | { ok: true; response: HttpResponse<T> }
    | { ok: false; error: Error; retryable: boolean; proofNotActed: boolean; retryAfterMs?: number }
  > {
    const timeoutMs = req.timeoutMs ?? this.opts.timeoutMs ?? 30_000
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(), timeoutMs)
    const started = Date.now()
    let res: Response
    const body = req.json !== undefined ? JSON.stringify(req.json) : req.body?.()
    try {
      const headers = this.headers(req as RequestOptions<unknown>)
      res =
        req.body === undefined
          ? await undiciFetch(url, { method, headers, body, signal: controller.signal, dispatcher: this.dispatcher, ...(body ? { duplex: 'half' } : {}) } as UndiciRequestInit)
          : await this.sendStreamed(url, method, headers, body, controller.signal)
      if (req.responseType === 'response') {
        clearTimeout(timer)
      }
    } catch (err) {
      clearTimeout(timer)
      const timedOut = controller.signal.aborted
      const code = networkErrorCode(err)
      this.opts.logger.debug(`${method} ${described.url} -> ${timedOut ? 'timeout' : (code ?? 'error')} (${Date.now() - started} ms)`)
      const tls = isTlsErrorCode(code)
      const hint = tls
        ? (this.opts.tlsHint ?? 'The server certificate is not trusted: provide its CA certificate.')
        : timedOut
          ? `No answer within ${Math.round(timeoutMs / 1000)}s.`
          : undefined
      const error = new NetworkError({ request: described, cause: err, code, timedOut, hint: hint && this.redact(hint) })
      return {
        ok: false,
        error,
        retryable: !tls && isRetryableNetworkError(code, timedOut),
        proofNotActed: networkErrorProvesNotSent(code)
      }
    }
    this.opts.logger.debug(`${method} ${described.url} -> ${res.status} (${Date.now() - started} ms)`)
    const success = (res.status >= 200 && res.status < 300) || (req.accept ?? []).includes(res.status)
    if (success && req.responseType === 'response') return { ok: true, response: { status: res.status, headers: res.headers as unknown as Headers, data: undefined as T, response: res } }
    let text: string
    try {
      text = await res.text()
    } catch (err) {
      clearTimeout(timer)
      const code = networkErrorCode(err)
      const timedOut = controller.signal.aborted
      return {
        ok: false,
        error: new NetworkError({ request: described, cause: err, code, timedOut }),
        retryable: isRetryableNetworkError(code, timedOut),
        proofNotActed: false
      }
    }
    clearTimeout(timer)
    let json: unknown
    const isJson = /json/i.test(res.headers.get('content-type') ?? '')
    if (isJson || req.responseType === 'json') {
      try {
        json = text ? JSON.parse(text) : undefined
      } catch {
        json = undefined
      }
    }
    if (success) {
      const data = (req.responseType === 'text' ? text : isJson || req.responseType === 'json' ? json : text) as T
      return { ok: true, response: { status: res.status, headers: res.headers as unknown as Headers, data } }
    }
    const extract = this.opts.extractMessage ?? defaultExtractMessage
    const serverMessage = this.redact(extract(text, json) ?? defaultExtractMessage(text, json) ?? res.statusText)
    const headers: Record<string, string> = {}
    res.headers.forEach((v, k) => {
      headers[k] = v
    })
    const error = new ApiError({
      status: res.status,
      serverMessage,
      request: described,
      body: this.redact(text.slice(0, MAX_BODY_IN_ERROR)),
      headers,
      service: this.opts.service
    })
    return {
      ok: false,
      error,
      retryable: isRetryableStatus(res.status),
      proofNotActed: statusProvesNotActed(res.status),
      retryAfterMs: parseRetryAfter(res.headers.get('retry-after'))
    }
  }

  /**
   * Streamed bodies go through `undici.request`, which honours backpressure; undici's `fetch` reads a stream body as
   * fast as it can produce it (a 1 GiB upload grew the process by 1 GiB). The answer is handed on as a fetch
   * `Response`, so the rest of the client treats both paths alike.
   */
  private async sendStreamed(url: URL, method: string, headers: Record<string, string>, body: UndiciRequestInit['body'], signal: AbortSignal): Promise<Response> {
    const res = await undiciRequest(url, { method: method as Dispatcher.HttpMethod, headers, body: body as Dispatcher.DispatchOptions['body'], signal, dispatcher: this.dispatcher })
    const responseHeaders = new UndiciHeaders()
    for (const [name, value] of Object.entries(res.headers)) {
      if (Array.isArray(value)) for (const v of value) responseHeaders.append(name, v)
      else if (value !== undefined) responseHeaders.set(name, String(value))
    }
    const noBody = res.statusCode === 204 || res.statusCode === 205 || res.statusCode === 304
    if (noBody) await res.body.dump()
    return new UndiciResponse(noBody ? null : (Readable.toWeb(res.body) as unknown as ReadableStream), { status: res.statusCode, headers: responseHeaders })
  }

  private redact(text: string): string {
    return this.opts.secrets ? this.opts.secrets.redact(text) : text
  }

  async close(): Promise<void> {
    await this.dispatcher.close()
  }
}

function shortReason(err: Error): string {
  if (err instanceof ApiError) return `HTTP ${err.status}`
  if (err instanceof NetworkError) return err.timedOut ? 'timeout' : (err.code ?? 'network error')
  return err.message
}
