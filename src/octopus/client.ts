/**
 * `OctopusClient`: the one way the suite talks to an Octopus server, on the shared `HttpClient` (timeouts,
 * retries, proxy, CA, redaction).
 *
 * It starts where the REST docs say to start: `GET /api` (the root document: `Version` and `Links`), then follows
 * links, expanding their RFC 6570 templates. The server generation decides the release/deploy flow:
 * `hasExecutionsApi` is true on 2022.3.5512+ (and local `0.0.0` builds), false on older servers (legacy flow).
 * Errors carry Octopus's own message (`ErrorMessage` + `Errors`) and what to do next (401: the credential is
 * invalid or expired, never printed; TLS: `ca_certificate`).
 */
import { ActionError, ApiError, NetworkError } from '../core/errors.js'
import { HttpClient, type HttpResponse, type RequestOptions } from '../core/http.js'
import type { Logger } from '../core/logger.js'
import type { RetryPolicy } from '../core/retry-policy.js'
import type { SecretRegistry } from '../core/secrets.js'
import type { TlsOptions } from '../core/tls.js'
import { extractOctopusMessage, withOctopusHint, type CredentialKind } from './errors.js'
import { expandLink, resolveLink, type LinkParams } from './links.js'
import type { Collection, RootDocument } from './types.js'
import { hasExecutionsApi } from './version.js'

/** How requests authenticate: an API key (`X-Octopus-ApiKey`) or a bearer access token (OIDC). */
export type OctopusCredential =
  | { kind: 'apiKey'; apiKey: string }
  | { kind: 'accessToken'; accessToken: string; /** how it was obtained, for hints */ via: 'env' | 'oidc' }

export interface OctopusClientOptions {
  /** Normalised server URL (no trailing slash, no `/api`), possibly with a virtual directory. */
  server: string
  credential: OctopusCredential
  logger: Logger
  secrets: SecretRegistry
  tls?: TlsOptions
  /** e.g. `deployment-action-suite (create-release)`. */
  userAgent?: string
  timeoutMs?: number
  retry?: Partial<RetryPolicy>
  /** Injected in unit tests to skip backoff delays. */
  sleep?: (ms: number) => Promise<void>
}

/** What every TLS failure tells the user. */
export const OCTOPUS_TLS_HINT =
  "The Octopus server's TLS certificate is not trusted by this runner. If it is issued by a private CA, pass that CA's PEM certificate in the 'ca_certificate' input (or OCTOPUS_CA_CERTIFICATE)."

/** Requests that list "everything" ask for pages of this size and follow `Page.Next`. */
const PAGE_SIZE = 1000
/** Network failures that mean the server address is wrong or not reachable from this runner. */
const UNREACHABLE = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH'])
/** A guard against a server that keeps answering `Page.Next` (100 000 items). */
const MAX_PAGES = 100

export interface PostOptions<T> {
  /** After an ambiguous failure (lost response, 5xx): returns the result if the server did act. */
  reconcile?: () => Promise<T | undefined>
  query?: LinkParams
  timeoutMs?: number
  /** Statuses accepted besides 2xx. */
  accept?: number[]
}

export class OctopusClient {
  readonly http: HttpClient
  readonly server: string
  readonly logger: Logger
  private rootDoc?: RootDocument

  constructor(private readonly opts: OctopusClientOptions) {
    this.server = opts.server.replace(/\/+$/, '')
    this.logger = opts.logger
    const cred = opts.credential
    opts.secrets.add(cred.kind === 'apiKey' ? cred.apiKey : cred.accessToken)
    this.http = new HttpClient({
      baseUrl: this.server,
      service: 'Octopus',
      logger: opts.logger,
      secrets: opts.secrets,
      headers: (): Record<string, string> =>
        cred.kind === 'apiKey' ? { 'X-Octopus-ApiKey': cred.apiKey } : { Authorization: `Bearer ${cred.accessToken}` },
      userAgent: opts.userAgent ?? 'deployment-action-suite',
      timeoutMs: opts.timeoutMs ?? 60_000,
      retry: opts.retry,
      tlsHint: OCTOPUS_TLS_HINT,
      extractMessage: extractOctopusMessage,
      caCertificate: opts.tls?.caCertificate,
      insecureSkipTlsVerify: opts.tls?.insecureSkipTlsVerify,
      noProxy: opts.tls?.noProxy,
      sleep: opts.sleep
    })
  }

  /** Creates a client and reads the root document (`GET /api`). */
  static async connect(opts: OctopusClientOptions): Promise<OctopusClient> {
    const client = new OctopusClient(opts)
    await client.loadRoot()
    return client
  }

