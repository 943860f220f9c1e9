import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startGocdFake, type GocdFake } from '../../../sandbox/gocd/index.js'
import { basic, call, V1, V2, V3 } from './client.js'

const WRONG_URL = 'The url you are trying to reach appears to be incorrect.'

describe('GoCD fake: Accept, auth and write guards', () => {
  let fake: GocdFake
  beforeAll(async () => {
    fake = await startGocdFake()
  })
  afterAll(() => fake.close())

  it.each([
    ['application/json'],
    ['application/vnd.go.cd.v1+json, */*'],
    ['application/vnd.go.cd.v1+json;q=0.9'],
    ['application/vnd.go.cd.v1+json; charset=utf-8'],
    ['application/vnd.go.cd.v12+json'],
    ['*/*']
  ])('answers Accept %p with the text/plain 404', async (accept) => {
    const res = await call(fake, 'GET', '/api/current_user', { accept })
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/)
    expect(res.text).toBe(WRONG_URL)
  })

  it('404s without an Accept header and for a valid media type of the wrong version', async () => {
    expect((await call(fake, 'GET', '/api/current_user', { accept: null })).text).toBe(WRONG_URL)
    const v2 = await call(fake, 'POST', '/api/pipelines/up42/schedule', { accept: V2, confirm: true })
    expect(v2.status).toBe(404)
    expect(v2.text).toBe(WRONG_URL)
    expect((await call(fake, 'GET', '/api/stages/up42/1/up42_stage/1', { accept: V1 })).status).toBe(404)
    expect((await call(fake, 'GET', '/api/no/such/route')).text).toBe(WRONG_URL)
  })

  it('accepts the exact versioned type and the latest alias, answering with the versioned Content-Type', async () => {
    for (const accept of [V1, 'application/vnd.go.cd+json']) {
      const res = await call(fake, 'GET', '/api/current_user', { accept })
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('application/vnd.go.cd.v1+json; charset=utf-8')
      expect(res.headers.get('cache-control')).toBe('max-age=0, private, must-revalidate')
      expect(res.headers.get('x-runtime')).toMatch(/^\d+$/)
    }
    const stage = await call(fake, 'GET', '/api/stages/up42/1/up42_stage/1', { accept: 'application/vnd.go.cd+json' })
    expect(stage.status).toBe(200)
    expect(stage.headers.get('content-type')).toBe('application/vnd.go.cd.v3+json; charset=utf-8')
    expect((await call(fake, 'GET', '/api/stages/up42/1/up42_stage/1', { accept: V3 })).status).toBe(200)
  })

  it('401s anonymous requests with the Basic challenge, except for XMLHttpRequest', async () => {
    const res = await call(fake, 'GET', '/api/current_user', { auth: 'none' })
    expect(res.status).toBe(401)
    expect(res.data).toEqual({ message: 'You are not authenticated!' })
    expect(res.headers.get('www-authenticate')).toBe('Basic realm="GoCD"')
    const xhr = await call(fake, 'GET', '/api/current_user', { auth: 'none', headers: { 'X-Requested-With': 'XMLHttpRequest' } })
    expect(xhr.status).toBe(401)
    expect(xhr.headers.get('www-authenticate')).toBeNull()
  })

  it('rejects bad credentials and bad tokens with GoCD messages', async () => {
    const bad = await call(fake, 'GET', '/api/current_user', { auth: { header: basic('demo', 'wrong') } })
    expect(bad.status).toBe(401)
    expect(bad.data.message).toBe(
      'Invalid credentials. Either your username and password are incorrect, or there is a problem with your browser cookies. Please check with your administrator.'
    )
    const token = await call(fake, 'GET', '/api/current_user', { auth: { header: 'Bearer 0123456789abcdef0123456789abcdef01234567' } })
    expect(token.status).toBe(401)
    expect(token.data).toEqual({ message: 'Invalid Personal Access Token.' })
    const short = await call(fake, 'GET', '/api/current_user', { auth: { header: 'bearer abc' } })
    expect(short.data).toEqual({ message: 'Invalid Personal Access Token.' })
  })

  it('accepts Basic and case-insensitive bearer tokens', async () => {
    expect((await call(fake, 'GET', '/api/current_user')).data.login_name).toBe('demo')
    expect((await call(fake, 'GET', '/api/current_user', { auth: 'token' })).data.login_name).toBe('demo')
    const lower = await call(fake, 'GET', '/api/current_user', { auth: { header: `bearer ${fake.token}` } })
    expect(lower.data.login_name).toBe('demo')
  })

  it('serves /api/version without authentication', async () => {
    const res = await call(fake, 'GET', '/api/version', { auth: 'none' })
    expect(res.status).toBe(200)
    expect(res.data.version).toMatch(/^\d+\.\d+\.\d+$/)
  })

  it('needs application/json for a body and X-GoCD-Confirm (presence only) without one', async () => {
    const noConfirm = await call(fake, 'POST', '/api/pipelines/up42/unpause')
    expect(noConfirm.status).toBe(400)
    expect(noConfirm.data).toEqual({ message: "Missing required header 'X-GoCD-Confirm' with value 'true'" })
    const formBody = await call(fake, 'POST', '/api/pipelines/up42/pause', {
      body: 'pause_cause=x',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' }
    })
    expect(formBody.status).toBe(415)
    expect(formBody.data).toEqual({ message: "You must specify a 'Content-Type' of 'application/json'" })
    const anyValue = await call(fake, 'POST', '/api/pipelines/up42/unpause', { headers: { 'X-GoCD-Confirm': 'whatever' } })
    expect(anyValue.status).toBe(409) // passed the guard; up42 is simply not paused
    const withCharset = await call(fake, 'POST', '/api/pipelines/up42/pause', {
      json: { pause_cause: 'x' },
      headers: { 'Content-Type': 'application/json; charset=utf-8' }
    })
    expect(withCharset.status).toBe(200)
    fake.unpause('up42')
  })

  it('answers invalid JSON with 400 and an "error" key', async () => {
    const res = await call(fake, 'POST', '/api/pipelines/up42/schedule', { body: '{nope', headers: { 'Content-Type': 'application/json' } })
    expect(res.status).toBe(400)
    expect(res.data.error).toMatch(/^Payload data is not valid JSON: /)
  })

  it('403s operations on a group the user can only view, and hides unknown pipelines', async () => {
    const res = await call(fake, 'POST', '/api/pipelines/audited-release/schedule', { confirm: true })
    expect(res.status).toBe(403)
    expect(res.data).toEqual({ message: 'You are not authorized to perform this action.' })
    expect((await call(fake, 'GET', '/api/pipelines/audited-release/history')).status).toBe(200)
    const unknown = await call(fake, 'POST', '/api/pipelines/nope/schedule', { confirm: true })
    expect(unknown.status).toBe(404)
    expect(unknown.data).toEqual({ message: "Pipeline with name 'nope' was not found!" })
    const asAdmin = await call(fake, 'POST', '/api/pipelines/nope/schedule', { confirm: true, auth: 'admin' })
    expect(asAdmin.data).toEqual({ message: "Pipeline 'nope' not found." })
  })

  it('refuses credentials when security is disabled and acts as anonymous', async () => {
    const open = await startGocdFake({ securityEnabled: false })
    try {
      const basicRes = await call(open, 'GET', '/api/current_user')
      expect(basicRes.status).toBe(401)
      expect(basicRes.data.message).toBe('Basic authentication credentials are not required, since security has been disabled on this server.')
      const bearer = await call(open, 'GET', '/api/current_user', { auth: 'token' })
      expect(bearer.data.message).toBe('Bearer authentication credentials are not required, since security has been disabled on this server.')
      const anon = await call(open, 'GET', '/api/current_user', { auth: 'none' })
      expect(anon.status).toBe(200)
      expect(anon.data.login_name).toBe('anonymous')
      const schedule = await call(open, 'POST', '/api/pipelines/audited-release/schedule', { auth: 'none', confirm: true })
      expect(schedule.status).toBe(202)
      const unknown = await call(open, 'POST', '/api/pipelines/nope/schedule', { auth: 'none', confirm: true })
      expect(unknown.data).toEqual({ message: "Pipeline 'nope' not found." })
    } finally {
      await open.close()
    }
  })

  it('refuses a disabled user', async () => {
    fake.addUser({ login: 'gone', password: 'pw', displayName: 'Gone', email: null, admin: false, enabled: false })
    const res = await call(fake, 'GET', '/api/current_user', { auth: { header: basic('gone', 'pw') } })
    expect([res.status, res.data.message]).toEqual([401, 'Your account has been disabled by the administrator'])
  })
})
