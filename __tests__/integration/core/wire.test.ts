import { afterEach, describe, expect, it } from '@jest/globals'
import { createServer, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { Readable } from 'node:stream'
import { rootCertificates } from 'node:tls'
import { Router, sandboxTls, startFakeServer, type FakeServer } from '../../../sandbox/common/index.js'
import { TunnelRefusedError, Wire, type WireResponse } from '../../../src/core/wire.js'
import { startTestProxy, type TestProxy } from '../../helpers/proxy.js'

const text = async (res: WireResponse) => {
  const parts: Buffer[] = []
  for await (const c of res.body) parts.push(c as Buffer)
  return Buffer.concat(parts).toString('utf8')
}

describe('Wire: HTTP on Node http/https, direct and through proxies', () => {
  let server: FakeServer | undefined
  let proxy: TestProxy | undefined
  let other: Server | undefined
  afterEach(async () => {
    await server?.close()
    await proxy?.close()
    await new Promise((r) => (other ? other.close(r) : r(undefined)))
    server = proxy = other = undefined
  })

  const router = () =>
    new Router()
      .get('/hello', (req) => ({ status: 200, body: { hello: req.headers['x-who'] ?? 'nobody' } }))
      .post('/count', async (req) => ({ status: 201, body: { bytes: (await req.body()).length } }))
  const signal = () => AbortSignal.timeout(10_000)

  it('sends requests directly over http, reusing one connection, and streams request bodies', async () => {
    server = await startFakeServer({ router: router() })
    const wire = new Wire()
    const sockets = new Set<Socket>()
    server.server.on('connection', (s: Socket) => sockets.add(s))
    for (let i = 0; i < 3; i++) {
      const res = await wire.send({ method: 'GET', url: new URL(`${server.url}/hello`), headers: { 'x-who': `me${i}` }, signal: signal() })
      expect({ status: res.status, body: JSON.parse(await text(res)) }).toEqual({ status: 200, body: { hello: `me${i}` } })
    }
    expect(sockets.size).toBe(1)
    const body = Readable.from((function* () {
      for (let i = 0; i < 64; i++) yield Buffer.alloc(64 * 1024, i)
    })())
    const res = await wire.send({ method: 'POST', url: new URL(`${server.url}/count`), headers: { 'content-type': 'application/octet-stream' }, body, signal: signal() })
    expect(JSON.parse(await text(res))).toEqual({ bytes: 64 * 64 * 1024 })
    wire.close()
  })

  it('verifies TLS against the given CA, and fails without it', async () => {
    const tls = sandboxTls()
    server = await startFakeServer({ router: router(), tls })
    const url = new URL(`${server.url}/hello`)
    await expect(new Wire().send({ method: 'GET', url, headers: {}, signal: signal() })).rejects.toMatchObject({ code: expect.stringMatching(/CERT|SIGNATURE|SELF_SIGNED|VERIFY/) })
    const res = await new Wire({ tls: { ca: [...rootCertificates, tls.ca] } }).send({ method: 'GET', url, headers: {}, signal: signal() })
    expect(res.status).toBe(200)
    await text(res)
  })

  it('forwards plain HTTP to the proxy as absolute-URI requests, and tunnels HTTPS with CONNECT', async () => {
    proxy = await startTestProxy()
    server = await startFakeServer({ router: router() })
    const plain = new Wire({ route: () => proxy!.url })
    const res = await plain.send({ method: 'GET', url: new URL(`${server.url}/hello`), headers: {}, signal: signal() })
    expect(res.status).toBe(200)
    await text(res)
    expect(proxy.seen).toEqual([`GET ${server.url}/hello`])

    const tls = sandboxTls()
    const secure = await startFakeServer({ router: router(), tls })
    try {
      const wire = new Wire({ route: () => proxy!.url, tls: { ca: [...rootCertificates, tls.ca] } })
      for (let i = 0; i < 2; i++) {
        const r = await wire.send({ method: 'GET', url: new URL(`${secure.url}/hello`), headers: {}, signal: signal() })
        expect(r.status).toBe(200)
        await text(r)
      }
      // One tunnel, kept alive for the second request.
      expect(proxy.seen.filter((s) => s.startsWith('CONNECT'))).toEqual([`CONNECT ${new URL(secure.url).host}`])
      wire.close()
    } finally {
      await secure.close()
    }
  })

  it('fails a refused tunnel with the proxy status, and remembers it for the message', async () => {
    other = createServer().on('connect', (_req, socket: Socket) => socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n'))
    await new Promise<void>((r) => other!.listen(0, '127.0.0.1', r))
    const refusing = `http://127.0.0.1:${(other.address() as AddressInfo).port}`
    const wire = new Wire({ route: () => refusing })
    const url = new URL('https://example.invalid:8443/x')
    const err = await wire.send({ method: 'GET', url, headers: {}, signal: signal() }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(TunnelRefusedError)
    expect(err).toMatchObject({ status: 403, target: 'example.invalid:8443' })
    expect(wire.tunnelRefusal(url)).toBe(403)
  })

  it('aborts with the signal before an answer', async () => {
    server = await startFakeServer({ router: new Router().get('/slow', () => new Promise(() => undefined)) })
    const controller = new AbortController()
    const pending = new Wire().send({ method: 'GET', url: new URL(`${server.url}/slow`), headers: {}, signal: controller.signal })
    setTimeout(() => controller.abort(), 50)
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' })
  })
})