  /** Reads (or re-reads) the root document. */
  async loadRoot(): Promise<RootDocument> {
    let root: RootDocument
    try {
      root = await this.get<RootDocument>('/api')
    } catch (err) {
      if (err instanceof ApiError && err.status === 404)
        throw err.withHint(`${this.server} does not look like an Octopus server: set 'server' (or OCTOPUS_URL) to the address of the Octopus web portal, including its virtual directory if it has one.`)
      if (err instanceof NetworkError && !err.timedOut && UNREACHABLE.has(err.code ?? ''))
        throw new ActionError(
          `${err.message}${err.message.includes(err.code!) ? '' : ` (${err.code})`}\nCheck 'server' (or OCTOPUS_URL) and that this runner can reach it (a self-hosted runner may need HTTPS_PROXY).`
        )
      throw err
    }
    if (!root || typeof root !== 'object' || typeof root.Version !== 'string' || !root.Links)
      throw new ActionError(
        `${this.server}/api did not answer with the Octopus root document (no Version and Links). Check that 'server' (or OCTOPUS_URL) is the address of the Octopus web portal.`
      )
    this.rootDoc = root
    this.logger.info(`Connected to ${root.Application ?? 'Octopus Deploy'} ${root.Version} at ${this.server}`)
    return root
  }

  get root(): RootDocument {
    if (!this.rootDoc) throw new Error('OctopusClient.connect() must be called first')
    return this.rootDoc
  }

  get version(): string {
    return this.root.Version
  }

  /** True when the server has the executions API (2022.3.5512+); older servers use the legacy link-navigation flow. */
  get hasExecutionsApi(): boolean {
    return hasExecutionsApi(this.version)
  }

  get credentialKind(): CredentialKind {
    const c = this.opts.credential
    return c.kind === 'apiKey' ? 'apiKey' : c.via === 'oidc' ? 'oidc' : 'accessToken'
  }

  /** A link of the root document by name (e.g. `Spaces`), or undefined. */
  rootLink(name: string): string | undefined {
    return this.root.Links[name]
  }

  /** The absolute URL of a link template expanded with `params`. */
  url(link: string, params: LinkParams = {}): string {
    return resolveLink(this.server, expandLink(link, params))
  }

  /** The web portal address of a route (`Spaces-1/projects/p/deployments/releases/1.0.0` -> `https://host/app#/Spaces-1/...`). */
  webUrl(route: string): string {
    const web = this.rootDoc?.Links.Web ?? '/app'
    return `${resolveLink(this.server, web)}#/${route.replace(/^\/+/, '')}`
  }

  async request<T>(req: RequestOptions<T>): Promise<HttpResponse<T>> {
    try {
      return await this.http.request<T>(req)
    } catch (err) {
      throw withOctopusHint(err, this.credentialKind)
    }
  }

  /** GET a link (template expanded with `params`), returning its JSON. */
  async get<T>(link: string, params: LinkParams = {}, timeoutMs?: number): Promise<T> {
    return (await this.request<T>({ method: 'GET', path: this.url(link, params), timeoutMs, responseType: 'json' })).data
  }

  /** GET that answers undefined on 404 (a lookup that may find nothing). */
  async find<T>(link: string, params: LinkParams = {}): Promise<T | undefined> {
    try {
      return await this.get<T>(link, params)
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return undefined
      throw err
    }
  }

  /** POST JSON to a link. Never retried after an ambiguous failure unless `reconcile` is given. */
  async post<T>(link: string, params: LinkParams, body: unknown, opts: PostOptions<T> = {}): Promise<HttpResponse<T>> {
    const path = this.url(link, params)
    const query: Record<string, string> = {}
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined && v !== null) query[k] = String(v)
    return this.request<T>({ method: 'POST', path, query, json: body, reconcile: opts.reconcile, timeoutMs: opts.timeoutMs, accept: opts.accept, responseType: 'json' })
  }

  /** Every item of a paged collection, following `Page.Next` (bounded). */
  async listAll<T>(link: string, params: LinkParams = {}): Promise<T[]> {
    let page = await this.get<Collection<T> | T[]>(link, { take: PAGE_SIZE, ...params })
    if (Array.isArray(page)) return page
    const items = [...(page.Items ?? [])]
    for (let n = 1; n < MAX_PAGES && page.Links?.['Page.Next']; n++) {
      page = await this.get<Collection<T>>(page.Links['Page.Next'])
      items.push(...(page.Items ?? []))
    }
    return items
  }

  async close(): Promise<void> {
    await this.http.close()
  }
}
