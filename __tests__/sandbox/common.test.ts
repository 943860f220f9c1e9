import { afterEach, describe, expect, it } from '@jest/globals'
import { Router, startFakeServer, type FakeServer } from '../../sandbox/common/index.js'

describe('fake server harness', () => {
  let fake: FakeServer | undefined
  afterEach(async () => {
    await fake?.close()
    fake = undefined
  })

  async function start() {
    let created = 0
    const router = new Router()
      .get('/api/items/:id', (_req, p) => ({ status: 200, body: { id: p.id } }))
      .post('/api/items', async (req) => {
        const body = await req.json<{ name: string }>()
        created++
        fake!.ledger.record('item', `item-${created}`, body)
        return { status: 201, body: { id: `item-${created}` } }
      })
    fake = await startFakeServer({ router })
    return fake
  }

  it('routes, logs requests with secrets redacted, and counts creations', async () => {
    const f = await start()
    const res = await fetch(`${f.url}/api/items/a%20b`, { headers: { 'X-Octopus-ApiKey': 'API-SECRET' } })
    expect(await res.json()).toEqual({ id: 'a b' })
    const post = await fetch(`${f.url}/api/items`, { method: 'POST', body: JSON.stringify({ name: 'x' }) })
    expect(post.status).toBe(201)
    expect(f.ledger.count('item')).toBe(1)
    expect(f.log.entries[0].headers['x-octopus-apikey']).toBe('[redacted]')
    expect(JSON.stringify(f.log.entries)).not.toContain('API-SECRET')
    expect(f.log.entries[1].body).toEqual({ name: 'x' })
    expect((await fetch(`${f.url}/nope`)).status).toBe(404)
    expect((await fetch(`${f.url}/api/items`, { method: 'DELETE' })).status).toBe(405)
  })

  it('injects status faults for the next N requests, then recovers', async () => {
    const f = await start()
    f.faults.next('GET', /^\/api\/items\//, { kind: 'status', status: 503, headers: { 'Retry-After': '1' } }, 2)
    const statuses = []
    for (let i = 0; i < 3; i++) statuses.push((await fetch(`${f.url}/api/items/1`)).status)
    expect(statuses).toEqual([503, 503, 200])
    expect(f.faults.fired).toHaveLength(2)
  })

  it('a lost response still performs the action', async () => {
    const f = await start()
    f.faults.next('POST', '/api/items', { kind: 'lost-response' })
    await expect(fetch(`${f.url}/api/items`, { method: 'POST', body: '{"name":"y"}' })).rejects.toThrow()
    expect(f.ledger.count('item')).toBe(1)
  })

  it('resets the connection without acting', async () => {
    const f = await start()
    f.faults.next('POST', '/api/items', { kind: 'reset' })
    await expect(fetch(`${f.url}/api/items`, { method: 'POST', body: '{"name":"y"}' })).rejects.toThrow()
    expect(f.ledger.count('item')).toBe(0)
  })

  it('fires probabilistic faults repeatably for a seed', async () => {
    const pattern = async () => {
      const f = await start()
      f.faults.seed(7)
      f.faults.add({ path: /items/, fault: { kind: 'status', status: 500 }, probability: 0.5 })
      const out: number[] = []
      for (let i = 0; i < 10; i++) out.push((await fetch(`${f.url}/api/items/1`)).status)
      await f.close()
      fake = undefined
      return out
    }
    const a = await pattern()
    expect(a).toEqual(await pattern())
    expect(a).toContain(500)
    expect(a).toContain(200)
  })
})
