/**
 * The HTTP(S) harness every fake server runs on: routing, a request log, a ledger, fault injection, and a clean
 * shutdown. It binds to 127.0.0.1 (port 0 by default); the fakes never listen on another address.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo, Socket } from 'node:net'
import { Readable } from 'node:stream'
import { FaultInjector, type Fault } from './faults.js'
import { Ledger } from './ledger.js'
import { RequestLog, redactHeaders, type LoggedRequest } from './request-log.js'
import type { Router } from './router.js'
import { InvalidJsonError, type FakeRequest, type FakeResponse } from './types.js'

export interface FakeServerOptions {
  router: Router
  /** Answer for a path no route knows (default: 404 text). */
  notFound?: (req: FakeRequest) => FakeResponse
  /** Answer for a path known under other methods (default: 405). */
  methodNotAllowed?: (req: FakeRequest, allowed: string[]) => FakeResponse
  /** Answer when a handler throws (default: 500 with the message). */
  onError?: (req: FakeRequest, err: unknown) => FakeResponse
  /** Extra headers on every response (e.g. rate-limit headers). */
  commonHeaders?: (req: FakeRequest) => Record<string, string>
  port?: number
  /** Serve HTTPS with this key pair (PEM). */
  tls?: { key: string | Buffer; cert: string | Buffer }
  /** Seed of the fault injector's random generator. */
  seed?: number
  /** Bodies larger than this are logged as a size only (default 64 KiB). */
  maxLoggedBody?: number
}

export interface FakeServer {
  url: string
  port: number
  server: Server
  log: RequestLog
  ledger: Ledger
  faults: FaultInjector
  close(): Promise<void>
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function toFakeRequest(req: IncomingMessage, base: string, logged: LoggedRequest, maxLoggedBody: number): FakeRequest {
  const url = new URL(req.url ?? '/', base)
  let bodyPromise: Promise<Buffer> | undefined
  const body = () => {
    bodyPromise ??= (async () => {
      const chunks: Buffer[] = []
      for await (const chunk of req) chunks.push(chunk as Buffer)
      const buf = Buffer.concat(chunks)
      if (buf.length > maxLoggedBody) logged.body = `<${buf.length} bytes>`
      else if (buf.length > 0) {
        const text = buf.toString('utf8')
        try {
          logged.body = JSON.parse(text)
        } catch {
          logged.body = buf.subarray(0, 1024).includes(0) ? `<${buf.length} bytes>` : text
        }
      }
      return buf
    })()
    return bodyPromise
  }
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    url,
    path: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    raw: req,
    body,
    async json<T>() {
      const buf = await body()
      try {
        return JSON.parse(buf.toString('utf8')) as T
      } catch (err) {
        throw new InvalidJsonError(err instanceof Error ? err.message : String(err))
      }
    }
  }
}

function send(res: ServerResponse, response: FakeResponse, extra: Record<string, string>): void {
  const headers: Record<string, string | string[]> = { ...extra, ...(response.headers ?? {}) }
  const body = response.body
  if (body === undefined || body === null) {
    res.writeHead(response.status, headers)
    res.end()
    return
  }
  if (body instanceof Readable) {
    res.writeHead(response.status, headers)
    body.pipe(res)
    return
  }
  let payload: Buffer
  if (Buffer.isBuffer(body)) payload = body
  else if (typeof body === 'string') {
    payload = Buffer.from(body, 'utf8')
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'text/plain; charset=utf-8'
  } else {
    payload = Buffer.from(JSON.stringify(body), 'utf8')
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
      headers['Content-Type'] = response.contentType ?? 'application/json; charset=utf-8'
  }
  headers['Content-Length'] = String(payload.length)
  res.writeHead(response.status, headers)
  res.end(payload)
}

export async function startFakeServer(options: FakeServerOptions): Promise<FakeServer> {
  const log = new RequestLog()
  const ledger = new Ledger()
  const faults = new FaultInjector(options.seed ?? 42)
  const sockets = new Set<Socket>()
  const maxLoggedBody = options.maxLoggedBody ?? 64 * 1024
  let base = 'http://127.0.0.1'

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', base)
    const logged = log.push({
      method: (req.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: redactHeaders(req.headers),
      at: Date.now()
    })
    const fakeReq = toFakeRequest(req, base, logged, maxLoggedBody)
    const fault: Fault | undefined = faults.pick(fakeReq.method, fakeReq.path)
    if (fault) logged.fault = fault.kind
    const destroy = () => {
      logged.status = 0
      req.socket.destroy()
    }
    if (fault?.kind === 'reset') return destroy()
    if (fault?.kind === 'latency') await sleep(fault.ms)
    if (fault?.kind === 'status') {
      // Drain the body so the client is not left writing into a closed request.
      await fakeReq.body().catch(() => undefined)
      logged.status = fault.status
      send(res, { status: fault.status, headers: fault.headers, body: fault.body ?? { message: 'injected fault' } }, {})
      return
    }
    let response: FakeResponse
    try {
      const match = options.router.match(fakeReq.method, fakeReq.path)
      if ('handler' in match) response = await match.handler(fakeReq, match.params)
      else if (match.allowed.length)
        response = options.methodNotAllowed?.(fakeReq, match.allowed) ?? {
          status: 405,
          headers: { Allow: match.allowed.join(', ') },
          body: 'Method Not Allowed'
        }
      else response = options.notFound?.(fakeReq) ?? { status: 404, body: 'Not Found' }
    } catch (err) {
      response = options.onError?.(fakeReq, err) ?? {
        status: 500,
        body: { message: err instanceof Error ? err.message : String(err) }
      }
    }
    if (fault?.kind === 'lost-response') return destroy()
    logged.status = response.status
    send(res, response, options.commonHeaders?.(fakeReq) ?? {})
  }

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) send(res, { status: 500, body: { message: String(err) } }, {})
      else res.destroy()
    })
  }
  const server: Server = options.tls
    ? (createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, listener) as unknown as Server)
    : createHttpServer(listener)
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  server.on('secureConnection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  base = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`

  return {
    url: base,
    port,
    server,
    log,
    ledger,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      })
  }
}
