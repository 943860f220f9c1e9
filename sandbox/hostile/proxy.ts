/**
 * The hostile proxy: a loopback reverse proxy in front of any fake (Octopus, GoCD, GitHub) that passes everything
 * through unchanged until a test switches modes on (see modes.ts), plus "the other origin" that records what it
 * receives. The action under test is configured with the proxy's URL as its server.
 *
 * Passing through, it behaves like a well-configured reverse proxy: the client's Host header goes upstream (fakes
 * that build links from it link to the proxy) and the fake's own origin in JSON answers is rewritten to the proxy's
 * (`ProxyPassReverse`). It asks the fake for uncompressed answers so it can rewrite them.
 */
import { request as httpRequest, createServer as createHttpServer, type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders, type Server, type ServerResponse } from 'node:http'
import { request as httpsRequest, createServer as createHttpsServer } from 'node:https'
import type { AddressInfo, Socket } from 'node:net'
import { bombSize, trickle, writeFiller, writeGzipBomb } from './bodies.js'
import { inject, pointLinksAt, rewriteOrigin, toOtherOrigin } from './json-rewrite.js'
import { answersAlone, INJECTION, matches, type HostileMode, type ModeRequest } from './modes.js'
import { startOtherOrigin, type OtherOrigin } from './other-origin.js'

export interface ProxiedRequest {
  method: string
  url: string
  headers: IncomingHttpHeaders
  /** Kinds of the modes applied to this request. */
  modes: string[]
  at: number
}

export interface HostileProxy {
  /** The origin the action is configured with (plus the fake's path, e.g. `/go`, when `path` was given). */
  url: string
  /** Just the proxy's origin. */
  origin: string
  other: OtherOrigin
  /** Every request the proxy received, credentials included (tests look for them; never print this). */
  readonly requests: ProxiedRequest[]
  /** Replaces the active modes. */
  use(...modes: HostileMode[]): void
  /** Adds modes to the active ones. */
  add(...modes: HostileMode[]): void
  /** Back to passing everything through. */
  reset(): void
  close(): Promise<void>
}

export interface HostileProxyOptions {
  /** The fake's base URL (`fake.url`); its path (e.g. GoCD's `/go`) is appended to the proxy's `url`. */
  upstream: string
  /** Serve HTTPS at the front (and/or at the other origin) with this key pair, e.g. `sandboxTls()`. */
  tls?: { key: string | Buffer; cert: string | Buffer }
  otherTls?: { key: string | Buffer; cert: string | Buffer }
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer'])
const MAX_REWRITE = 64 * 1024 * 1024

type Active = HostileMode & { used: number }

function copyHeaders(headers: IncomingHttpHeaders, drop: string[] = []): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {}
  for (const [k, v] of Object.entries(headers)) if (v !== undefined && !HOP_BY_HOP.has(k) && !drop.includes(k)) out[k] = v
  return out
}

async function readAll(stream: IncomingMessage, max = MAX_REWRITE): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const c of stream) {
    size += (c as Buffer).length
    if (size > max) throw new Error(`upstream body larger than ${max} bytes`)
    chunks.push(c as Buffer)
  }
  return Buffer.concat(chunks)
}

