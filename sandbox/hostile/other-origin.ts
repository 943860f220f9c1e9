/**
 * "The other origin": a second loopback listener that stands for the attacker's server (or any host that is not the
 * one the user configured). It records everything it receives, headers and body included, and answers 200 with a
 * small JSON body, so a test can prove that no request, and above all no credential, ever arrived there.
 */
import { createServer as createHttpServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo, Socket } from 'node:net'

export interface ReceivedRequest {
  method: string
  url: string
  headers: IncomingHttpHeaders
  /** The body as text (at most 1 MiB kept), and its full size. */
  body: string
  bodyBytes: number
}

export interface OtherOrigin {
  url: string
  readonly received: ReceivedRequest[]
  /** Where any form of a secret (plain, base64, URL-encoded) appeared in what this listener received. */
  leaks(secrets: string[]): string[]
  close(): Promise<void>
}

const KEEP = 1024 * 1024

export function secretForms(secret: string): string[] {
  const b64 = Buffer.from(secret).toString('base64')
  return [...new Set([secret, b64, b64.replace(/=+$/, ''), encodeURIComponent(secret)])].filter((f) => f.length >= 6)
}

/** Basic auth carries `user:password` in base64, which contains no base64 of the password alone: decode it. */
function decodedAuthorization(headers: IncomingHttpHeaders): string {
  const auth = headers.authorization
  const basic = typeof auth === 'string' ? /^Basic\s+(\S+)/i.exec(auth) : null
  return basic ? Buffer.from(basic[1], 'base64').toString('utf8') : ''
}

export function findLeaks(requests: ReceivedRequest[], secrets: string[]): string[] {
  const found: string[] = []
  for (const r of requests) {
    const surfaces: Record<string, string> = { url: r.url, headers: JSON.stringify(r.headers) + decodedAuthorization(r.headers), body: r.body }
    for (const s of secrets)
      for (const form of secretForms(s))
        for (const [where, text] of Object.entries(surfaces)) if (text.includes(form)) found.push(`${r.method} ${r.url}: ${where} holds ${s.slice(0, 4)}…`)
  }
  return [...new Set(found)]
}

export async function startOtherOrigin(opts: { tls?: { key: string | Buffer; cert: string | Buffer } } = {}): Promise<OtherOrigin> {
  const received: ReceivedRequest[] = []
  const sockets = new Set<Socket>()
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const entry: ReceivedRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: '', bodyBytes: 0 }
    received.push(entry)
    req.on('data', (chunk: Buffer) => {
      entry.bodyBytes += chunk.length
      if (entry.body.length < KEEP) entry.body += chunk.toString('utf8')
    })
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify({ message: 'the other origin answered', Links: {}, Items: [] }))
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
  const port = (server.address() as AddressInfo).port
  return {
    url: `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    received,
    leaks: (secrets) => findLeaks(received, secrets),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      })
  }
}
