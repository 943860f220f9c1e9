import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { startGocdFake, type GocdFake } from '../../../sandbox/gocd/index.js'
import { UNIMPLEMENTED_ROUTES } from '../../../sandbox/gocd/unimplemented.js'
import { call, V1, V2, V3 } from './client.js'

const WRONG_URL = 'The url you are trying to reach appears to be incorrect.'

describe('GoCD fake: routes it does not implement answer 501, never a real-looking 404', () => {
  let fake: GocdFake
  beforeAll(async () => {
    fake = await startGocdFake({ speed: 0 })
  })
  afterAll(() => fake.close())
  beforeEach(() => {
    fake.unimplemented.length = 0
  })

  it.each([
    ['GET', '/api/dashboard', 'application/vnd.go.cd.v4+json', 'dashboard'],
    ['GET', '/api/jobs/up42/up42_stage/up42_job/history', V1, 'job history'],
    ['GET', '/api/pipelines/up42/compare/1/2', V2, 'pipeline compare'],
    ['POST', '/api/stages/up42/1/up42_stage/1/run-failed-jobs', V3, 'rerun failed jobs'],
    ['PUT', '/api/admin/pipelines/up42', 'application/vnd.go.cd.v11+json', 'edit pipeline config'],
    ['GET', '/api/agents', 'application/vnd.go.cd.v7+json', 'agents']
  ])('%s %s: 501 with a body naming the missing route, recorded', async (method, path, accept, what) => {
    const res = await call(fake, method, path, { accept, confirm: true })
    expect(res.status).toBe(501)
    expect(res.headers.get('x-gocd-fake')).toBe('unimplemented')
    expect(res.data.message).toContain(`The GoCD fake does not implement ${method}`)
    expect(res.data.message).toContain(what)
    expect(fake.unimplemented).toEqual([expect.objectContaining({ method, path: `/go${path}`, what, accept })])
  })

  it('answers 501 whatever the Accept header, so a test never mistakes it for a wrong header', async () => {
    for (const accept of [V1, 'application/json', null]) {
      expect((await call(fake, 'GET', '/api/dashboard', { accept })).status).toBe(501)
    }
    expect(fake.unimplemented).toHaveLength(3)
    expect(fake.unimplemented[1].accept).toBe('application/json')
  })

  it('authenticates first, as GoCD does (401 is real), and an open webhook route needs no credentials', async () => {
    const anonymous = await call(fake, 'GET', '/api/dashboard', { auth: 'none' })
    expect([anonymous.status, anonymous.data]).toEqual([401, { message: 'You are not authenticated!' }])
    expect(fake.unimplemented).toEqual([])
    expect((await call(fake, 'POST', '/api/webhooks/github/notify', { auth: 'none', json: {} })).status).toBe(501)
  })

  it('keeps the real wrong-Accept 404 on implemented routes, and the real 404 for paths no GoCD has', async () => {
    for (const [path, accept] of [
      ['/api/stages/up42/up42_stage/history', V1],
      ['/api/admin/pipelines/up42', V1],
      ['/api/pipelines/up42/history', V3],
      ['/api/no/such/route', V1],
      ['/api/pipelines/up42/history/0', V1]
    ]) {
      const res = await call(fake, 'GET', path, { accept, auth: 'admin' })
      expect([path, res.status, res.text]).toEqual([path, 404, WRONG_URL])
    }
    expect(fake.unimplemented).toEqual([])
  })

  it('reaches every listed route (no implemented route shadows one), each listed once', async () => {
    const keys = UNIMPLEMENTED_ROUTES.map((r) => `${r.method} ${r.path}`)
    expect(new Set(keys).size).toBe(keys.length)
    for (const route of UNIMPLEMENTED_ROUTES) {
      const path = `/api${route.path.replace(/:[a-z_]+/g, 'x1')}`
      const res = await call(fake, route.method, path, { auth: 'admin', confirm: true })
      expect([route.method, path, res.status]).toEqual([route.method, path, 501])
    }
    expect(fake.unimplemented).toHaveLength(UNIMPLEMENTED_ROUTES.length)
  })
})
