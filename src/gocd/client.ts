/**
 * The GoCD API client core, built on the suite's `HttpClient`: every `/api` request carries the exact versioned
 * Accept header its route expects (never a bare `application/json`, which GoCD answers with 404), a POST/PUT/PATCH
 * with a body is sent as `application/json`, one without a body carries `X-GoCD-Confirm: true`. Errors keep GoCD's
 * own message and gain a hint; deprecation headers are logged as warnings.
 */
import { ApiError } from '../core/errors.js'
import { HttpClient, type HttpResponse, type RequestOptions } from '../core/http.js'
import type { Logger } from '../core/logger.js'
import type { RetryPolicy } from '../core/retry-policy.js'
import type { SecretRegistry } from '../core/secrets.js'
import { describeAuth, type GocdConnection } from './connection.js'
import { extractGocdMessage, genericHint } from './messages.js'

/** API versions of the routes the suite uses (GoCD 20.9+; each route accepts exactly one). Pipeline config v11 is optional. */
export const API_VERSION = {
  pipelineOperations: 1,
  pipelineInstance: 1,
  stageInstance: 3,
  stageOperations: 2,
  jobInstance: 1,
  accessToken: 1,
  currentUser: 1,
  version: 1,
  serverHealth: 1,
  pipelineConfig: 11
} as const

export function acceptHeader(version: number): string {
  if (!Number.isInteger(version) || version < 1 || version > 11) throw new Error(`GoCD API version must be 1..11, got ${version}`)
  return `application/vnd.go.cd.v${version}+json`
}

export interface GocdRequest<T> extends Omit<RequestOptions<T>, 'path'> {
  /** Path under the server's `/go` context, e.g. `/api/pipelines/up42/history`. Segments must be encoded (see `seg`). */
  path: string
  /** The route's API version (sets the Accept header); null only for routes outside `/api` (artifact files). */
  version: number | null
}

export interface GocdClientOptions {
  connection: GocdConnection
  logger: Logger
  secrets: SecretRegistry
  timeoutMs?: number
  retry?: Partial<RetryPolicy>
  sleep?: (ms: number) => Promise<void>
  userAgent?: string
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH'])
const DEPRECATION_HEADERS = ['x-gocd-api-deprecated-in', 'x-gocd-api-removal-in', 'x-gocd-api-deprecation-info']

/**
 * Encodes one path segment. Empty, `.` and `..` are refused: URL normalisation would drop them or climb a level
 * (also as `%2e%2e`), so the request would reach another resource than the one named.
 */
export function seg(value: string | number): string {
  const text = String(value)
  if (text === '' || text === '.' || text === '..') throw new Error(`${JSON.stringify(text)} cannot be a segment of a GoCD URL (it would address another path)`)
  return encodeURIComponent(text)
}

export class GocdClient {
  readonly server: string
  readonly http: HttpClient
  private readonly warned = new Set<string>()

  constructor(private readonly opts: GocdClientOptions) {
    const { connection, secrets } = opts
    this.server = connection.server
    const auth = connection.auth
    let authorization: string | undefined
    if (auth.kind === 'token') {
      secrets.add(auth.token)
      authorization = `Bearer ${auth.token}`
    } else if (auth.kind === 'basic') {
      authorization = `Basic ${secrets.addBasicAuth(auth.username, auth.password)}`
    }
    this.http = new HttpClient({
      baseUrl: connection.server,
      service: 'GoCD',
      logger: opts.logger,
      secrets,
      headers: authorization ? { Authorization: authorization } : {},
      userAgent: opts.userAgent,
      timeoutMs: opts.timeoutMs ?? 30_000,
      retry: opts.retry,
      sleep: opts.sleep,
      caCertificate: connection.tls.caCertificate,
      insecureSkipTlsVerify: connection.tls.insecureSkipTlsVerify,
      noProxy: connection.tls.noProxy,
      extractMessage: extractGocdMessage,
      tlsHint:
        'The GoCD server certificate is not trusted: set ca_certificate (or GOCD_CA_CERTIFICATE) to the PEM of the CA that issued it, or, only for a test server, insecure_skip_tls_verify: true.'
    })
  }

  get connection(): GocdConnection {
    return this.opts.connection
  }

  describeAuth(): string {
    return describeAuth(this.opts.connection.auth)
  }

  /** A page of the GoCD web UI (`/go/...`). */
  webUrl(path: string): string {
    return `${this.server}${path.startsWith('/') ? path : `/${path}`}`
  }

  async request<T = unknown>(req: GocdRequest<T>): Promise<HttpResponse<T>> {
    const method = (req.method ?? 'GET').toUpperCase()
    if (req.version === null && /^\/api\//.test(req.path)) throw new Error(`GoCD API route ${req.path} needs an API version`)
    const headers: Record<string, string> = { ...(req.headers ?? {}) }
    if (req.version !== null) headers.Accept = acceptHeader(req.version)
    const hasBody = req.json !== undefined || req.body !== undefined
    if (WRITE_METHODS.has(method) && !hasBody) headers['X-GoCD-Confirm'] = 'true'
    if (req.json !== undefined) headers['Content-Type'] = 'application/json'
    try {
      const res = await this.http.request<T>({ ...req, method, headers })
      this.warnDeprecated(method, req.path, res.headers)
      return res
    } catch (err) {
      if (err instanceof ApiError && !err.hint) {
        const hint = genericHint(err, this.opts.connection.auth, this.server)
        if (hint) throw err.withHint(hint)
      }
      throw err
    }
  }

  async get<T = unknown>(path: string, version: number, query?: RequestOptions<T>['query']): Promise<T> {
    return (await this.request<T>({ method: 'GET', path, version, query })).data
  }

  private warnDeprecated(method: string, path: string, headers: Headers): void {
    const values = DEPRECATION_HEADERS.map((h) => headers.get(h)).filter((v): v is string => !!v)
    if (!values.length) return
    const key = values.join('|')
    if (this.warned.has(key)) return
    this.warned.add(key)
    const link = headers.get('link')
    this.opts.logger.warning(`GoCD marks ${method} ${path} as deprecated: ${values.join('; ')}${link ? ` (successor: ${link})` : ''}`)
  }

  async close(): Promise<void> {
    await this.http.close()
  }
}
