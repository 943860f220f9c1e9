import { afterEach, describe, expect, it } from '@jest/globals'
import { harness, type Harness } from './helpers.js'

const DAY = 24 * 60 * 60 * 1000

describe('Octopus fake: users and API keys', () => {
  let h: Harness | undefined
  afterEach(async () => {
    await h?.fake.close()
    h = undefined
  })

  it('returns the current user', async () => {
    h = await harness()
    const me = await h.get('/api/users/me')
    expect(me.status).toBe(200)
    expect(me.body).toMatchObject({ Id: 'Users-1', Username: 'admin', DisplayName: 'Administrator', IsService: false })
    expect(me.body.Links.ApiKeys).toBe('/api/users/Users-1/apikeys{/id}{?skip,take}')
  })

  it('creates a key (plaintext once, 180-day default expiry), lists it by Purpose with a hint, and revokes it', async () => {
    h = await harness()
    const created = await h.post('/api/users/Users-1/apikeys', { Purpose: 'GitHub rotation 2026-11', UserId: 'Users-1' })
    expect(created.status).toBe(200)
    expect(Object.keys(created.body).sort()).toEqual(['ActorType', 'ApiKey', 'Created', 'Expires', 'Id', 'Links', 'Purpose', 'UserId'])
    expect(created.body.ApiKey).toMatch(/^API-[A-Z0-9]{26}$/)
    expect(created.body.Id).toMatch(/^apikeys-/)
    expect(created.body.Links.Self).toBe(`/api/users/Users-1/apikeys/${created.body.Id}`)
    const lifetime = Date.parse(created.body.Expires) - Date.parse(created.body.Created)
    expect(Math.round(lifetime / DAY)).toBe(180)
    expect(h.fake.server.ledger.count('apikey')).toBe(1)

    const key = created.body.ApiKey
    expect((await h.get('/api/users/me', { 'X-Octopus-ApiKey': key })).status).toBe(200)
    const list = await h.get('/api/users/Users-1/apikeys?partialPurpose=rotation')
    expect(list.body.Items).toHaveLength(1)
    const item = list.body.Items[0]
    expect(item).toMatchObject({ Id: created.body.Id, Purpose: 'GitHub rotation 2026-11', AccessLevel: 'FullAccess' })
    expect(item.ApiKey.HasValue).toBe(true)
    expect(JSON.stringify(list.body)).not.toContain(key)
    expect((await h.get('/api/users/Users-1/apikeys/v1')).body.Items.length).toBe(2)

    const del = await h.send('DELETE', `/api/users/Users-1/apikeys/${created.body.Id}`)
    expect(del).toEqual({ status: 200, body: {} })
    expect((await h.get('/api/users/me', { 'X-Octopus-ApiKey': key })).status).toBe(401)
    expect((await h.send('DELETE', `/api/users/Users-1/apikeys/${created.body.Id}`)).status).toBe(404)
  })

  it('validates the create body and permissions', async () => {
    h = await harness()
    expect((await h.post('/api/users/Users-1/apikeys', { Purpose: 'x' })).status).toBe(400)
    expect((await h.post('/api/users/Users-1/apikeys', { Purpose: 'x', UserId: 'Users-2' })).status).toBe(400)
    const past = await h.post('/api/users/Users-1/apikeys', { Purpose: 'x', UserId: 'Users-1', Expires: '2001-01-01T00:00:00Z' })
    expect(past.status).toBe(400)
    const explicit = await h.post('/api/users/Users-1/apikeys', { purpose: 'camel', userId: 'Users-1', expires: new Date(h.fake.clock.now() + 10 * DAY).toISOString() })
    expect(explicit.status).toBe(200)
    expect((await h.post('/api/users/Users-9/apikeys', { Purpose: 'x', UserId: 'Users-9' })).status).toBe(404)
    // A service account's key cannot manage the admin's keys.
    const svc = h.fake.createApiKey('Users-2', 'service', null)
    const forbidden = await h.get('/api/users/Users-1/apikeys', { 'X-Octopus-ApiKey': svc.apiKey })
    expect(forbidden.status).toBe(403)
    expect(forbidden.body.ErrorMessage).toMatch(/^You do not have permission to perform this action/)
  })
})
