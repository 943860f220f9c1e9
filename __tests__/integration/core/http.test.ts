import { afterEach, describe, expect, it } from '@jest/globals'
import { Readable } from 'node:stream'
import { ApiError, NetworkError } from '../../../src/core/errors.js'
import { HttpClient, type HttpClientOptions } from '../../../src/core/http.js'
import { MemoryLogger } from '../../helpers/memory-logger.js'
import { SecretRegistry } from '../../../src/core/secrets.js'
import { Router, sandboxTls, startFakeServer, type FakeServer } from '../../../sandbox/common/index.js'
import { startTestProxy, type TestProxy } from '../../helpers/proxy.js'
import { rejectionOf } from '../../helpers/rejection.js'

const SECRET = 'API-TOPSECRET0123456789'

describe('HttpClient against a loopback server with injected faults', () => {
  let server: FakeServer | undefined
  let proxy: TestProxy | undefined
  let clients: HttpClient[] = []
  const saved = { ...process.env }

  afterEach(async () => {
    for (const c of clients) await c.close()
    clients = []
    await server?.close()
    await proxy?.close()
    server = undefined
    proxy = undefined
    for (const k of ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy']) {
      if (saved[k] === undefined) delete process.env[k]
      else process.env[k] = saved[k]
    }
  })

  let created = 0
  async function start(tls = false) {
    created = 0
    const router = new Router()
      .get('/api/thing', () => ({ status: 200, body: { ok: true } }))
      .get('/api/slow', async () => {
        await new Promise((r) => setTimeout(r, 400))
        return { status: 200, body: { ok: true } }
      })
      .get('/api/html-error', () => ({ status: 400, headers: { 'Content-Type': 'text/html' }, body: '<html><body>Bad gateway config</body></html>' }))
      .get('/api/octopus-error', () => ({
        status: 400,
        body: { ErrorMessage: 'There was a problem with your request.', Errors: ['Project name must be unique'] }
      }))
      .get('/api/echo-auth', (req) => ({ status: 401, body: { message: `bad key ${String(req.headers['x-octopus-apikey'])}` } }))
      .post('/api/things', async (req) => {
        await req.body()
        created++
        server!.ledger.record('thing', `thing-${created}`)
        return { status: 201, body: { id: `thing-${created}` } }
      })
    server = await startFakeServer({ router, tls: tls ? sandboxTls() : undefined })
    return server
  }

  function client(opts: Partial<HttpClientOptions> = {}) {
    const logger = new MemoryLogger()
    const sleeps: number[] = []
    const secrets = new SecretRegistry()
    secrets.add(SECRET)
    const c = new HttpClient({
      baseUrl: server!.url,
      service: 'Octopus',
      logger,
      secrets,
      headers: { 'X-Octopus-ApiKey': SECRET },
      timeoutMs: 2000,
      noProxy: true,
      sleep: async (ms) => {
        sleeps.push(ms)
      },
      random: () => 0.5,
      ...opts
    })
    clients.push(c)
    return { c, logger, sleeps }
  }

  it('returns parsed JSON and logs method, URL and status at debug level', async () => {
    await start()
    const { c, logger } = client()
    expect(await c.get('/api/thing', { skip: 0, apikey: SECRET })).toEqual({ ok: true })
    expect(logger.text()).toMatch(/debug: GET http:\/\/127\.0\.0\.1:\d+\/api\/thing\?skip=0&apikey=\*\*\* -> 200 \(\d+ ms\)/)
    expect(logger.text()).not.toContain(SECRET)
  })

  it('retries 503 then succeeds, with backoff', async () => {
    await start()
    server!.faults.next('GET', '/api/thing', { kind: 'status', status: 503 }, 2)
    const { c, sleeps } = client()
    expect(await c.get('/api/thing')).toEqual({ ok: true })
    expect(server!.log.filter('GET', '/api/thing')).toHaveLength(3)
    expect(sleeps).toEqual([375, 750])
  })

  it('honours Retry-After on 429', async () => {
    await start()
    server!.faults.next('GET', '/api/thing', { kind: 'status', status: 429, headers: { 'Retry-After': '7' } })
    const { c, sleeps } = client()
    await c.get('/api/thing')
    expect(sleeps).toEqual([7000])
  })

  it('gives up after the configured retries and reports the server message', async () => {
    await start()
    server!.faults.next('GET', '/api/thing', { kind: 'status', status: 502, body: { ErrorMessage: 'upstream down' } }, 10)
    const { c } = client({ retry: { retries: 2 } })
    const err = await rejectionOf<ApiError & NetworkError>(c.get('/api/thing'))
    expect(err).toBeInstanceOf(ApiError)
    expect(err.status).toBe(502)
    expect(err.message).toMatch(/^Octopus answered 502 to GET http:\/\/127\.0\.0\.1:\d+\/api\/thing: upstream down/)
    expect(server!.log.filter('GET', '/api/thing')).toHaveLength(3)
  })

  it('times out a slow response and retries it', async () => {
    await start()
    const { c } = client({ timeoutMs: 100, retry: { retries: 1 } })
    const err = await rejectionOf<ApiError & NetworkError>(c.get('/api/slow'))
    expect(err).toBeInstanceOf(NetworkError)
    expect(err.timedOut).toBe(true)
    expect(err.message).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/api\/slow timed out/)
    expect(server!.log.filter('GET', '/api/slow')).toHaveLength(2)
  })

  it('retries a GET after a connection reset', async () => {
    await start()
    server!.faults.next('GET', '/api/thing', { kind: 'reset' })
    const { c } = client()
    expect(await c.get('/api/thing')).toEqual({ ok: true })
  })

  it('does not retry 4xx and keeps a non-JSON error body readable', async () => {
    await start()
    const { c } = client()
    const err = await rejectionOf<ApiError & NetworkError>(c.get('/api/html-error'))
    expect(err).toBeInstanceOf(ApiError)
    expect(err.serverMessage).toBe('<html><body>Bad gateway config</body></html>')
    expect(server!.log.filter('GET', '/api/html-error')).toHaveLength(1)
  })

  it('uses a custom message extractor (Octopus errors)', async () => {
    await start()
    const { c } = client({
      extractMessage: (_t, j) => {
        const o = j as { ErrorMessage?: string; Errors?: string[] }
        return o?.ErrorMessage ? [o.ErrorMessage, ...(o.Errors ?? [])].join(' ') : undefined
      }
    })
    const err = await rejectionOf<ApiError & NetworkError>(c.get('/api/octopus-error'))
    expect(err.serverMessage).toBe('There was a problem with your request. Project name must be unique')
  })

  it('never puts a credential into an error, even when the server echoes it', async () => {
    await start()
    const { c, logger } = client()
    const err = await rejectionOf<ApiError & NetworkError>(c.get('/api/echo-auth'))
    expect(err.message).toContain('bad key ***')
    expect(`${err.message}${err.body}${logger.text()}`).not.toContain(SECRET)
  })

  describe('non-idempotent requests', () => {
    it('are not retried blindly after the response was lost', async () => {
      await start()
      server!.faults.next('POST', '/api/things', { kind: 'lost-response' })
      const { c } = client()
      await expect(c.request({ method: 'POST', path: '/api/things', json: {} })).rejects.toBeInstanceOf(NetworkError)
      expect(server!.ledger.count('thing')).toBe(1)
    })

    it('reconcile finds the result of a lost response instead of creating twice', async () => {
      await start()
      server!.faults.next('POST', '/api/things', { kind: 'lost-response' })
      const { c, logger } = client()
      const res = await c.request<{ id: string }>({
        method: 'POST',
        path: '/api/things',
        json: {},
        reconcile: async () => (server!.ledger.count('thing') ? { id: server!.ledger.entries[0].id } : undefined)
      })
      expect(res.reconciled).toBe(true)
      expect(res.data).toEqual({ id: 'thing-1' })
      expect(server!.ledger.count('thing')).toBe(1)
      expect(logger.text()).toMatch(/may have reached Octopus .* checking before retrying/)
    })

    it('retries after a reset when reconcile finds nothing, creating exactly once', async () => {
      await start()
      server!.faults.next('POST', '/api/things', { kind: 'reset' })
      const { c } = client()
      const res = await c.request<{ id: string }>({ method: 'POST', path: '/api/things', json: {}, reconcile: async () => undefined })
      expect(res.data).toEqual({ id: 'thing-1' })
      expect(server!.ledger.count('thing')).toBe(1)
    })

    it('are retried on 429 (the server did not act)', async () => {
      await start()
      server!.faults.next('POST', '/api/things', { kind: 'status', status: 429, headers: { 'Retry-After': '1' } })
      const { c } = client()
      const res = await c.request<{ id: string }>({ method: 'POST', path: '/api/things', json: {} })
      expect(res.status).toBe(201)
      expect(server!.ledger.count('thing')).toBe(1)
    })

    it('rebuild a streamed body for each attempt', async () => {
      await start()
      server!.faults.next('POST', '/api/things', { kind: 'status', status: 429 })
      const { c } = client()
      let built = 0
      await c.request({ method: 'POST', path: '/api/things', body: () => (built++, `payload-${built}`) })
      expect(built).toBe(2)
      expect(server!.log.filter('POST', '/api/things').map((e) => e.body)).toEqual(['payload-1', 'payload-2'])
    })
  })

  describe('streamed bodies (sent with undici.request, which honours backpressure)', () => {
    it('arrive intact and the answer is parsed like any other', async () => {
      await start()
      const { c } = client()
      const chunks = Array.from({ length: 64 }, (_, i) => Buffer.alloc(16 * 1024, i))
      const res = await c.request<{ id: string }>({ method: 'POST', path: '/api/things', body: () => Readable.from(chunks), idempotent: true })
      expect(res.status).toBe(201)
      expect(res.data).toEqual({ id: 'thing-1' })
      expect(res.headers.get('content-type')).toMatch(/json/)
      expect(server!.log.filter('POST', '/api/things')[0].body).toBe(`<${64 * 16 * 1024} bytes>`)
    })

    it('report errors with the server message, and retry with a fresh body', async () => {
      await start()
      server!.faults.next('POST', '/api/things', { kind: 'status', status: 503, body: { ErrorMessage: 'busy' } })
      const { c } = client()
      let opened = 0
      const res = await c.request({ method: 'POST', path: '/api/things', body: () => (opened++, Readable.from([Buffer.from('x')])), idempotent: true })
      expect(res.status).toBe(201)
      expect(opened).toBe(2)
      server!.faults.next('POST', '/api/things', { kind: 'status', status: 400, body: { ErrorMessage: 'bad package' } })
      const err = await rejectionOf<ApiError>(c.request({ method: 'POST', path: '/api/things', body: () => Readable.from([Buffer.from('x')]) }))
      expect(err.status).toBe(400)
      expect(err.serverMessage).toBe('bad package')
    })
  })

  describe('TLS', () => {
    it('fails verification against an unknown CA with a hint naming the input', async () => {
      await start(true)
      const { c } = client({ tlsHint: "Set the 'ca_certificate' input to the PEM of the CA that signed the server certificate." })
      const err = await rejectionOf<ApiError & NetworkError>(c.get('/api/thing'))
      expect(err).toBeInstanceOf(NetworkError)
      expect(err.message).toMatch(/ca_certificate/)
      expect(server!.log.entries).toHaveLength(0)
    })

    it('trusts a server signed by the given CA certificate', async () => {
      await start(true)
      const { c } = client({ caCertificate: sandboxTls().ca })
      expect(await c.get('/api/thing')).toEqual({ ok: true })
    })

    it('skips verification only when asked', async () => {
      await start(true)
      const { c } = client({ insecureSkipTlsVerify: true })
      expect(await c.get('/api/thing')).toEqual({ ok: true })
    })
  })

  describe('proxies', () => {
    it('sends requests through HTTP_PROXY', async () => {
      await start()
      proxy = await startTestProxy()
      process.env.HTTP_PROXY = proxy.url
      delete process.env.NO_PROXY
      delete process.env.no_proxy
      const { c } = client({ noProxy: false })
      expect(await c.get('/api/thing')).toEqual({ ok: true })
      expect(proxy.seen.join()).toContain(`127.0.0.1:${server!.port}`)
    })

    it('bypasses the proxy for hosts in NO_PROXY', async () => {
      await start()
      proxy = await startTestProxy()
      process.env.HTTP_PROXY = proxy.url
      process.env.NO_PROXY = '127.0.0.1'
      const { c } = client({ noProxy: false })
      expect(await c.get('/api/thing')).toEqual({ ok: true })
      expect(proxy.seen).toEqual([])
    })

    it('tunnels HTTPS through HTTPS_PROXY with the custom CA', async () => {
      await start(true)
      proxy = await startTestProxy()
      process.env.HTTPS_PROXY = proxy.url
      delete process.env.NO_PROXY
      delete process.env.no_proxy
      const { c } = client({ noProxy: false, caCertificate: sandboxTls().ca })
      expect(await c.get('/api/thing')).toEqual({ ok: true })
      expect(proxy.seen).toEqual([`CONNECT 127.0.0.1:${server!.port}`])
    })
  })
})
