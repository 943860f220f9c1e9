import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { startGocdFake, type GocdFake } from '../../../sandbox/gocd/index.js'
import { basic, call, expectSameShape, V1 } from './client.js'
import * as ex from './examples.js'

const V11 = 'application/vnd.go.cd.v11+json'
const FORBIDDEN = 'You are not authorized to perform this action.'

describe('GoCD fake: pipeline config v11', () => {
  let fake: GocdFake
  beforeEach(async () => {
    fake = await startGocdFake({ speed: 0 })
  })
  afterEach(() => fake.close())

  const read = (name: string, opts: Parameters<typeof call>[3] = {}) => call(fake, 'GET', `/api/admin/pipelines/${name}`, { accept: V11, auth: 'admin', ...opts })

  it('answers admins with the v11 representation, a quoted ETag, and the approval type of every stage', async () => {
    const res = await read('deploy-service')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/vnd.go.cd.v11+json; charset=utf-8')
    expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]{64}"$/)
    expectSameShape(res.data, ex.pipelineConfig)
    expect(Object.keys(res.data).sort()).toEqual(Object.keys(ex.pipelineConfig).sort())
    expect(res.data).toMatchObject({ name: 'deploy-service', group: 'deployments', lock_behavior: 'unlockWhenFinished', template: null })
    expect(res.data._links.self.href).toBe(`${fake.goUrl}/api/admin/pipelines/deploy-service`)
    expect(res.data.stages.map((s: { name: string; approval: { type: string } }) => [s.name, s.approval.type])).toEqual([
      ['build', 'success'],
      ['integration', 'success'],
      ['production', 'manual']
    ])
    expect(res.data.materials.map((m: { type: string }) => m.type)).toEqual(['git', 'dependency'])
    expect(res.data.materials[1].attributes).toMatchObject({ pipeline: 'up42', stage: 'up42_stage' })
    // A secure variable is shown encrypted, never as its value.
    expect(res.data.environment_variables.find((v: { name: string }) => v.name === 'API_TOKEN')).toEqual({
      name: 'API_TOKEN',
      encrypted_value: expect.stringMatching(/^AES:/),
      secure: true
    })
    expect(res.text).not.toContain('s3cr3t-token')
    expect(res.data.stages[1].environment_variables).toEqual([{ name: 'TEST_SUITE', value: 'smoke', secure: false }])
  })

  it('answers 304 without a body to If-None-Match with the current ETag (quoted, bare or gzip-suffixed), and changes the ETag with the config', async () => {
    const first = await read('up42')
    const etag = first.headers.get('etag')!
    for (const sent of [etag, etag.slice(1, -1), `"${etag.slice(1, -1)}--gzip"`]) {
      const res = await read('up42', { headers: { 'If-None-Match': sent } })
      expect([res.status, res.text]).toEqual([304, ''])
      expect(res.headers.get('etag')).toBeNull()
    }
    expect((await read('up42', { headers: { 'If-None-Match': '"stale"' } })).status).toBe(200)
    expect((await read('deploy-service')).headers.get('etag')).not.toBe(etag)
    fake.state.pipeline('up42')!.stages[0].approval = 'manual'
    const changed = await read('up42', { headers: { 'If-None-Match': etag } })
    expect(changed.status).toBe(200)
    expect(changed.headers.get('etag')).not.toBe(etag)
  })

  it('lets group admins read their group only; operators and viewers get 403, unknown pipelines 403 for them and 404 for admins', async () => {
    const asDemo = (name: string) => read(name, { auth: 'basic' })
    expect([(await asDemo('deploy-service')).status, (await asDemo('deploy-service')).data]).toEqual([403, { message: FORBIDDEN }])
    expect((await asDemo('audited-release')).status).toBe(403)
    expect((await asDemo('no-such-pipeline')).data).toEqual({ message: FORBIDDEN })
    fake.setGroupPermissions('deployments', { operate: ['demo'], admins: ['demo'] })
    expect((await asDemo('deploy-service')).status).toBe(200)
    expect((await asDemo('up42')).status).toBe(403)
    const unknown = await read('no-such-pipeline')
    expect([unknown.status, unknown.data]).toEqual([404, { message: "Pipeline with name 'no-such-pipeline' was not found!" }])
    // Token authentication works as Basic does; anonymous requests are 401 first.
    fake.setGroupPermissions('deployments', { admins: [] })
    expect((await read('deploy-service', { auth: 'token' })).status).toBe(403)
    expect((await read('deploy-service', { auth: 'none' })).status).toBe(401)
    expect((await read('deploy-service', { auth: { header: basic('admin', 'badger') } })).status).toBe(200)
  })

  it('accepts only v11 (or the latest alias): another version is the wrong-Accept 404, not a 501', async () => {
    expect((await read('up42', { accept: 'application/vnd.go.cd+json' })).headers.get('content-type')).toBe('application/vnd.go.cd.v11+json; charset=utf-8')
    for (const accept of [V1, 'application/vnd.go.cd.v10+json', 'application/json']) {
      const res = await read('up42', { accept })
      expect([res.status, res.text]).toEqual([404, 'The url you are trying to reach appears to be incorrect.'])
    }
    expect(fake.unimplemented).toEqual([])
  })

  it('answers anonymous requests when security is off', async () => {
    fake.setSecurityEnabled(false)
    expect((await read('deploy-service', { auth: 'none' })).status).toBe(200)
  })
})
