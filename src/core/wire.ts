/**
 * The wire under every client: one HTTP/1.1 exchange on Node's own `http` and `https` modules, with keep-alive
 * connections, the TLS settings of the target, and proxies (plain HTTP forwarded to the proxy as absolute-URI
 * requests, HTTPS tunnelled with CONNECT). Nothing here follows redirects, decodes or bounds a body, or retries:
 * the transport above decides all of that.
 *
 * Why not undici: loading it costs a start-up about 90 ms and 18 MiB (1.3 MB of JavaScript, with http2, perf_hooks,
 * worker_threads and web streams), and its HTTP parser is WebAssembly whose compilation peaks at another 15 MiB;
 * Node's `http` parses with the llhttp built into Node. Measured in bench/README.md ("Where a start goes").
 */
import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingHttpHeaders, type IncomingMessage, type RequestOptions } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest, type AgentOptions as HttpsAgentOptions } from 'node:https'
import type { Duplex } from 'node:stream'
import { Readable } from 'node:stream'
import { isIP } from 'node:net'
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls'

export type WireBody = string | Buffer | Readable | null | undefined

export interface WireRequest {
  method: string
  url: URL
  headers: Record<string, string>
  body?: WireBody
  /** Covers the whole exchange: connecting, sending, and (for the caller) reading the answer. */
  signal: AbortSignal
}

export interface WireResponse {
  status: number
  headers: IncomingHttpHeaders
  /** The raw body (not decoded); the caller must read it to the end or destroy it. */
  body: Readable
}

export interface WireTls {
  /** Certificates to trust (Node's own roots plus the configured CA, or undefined for the defaults). */
  ca?: string[]
  rejectUnauthorized?: boolean
}

export interface WireOptions {
  tls?: WireTls
  /** The proxy a request to `url` goes through (its URL, credentials included), or undefined to connect directly. */
  route?: (url: URL) => string | undefined
  /** TLS settings for a proxy reached over https://. */
  proxyTls?: WireTls
}

/** A proxy's refusal of a CONNECT tunnel (407, 403, …): the request never reached the server. */
export class TunnelRefusedError extends Error {
  readonly code = 'PROXY_TUNNEL_REFUSED'
  constructor(
    readonly status: number,
    readonly target: string
  ) {
    super(`the proxy refused to open a tunnel to ${target} (${status})`)
    this.name = 'TunnelRefusedError'
  }
}

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' }

/** `https.request` for https:// URLs, `http.request` for the others. */
const requestFor = (url: URL): typeof httpRequest => (url.protocol === 'https:' ? (httpsRequest as typeof httpRequest) : httpRequest)

