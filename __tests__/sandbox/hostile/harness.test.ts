/**
 * The hostile-server harness itself, driven by a raw undici client (no redirects followed, nothing decompressed):
 * each mode does what its README says, in front of the Octopus and GoCD fakes.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { request } from 'undici'
import { createGunzip } from 'node:zlib'
import { Readable } from 'node:stream'
import { startHostileProxy, INJECTION, type HostileProxy } from '../../../sandbox/hostile/index.js'
import { startOctopusFake, type OctopusFake } from '../../../sandbox/octopus/index.js'
import { startGocdFake, type GocdFake } from '../../../sandbox/gocd/index.js'
import { startGithubFake } from '../../../sandbox/github/index.js'

let octo: OctopusFake
let gocd: GocdFake
let proxy: HostileProxy
let gproxy: HostileProxy

beforeAll(async () => {
  ;[octo, gocd] = await Promise.all([startOctopusFake({ clockSpeed: 0 }), startGocdFake({ speed: 0 })])
  ;[proxy, gproxy] = await Promise.all([startHostileProxy({ upstream: octo.url }), startHostileProxy({ upstream: gocd.goUrl })])
})
afterAll(async () => {
  await Promise.all([proxy.close(), gproxy.close(), octo.close(), gocd.close()])
})

const key = () => ({ 'x-octopus-apikey': octo.apiKey })

async function get(url: string, headers: Record<string, string> = key(), method = 'GET', body?: string) {
  const res = await request(url, { method: method as 'GET', headers, body })
  const buf = Buffer.from(await res.body.arrayBuffer())
  return { status: res.statusCode, headers: res.headers, text: buf.toString('utf8'), bytes: buf.length }
}

describe('passing through', () => {
  it('answers as the fake does, with the fake origin rewritten to the proxy', async () => {
    proxy.reset()
    const res = await get(`${proxy.url}/api`)
    expect(res.status).toBe(200)
    expect(JSON.parse(res.text).Links.Spaces).toMatch(/^\/api\/spaces/)
    expect(proxy.requests.at(-1)).toMatchObject({ method: 'GET', url: '/api', modes: [] })
  })

  it("keeps GoCD's absolute links on the proxy origin", async () => {
    gproxy.reset()
    const res = await get(`${gproxy.url}/api/pipelines/up42/history`, { accept: 'application/vnd.go.cd.v1+json', authorization: `Bearer ${gocd.token}` })
    expect(res.status).toBe(200)
    const hrefs = res.text.match(/https?:\/\/[^"]+/g) ?? []
    expect(hrefs.filter((h) => h.includes('127.0.0.1')).every((h) => h.startsWith(gproxy.origin))).toBe(true)
  })

  it('passes GitHub API requests through (GHES layout too)', async () => {
    const github = await startGithubFake({ ghes: true })
    const ghproxy = await startHostileProxy({ upstream: github.apiUrl })
    try {
      expect(ghproxy.url).toBe(`${ghproxy.origin}/api/v3`)
      const res = await get(`${ghproxy.url}/repos/${github.owner}/${github.repo}/actions/secrets/public-key`, {
        authorization: `Bearer ${github.token}`,
        'user-agent': 'hostile-harness-test'
      })
      expect(res.status).toBe(200)
      expect(JSON.parse(res.text).key_id).toBeDefined()
    } finally {
      await ghproxy.close()
      await github.close()
    }
  })
})

describe('answering alone', () => {
  it.each([301, 302, 303, 307, 308] as const)('redirects with %i to the same URL once, then passes through', async (status) => {
    proxy.use({ kind: 'redirect', status, to: 'same', times: 1 })
    const first = await get(`${proxy.url}/api`)
    expect(first.status).toBe(status)
    expect(first.headers.location).toBe(`${proxy.url}/api`)
    expect((await get(first.headers.location as string)).status).toBe(200)
  })

  it('redirects to the other origin, or anywhere a function says', async () => {
    proxy.use({ kind: 'redirect', status: 307, to: 'other', match: { path: '/api' } })
    expect((await get(`${proxy.url}/api`)).headers.location).toBe(`${proxy.other.url}/api`)
    proxy.use({ kind: 'redirect', status: 302, to: (r) => `//evil.example${r.url}` })
    expect((await get(`${proxy.url}/api?x=1`)).headers.location).toBe('//evil.example/api?x=1')
  })

  it('echoes the request headers (and body) far past a 500-character cut', async () => {
    proxy.use({ kind: 'echo', body: true })
    const res = await get(`${proxy.url}/api/projects`, key(), 'POST', 'secret-body-value')
    expect(res.status).toBe(400)
    const message: string = JSON.parse(res.text).ErrorMessage
    expect(message.indexOf(octo.apiKey)).toBeGreaterThan(500)
    expect(message).toContain('secret-body-value')
  })

  it('answers a huge body with its Content-Length, and an endless one chunked', async () => {
    proxy.use({ kind: 'huge', bytes: 3 * 1024 * 1024 })
    const res = await get(`${proxy.url}/api`)
    expect(res.headers['content-length']).toBe(String(3 * 1024 * 1024))
    expect(res.bytes).toBe(3 * 1024 * 1024)
    proxy.use({ kind: 'huge', bytes: Infinity })
    const endless = await request(`${proxy.url}/api`)
    expect(endless.headers['content-length']).toBeUndefined()
    let read = 0
    for await (const chunk of endless.body) {
      read += (chunk as Buffer).length
      if (read > 8 * 1024 * 1024) break
    }
    endless.body.destroy()
    expect(read).toBeGreaterThan(8 * 1024 * 1024)
  })

  it('answers a gzip bomb: a small body that inflates to the size asked for', async () => {
    proxy.use({ kind: 'gzip-bomb', bytes: 64 * 1024 * 1024 })
    const res = await request(`${proxy.url}/api`)
    expect(res.headers['content-encoding']).toBe('gzip')
    expect(Number(res.headers['content-length'])).toBeLessThan(200 * 1024)
    let inflated = 0
    for await (const chunk of (res.body as Readable).pipe(createGunzip())) inflated += (chunk as Buffer).length
    expect(inflated).toBeGreaterThanOrEqual(64 * 1024 * 1024)
  })

  it('answers a status before the fake sees the request', async () => {
    const before = octo.server.log.entries.length
    proxy.use({ kind: 'status', status: 503, after: false, headers: { 'Retry-After': '31536000' } })
    const res = await get(`${proxy.url}/api`)
    expect(res.status).toBe(503)
    expect(res.headers['retry-after']).toBe('31536000')
    expect(octo.server.log.entries.length).toBe(before)
  })
})

describe('changing the answer', () => {
  it('lets the fake act, then answers 408 or resets', async () => {
    const before = octo.server.log.entries.length
    proxy.use({ kind: 'status', status: 408, times: 1 })
    expect((await get(`${proxy.url}/api`)).status).toBe(408)
    expect(octo.server.log.entries.length).toBe(before + 1)
    proxy.use({ kind: 'status', status: 'reset', times: 1 })
    await expect(get(`${proxy.url}/api`)).rejects.toThrow()
    expect(octo.server.log.entries.length).toBe(before + 2)
  })

  it('points every link at the other origin', async () => {
    proxy.use({ kind: 'link' })
    const links: Record<string, string> = JSON.parse((await get(`${proxy.url}/api`)).text).Links
    expect(Object.values(links).every((l) => l.startsWith(proxy.other.url))).toBe(true)
    gproxy.use({ kind: 'link' })
    const page = await get(`${gproxy.url}/api/version`, { accept: 'application/vnd.go.cd.v1+json', authorization: `Bearer ${gocd.token}` })
    expect(JSON.parse(page.text)._links.self.href).toBe(`${gproxy.other.url}/go/api/version`)
    expect(page.text).not.toContain(gproxy.origin)
  })

  it('injects runner commands into every string field but links and ids', async () => {
    proxy.use({ kind: 'inject' })
    const root = JSON.parse((await get(`${proxy.url}/api`)).text)
    expect(root.Application).toBe(`Octopus Deploy${INJECTION}`)
    expect(root.Links.Spaces).not.toContain('::')
    const spaces = JSON.parse((await get(`${proxy.url}/api/spaces`)).text)
    expect(spaces.Items[0].Id).toBe('Spaces-1')
    expect(spaces.Items[0].Name).toBe(`Default${INJECTION}`)
  })

  it('adds many headers, or a Location on a success', async () => {
    proxy.use({ kind: 'headers', count: 300, headers: { Location: `${proxy.other.url}/elsewhere` } })
    const res = await get(`${proxy.url}/api`)
    expect(res.status).toBe(200)
    expect(Object.keys(res.headers).filter((h) => h.startsWith('x-hostile-'))).toHaveLength(300)
    expect(res.headers.location).toBe(`${proxy.other.url}/elsewhere`)
  })

  it('trickles the answer a byte at a time', async () => {
    proxy.use({ kind: 'trickle', intervalMs: 1, chunkBytes: 16 })
    const res = await request(`${proxy.url}/api`)
    let chunks = 0
    let text = ''
    for await (const c of res.body) {
      chunks++
      text += (c as Buffer).toString('utf8')
    }
    expect(JSON.parse(text).Version).toBeDefined()
    expect(chunks).toBeGreaterThan(10)
  })

  it('stalls: half the body, then nothing until the client gives up', async () => {
    proxy.use({ kind: 'stall', at: 'body' })
    const controller = new AbortController()
    const res = await request(`${proxy.url}/api`, { signal: controller.signal })
    const expected = Number(res.headers['content-length'])
    let read = 0
    const reading = (async () => {
      for await (const c of res.body) {
        read += (c as Buffer).length
        if (read >= Math.floor(expected / 2)) controller.abort()
      }
    })()
    await expect(reading).rejects.toThrow()
    expect(read).toBe(Math.floor(expected / 2))
  })
})

describe('the other origin', () => {
  it('records what reaches it and finds credentials in any form', async () => {
    const before = proxy.other.received.length
    await get(`${proxy.other.url}/api/x`, { authorization: `Basic ${Buffer.from('user:pa55-word-here').toString('base64')}` })
    await get(`${proxy.other.url}/api/y?apikey=${encodeURIComponent(octo.apiKey)}`, {})
    expect(proxy.other.received.length).toBe(before + 2)
    expect(proxy.other.leaks(['pa55-word-here', octo.apiKey])).toHaveLength(2)
    expect(proxy.other.leaks(['never-sent-value'])).toEqual([])
  })
})