function echoBody(mode: Extract<HostileMode, { kind: 'echo' }>, req: IncomingMessage, body: string): { type: string; text: string } {
  const lines = Object.entries(req.headers).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : v}`)
  const echoed = `${'x'.repeat(mode.padding ?? 600)} request was ${req.method} ${req.url} with headers ${lines.join('; ')}${mode.body ? ` and body ${body}` : ''}`
  if (mode.format === 'text') return { type: 'text/plain; charset=utf-8', text: echoed }
  return {
    type: 'application/json; charset=utf-8',
    text: JSON.stringify({ ErrorMessage: echoed, Errors: [echoed], message: echoed, error: 'echo', error_description: echoed })
  }
}

export async function startHostileProxy(opts: HostileProxyOptions): Promise<HostileProxy> {
  const upstream = new URL(opts.upstream)
  const upstreamOrigin = upstream.origin
  const basePath = upstream.pathname.replace(/\/+$/, '')
  const other = await startOtherOrigin({ tls: opts.otherTls })
  const requests: ProxiedRequest[] = []
  const sockets = new Set<Socket>()
  let active: Active[] = []
  let front = ''

  const pick = (method: string, path: string): Active[] => {
    const chosen = active.filter((m) => (m.times === undefined || m.used < m.times) && matches(m, method, path))
    const alone = chosen.find(answersAlone)
    const picked = alone ? [alone] : chosen
    for (const m of picked) m.used++
    return picked
  }

  const answerAlone = async (mode: Active, req: IncomingMessage, res: ServerResponse, info: ModeRequest) => {
    switch (mode.kind) {
      case 'redirect': {
        await readAll(req).catch(() => undefined)
        const to = mode.to === 'same' ? `${front}${req.url}` : mode.to === 'other' ? `${other.url}${req.url}` : mode.to(info)
        res.writeHead(mode.status, { Location: to, 'Content-Type': 'text/plain', 'Content-Length': '0' })
        return res.end()
      }
      case 'echo': {
        const body = (await readAll(req).catch(() => Buffer.alloc(0))).toString('utf8')
        const { type, text } = echoBody(mode, req, body)
        res.writeHead(mode.status ?? 400, { 'Content-Type': type, 'Content-Length': String(Buffer.byteLength(text)) })
        return res.end(text)
      }
      case 'huge': {
        await readAll(req).catch(() => undefined)
        const headers: OutgoingHttpHeaders = { 'Content-Type': mode.contentType ?? 'application/json' }
        if (mode.contentLength !== false && Number.isFinite(mode.bytes)) headers['Content-Length'] = String(mode.bytes)
        res.writeHead(mode.status ?? 200, headers)
        return writeFiller(res, mode.bytes, '{"ErrorMessage":"')
      }
      case 'gzip-bomb': {
        await readAll(req).catch(() => undefined)
        res.writeHead(mode.status ?? 200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'Content-Length': String(bombSize(mode.bytes)) })
        return writeGzipBomb(res, mode.bytes)
      }
      case 'status': {
        await readAll(req).catch(() => undefined)
        return answerStatus(mode, res)
      }
      case 'stop-reading': {
        let seen = 0
        req.on('data', (c: Buffer) => {
          seen += c.length
          if (seen >= (mode.afterBytes ?? 64 * 1024)) req.pause()
        })
        return // never answers; the socket is destroyed when the client gives up or the proxy closes
      }
    }
  }

  const answerStatus = (mode: Extract<HostileMode, { kind: 'status' }>, res: ServerResponse) => {
    if (mode.status === 'reset') return res.socket?.destroy()
    const body = JSON.stringify(mode.body ?? { message: `hostile proxy answered ${mode.status}`, ErrorMessage: `hostile proxy answered ${mode.status}` })
    res.writeHead(mode.status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)), ...(mode.headers ?? {}) })
    res.end(body)
  }

  const forward = (req: IncomingMessage): Promise<IncomingMessage> =>
    new Promise((resolve, reject) => {
      const target = new URL(`${upstreamOrigin}${req.url}`)
      const send = target.protocol === 'https:' ? httpsRequest : httpRequest
      const up = send(
        {
          hostname: target.hostname,
          port: target.port,
          path: target.pathname + target.search,
          method: req.method,
          headers: copyHeaders(req.headers, ['accept-encoding']),
          rejectUnauthorized: false
        },
        resolve
      )
      up.on('error', reject)
      req.pipe(up)
    })

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const method = (req.method ?? 'GET').toUpperCase()
    const path = new URL(req.url ?? '/', 'http://x').pathname
    const modes = pick(method, path)
    requests.push({ method, url: req.url ?? '/', headers: req.headers, modes: modes.map((m) => m.kind), at: Date.now() })
    const info: ModeRequest = { method, url: req.url ?? '/', headers: req.headers, front, other: other.url }
    if (modes.length === 1 && answersAlone(modes[0])) return answerAlone(modes[0], req, res, info)

    const upRes = await forward(req)
    const after = modes.find((m): m is Active & Extract<HostileMode, { kind: 'status' }> => m.kind === 'status')
    if (after) {
      await readAll(upRes).catch(() => undefined)
      return answerStatus(after, res)
    }
    const status = upRes.statusCode ?? 502
    const headers = copyHeaders(upRes.headers)
    for (const m of modes) {
      if (m.kind !== 'headers') continue
      Object.assign(headers, m.headers ?? {})
      for (let i = 0; i < (m.count ?? 0); i++) headers[`x-hostile-${i}`] = `v${i}`
    }
    const isJson = /json/i.test(String(upRes.headers['content-type'] ?? ''))
    const trickleMode = modes.find((m) => m.kind === 'trickle')
    const stallMode = modes.find((m) => m.kind === 'stall')
    if (stallMode?.kind === 'stall' && stallMode.at !== 'body') {
      // The fake acted; its answer never reaches the client.
      upRes.resume()
      return // never answers
    }
    if (!isJson && !trickleMode && !stallMode) {
      res.writeHead(status, headers)
      upRes.pipe(res)
      return
    }
    let body = await readAll(upRes)
    if (isJson && body.length) {
      let text = rewriteOrigin(body.toString('utf8'), upstreamOrigin, front)
      let json: unknown
      try {
        json = JSON.parse(text)
      } catch {
        json = undefined
      }
      if (json !== undefined) {
        for (const m of modes) {
          if (m.kind === 'link') json = pointLinksAt(json, (v) => (typeof m.to === 'function' ? m.to(v, info) : toOtherOrigin(v, front, other.url)), m.keys)
          if (m.kind === 'inject') json = inject(json, { payload: m.payload ?? INJECTION, position: m.position ?? 'suffix', keys: m.keys, skipKeys: m.skipKeys })
        }
        text = JSON.stringify(json)
      }
      body = Buffer.from(text, 'utf8')
    }
    headers['content-length'] = String(body.length)
    res.writeHead(status, headers)
    if (stallMode) {
      res.write(body.subarray(0, Math.floor(body.length / 2)))
      return // the rest never comes
    }
    if (trickleMode?.kind === 'trickle') return void trickle(res, body, trickleMode.intervalMs, trickleMode.chunkBytes ?? 1)
    res.end(body)
  }

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) {
        res.writeHead(502, { 'Content-Type': 'text/plain' })
        res.end(`hostile proxy: ${err instanceof Error ? err.message : String(err)}`)
      } else res.destroy()
    })
  }
  const server: Server = opts.tls ? (createHttpsServer({ key: opts.tls.key, cert: opts.tls.cert }, listener) as unknown as Server) : createHttpServer(listener)
  const track = (s: Socket) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  }
  server.on('connection', track)
  server.on('secureConnection', track)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  front = `${opts.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    url: `${front}${basePath}`,
    origin: front,
    other,
    requests,
    use: (...modes) => {
      active = modes.map((m) => ({ ...m, used: 0 }))
    },
    add: (...modes) => {
      active.push(...modes.map((m) => ({ ...m, used: 0 })))
    },
    reset: () => {
      active = []
    },
    close: async () => {
      for (const s of sockets) s.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await other.close()
    }
  }
}