function proxyAuthorization(proxy: URL): Record<string, string> {
  if (!proxy.username && !proxy.password) return {}
  const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`
  return { 'proxy-authorization': `Basic ${Buffer.from(credentials).toString('base64')}` }
}

/**
 * An https agent whose connections are CONNECT tunnels through one proxy (keep-alive pools them per target, like
 * direct ones). The CONNECT goes out on a connection of its own; a refusal fails the request with
 * `TunnelRefusedError` and is remembered for `Wire.tunnelRefusal`.
 */
class TunnelAgent extends HttpsAgent {
  constructor(
    private readonly proxy: URL,
    private readonly proxyTls: WireTls,
    options: HttpsAgentOptions,
    private readonly refused: Map<string, number>
  ) {
    super(options)
  }

  override createConnection(options: RequestOptions, callback?: (err: Error | null, stream: Duplex) => void): Duplex | undefined {
    const target = `${options.host}:${options.port}`
    const done = (err: Error | null, socket?: Duplex) => callback?.(err, socket as Duplex)
    const send = requestFor(this.proxy)
    const connectReq = send({
      host: this.proxy.hostname,
      port: this.proxy.port || DEFAULT_PORTS[this.proxy.protocol],
      method: 'CONNECT',
      path: target,
      headers: { host: target, ...proxyAuthorization(this.proxy) },
      agent: false,
      ...(this.proxy.protocol === 'https:' ? this.proxyTls : {})
    })
    connectReq.once('connect', (res: IncomingMessage, socket: Duplex) => {
      if (res.statusCode !== 200) {
        this.refused.set(target, res.statusCode ?? 0)
        socket.destroy()
        return done(new TunnelRefusedError(res.statusCode ?? 0, target))
      }
      this.refused.delete(target)
      const host = String(options.host)
      const tls = options as ConnectionOptions
      const secure = tlsConnect({ ...tls, socket, servername: tls.servername || (isIP(host) ? undefined : host) })
      done(null, secure)
    })
    connectReq.once('error', (err) => done(err))
    connectReq.end()
    return undefined
  }
}

export class Wire {
  private readonly http = new HttpAgent({ keepAlive: true })
  private readonly https: HttpsAgent
  private readonly viaProxy = new Map<string, { http: HttpAgent; https: TunnelAgent }>()
  private readonly refused = new Map<string, number>()

  constructor(private readonly opts: WireOptions = {}) {
    this.https = new HttpsAgent({ keepAlive: true, ...opts.tls })
  }

  /** The status with which the proxy last refused a tunnel to `url`'s host and port, if it did. */
  tunnelRefusal(url: URL): number | undefined {
    return this.refused.get(`${url.hostname}:${url.port || DEFAULT_PORTS[url.protocol]}`)
  }

  private agentsFor(proxyUri: string): { http: HttpAgent; https: TunnelAgent } {
    let agents = this.viaProxy.get(proxyUri)
    if (!agents) {
      const proxy = new URL(proxyUri)
      const forward = proxy.protocol === 'https:' ? new HttpsAgent({ keepAlive: true, ...this.opts.proxyTls }) : new HttpAgent({ keepAlive: true })
      agents = { http: forward, https: new TunnelAgent(proxy, this.opts.proxyTls ?? {}, { keepAlive: true, ...this.opts.tls }, this.refused) }
      this.viaProxy.set(proxyUri, agents)
    }
    return agents
  }

  /** Sends the request; resolves with the answer's head as soon as it arrives (the body may still be sending). */
  send(req: WireRequest): Promise<WireResponse> {
    const { url } = req
    const proxyUri = this.opts.route?.(url)
    let out: ClientRequest
    if (!proxyUri) {
      out = requestFor(url)(url, { method: req.method, headers: req.headers, agent: url.protocol === 'https:' ? this.https : this.http, signal: req.signal })
    } else if (url.protocol === 'https:') {
      out = httpsRequest(url, { method: req.method, headers: req.headers, agent: this.agentsFor(proxyUri).https, signal: req.signal })
    } else {
      // Plain HTTP through a proxy: the absolute URI goes to the proxy, which opens its own connection.
      const proxy = new URL(proxyUri)
      out = requestFor(proxy)({
        host: proxy.hostname,
        port: proxy.port || DEFAULT_PORTS[proxy.protocol],
        path: url.href,
        method: req.method,
        headers: { host: url.host, ...req.headers, ...proxyAuthorization(proxy) },
        agent: this.agentsFor(proxyUri).http,
        signal: req.signal
      })
    }
    return new Promise((resolve, reject) => {
      out.once('response', (res: IncomingMessage) => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: res }))
      out.once('error', reject)
      const body = req.body
      if (body instanceof Readable) {
        body.once('error', (err) => out.destroy(err))
        out.once('close', () => {
          if (!body.readableEnded) body.destroy()
        })
        body.pipe(out)
      } else out.end(body ?? undefined)
    })
  }

  /** Closes the idle connections; requests still running finish on theirs. (Idle ones do not keep the process alive.) */
  close(): void {
    for (const agent of [this.http, this.https, ...[...this.viaProxy.values()].flatMap((a) => [a.http, a.https])])
      for (const sockets of Object.values(agent.freeSockets)) for (const socket of sockets ?? []) socket.destroy()
  }
}
