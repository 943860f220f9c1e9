import { afterEach, describe, expect, it } from '@jest/globals'
import { startGocdFake, type GocdFake } from '../../../sandbox/gocd/index.js'
import { call, expectSameShape } from './client.js'
import * as ex from './examples.js'

const BASE = '/api/current_user/access_tokens'

describe('GoCD fake: access tokens v1', () => {
  let fake: GocdFake
  afterEach(() => fake.close())

  it('creates a token that is shown once, authenticates with it, lists and gets it', async () => {
    fake = await startGocdFake({ speed: 0 })
    const created = await call(fake, 'POST', BASE, { json: { description: 'rotation 2026-11' } })
    expect(created.status).toBe(200)
    expect(created.data.token).toMatch(/^[0-9a-f]{40}$/)
    expectSameShape(created.data, ex.accessToken)
    expect(created.data).toMatchObject({ description: 'rotation 2026-11', username: 'demo', revoked: false })
    expect(fake.server.ledger.of('token').map((e) => e.id)).toEqual([String(created.data.id)])

    const me = await call(fake, 'GET', '/api/current_user', { auth: { header: `Bearer ${created.data.token}` } })
    expect(me.data.login_name).toBe('demo')

    const one = await call(fake, 'GET', `${BASE}/${created.data.id}`)
    expect(one.data.token).toBeUndefined()
    expect(Object.keys(one.data).sort()).toEqual(Object.keys(ex.accessToken).sort())
    expect(one.data.last_used_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)

    const list = await call(fake, 'GET', BASE)
    expectSameShape(list.data, ex.accessTokenList)
    expect(list.data._embedded.access_tokens.map((t: { description: string }) => t.description)).toEqual(['sandbox token', 'rotation 2026-11'])
    expect(JSON.stringify(list.data)).not.toContain(created.data.token)
  })

  it('revokes with a cause, then 409s, filters the list, and the revoked token stops working', async () => {
    fake = await startGocdFake({ speed: 0 })
    const created = (await call(fake, 'POST', BASE, { json: { description: 'old' } })).data
    const revoked = await call(fake, 'POST', `${BASE}/${created.id}/revoke`, { json: { revoke_cause: 'rotated' } })
    expect(revoked.status).toBe(200)
    expect(revoked.data).toMatchObject({ revoked: true, revoke_cause: 'rotated', revoked_by: 'demo' })
    const again = await call(fake, 'POST', `${BASE}/${created.id}/revoke`, { json: { revoke_cause: 'rotated' } })
    expect([again.status, again.data]).toEqual([409, { message: 'Access token has already been revoked!' }])
    const denied = await call(fake, 'GET', '/api/current_user', { auth: { header: `bearer ${created.token}` } })
    expect(denied.status).toBe(401)
    expect(denied.data.message).toBe(`Invalid Personal Access Token. Access token was revoked at: ${revoked.data.revoked_at}`)
    const names = async (filter: string) =>
      (await call(fake, 'GET', `${BASE}?filter=${filter}`)).data._embedded.access_tokens.map((t: { description: string }) => t.description)
    expect(await names('active')).toEqual(['sandbox token'])
    expect(await names('revoked')).toEqual(['old'])
    expect(await names('all')).toEqual(['sandbox token', 'old'])
    expect(await names('')).toEqual(['sandbox token'])
    const bad = await call(fake, 'GET', `${BASE}?filter=expired`)
    expect([bad.status, bad.data.message]).toEqual([400, 'Value `expired` is not allowed for query parameter named `filter`. Valid values are all, revoked, active.'])
  })

  it('refuses bearer-token authentication on every token route', async () => {
    fake = await startGocdFake({ speed: 0 })
    for (const [method, path] of [
      ['GET', BASE],
      ['POST', BASE],
      ['GET', `${BASE}/1`],
      ['POST', `${BASE}/1/revoke`]
    ]) {
      const res = await call(fake, method, path, { auth: 'token', json: method === 'POST' ? { description: 'x' } : undefined })
      expect([res.status, res.data]).toEqual([403, { message: 'Unsupported operation: Accessing this API using access token is forbidden.' }])
    }
  })

  it('validates the description, hides other users tokens and reports unknown ids', async () => {
    fake = await startGocdFake({ speed: 0 })
    const blank = await call(fake, 'POST', BASE, { json: { description: '  ' } })
    expect(blank.status).toBe(422)
    expect(blank.data.errors).toEqual({ description: ['must not be blank'] })
    expect(blank.data.id).toBeUndefined()
    const adminToken = (await call(fake, 'POST', BASE, { auth: 'admin', json: { description: 'admin token' } })).data
    const hidden = await call(fake, 'GET', `${BASE}/${adminToken.id}`)
    expect([hidden.status, hidden.data.message]).toEqual([404, `Access token with id '${adminToken.id}' was not found!`])
    expect((await call(fake, 'GET', `${BASE}/999`)).data.message).toBe("Access token with id '999' was not found!")
  })

  it('serves the admin routes to admins only, with revoked_because_user_deleted', async () => {
    fake = await startGocdFake({ speed: 0 })
    const denied = await call(fake, 'GET', '/api/admin/access_tokens')
    expect([denied.status, denied.data.message]).toEqual([403, 'You are not authorized to access this resource!'])
    const all = await call(fake, 'GET', '/api/admin/access_tokens?filter=all', { auth: 'admin' })
    expect(all.data._embedded.access_tokens[0]).toMatchObject({ username: 'demo', revoked_because_user_deleted: false })
    const id = all.data._embedded.access_tokens[0].id
    const revoked = await call(fake, 'POST', `/api/admin/access_tokens/${id}/revoke`, { auth: 'admin', json: { revoke_cause: 'offboarding' } })
    expect(revoked.data).toMatchObject({ revoked: true, revoked_by: 'admin' })
    expect((await call(fake, 'GET', '/api/current_user', { auth: 'token' })).status).toBe(401)
  })

  it('needs security enabled', async () => {
    fake = await startGocdFake({ speed: 0, securityEnabled: false })
    const res = await call(fake, 'GET', BASE, { auth: 'none' })
    expect([res.status, res.data]).toEqual([422, { message: 'Security must be enabled for this feature to work!' }])
  })
})
