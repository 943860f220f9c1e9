import { afterEach, describe, expect, it } from '@jest/globals'
import { startGocdFake, type GocdFake } from '../../../sandbox/gocd/index.js'
import { call } from './client.js'

describe('GoCD fake: scheduling', () => {
  let fake: GocdFake
  afterEach(() => fake.close())

  const fingerprints = async (name: string) => {
    const res = await call(fake, 'GET', `/api/pipelines/${name}/trigger_options`)
    return (res.data.materials as { fingerprint: string; type: string }[]).map((m) => m.fingerprint)
  }

  it('accepts with 202 and creates the run only after the configured delay', async () => {
    fake = await startGocdFake({ speed: 0, scheduleDelayMs: 1500 })
    const res = await call(fake, 'POST', '/api/pipelines/UP42/schedule', { confirm: true })
    expect(res.status).toBe(202)
    expect(res.data).toEqual({ message: 'Request to schedule pipeline up42 accepted' })
    expect(res.headers.get('content-type')).toBe('application/vnd.go.cd.v1+json; charset=utf-8')
    const before = await call(fake, 'GET', '/api/pipelines/up42/history')
    expect(before.data.pipelines.map((p: { counter: number }) => p.counter)).toEqual([2, 1])
    expect(fake.server.ledger.count('pipeline-run')).toBe(0)
    fake.clock.advance(1500)
    const after = await call(fake, 'GET', '/api/pipelines/up42/history')
    expect(after.data.pipelines[0].counter).toBe(3)
    expect(after.data.pipelines[0].build_cause).toMatchObject({ trigger_forced: true, approver: 'demo', trigger_message: 'Forced by Demo User' })
    expect(fake.server.ledger.of('pipeline-run').map((e) => e.id)).toEqual(['up42/3'])
  })

  it('answers 409 "already triggered" while a trigger is pending, and never queues', async () => {
    fake = await startGocdFake({ speed: 0, scheduleDelayMs: 1000 })
    expect((await call(fake, 'POST', '/api/pipelines/up42/schedule', { confirm: true })).status).toBe(202)
    const again = await call(fake, 'POST', '/api/pipelines/up42/schedule', { confirm: true })
    expect(again.status).toBe(409)
    expect(again.data).toEqual({ message: 'Failed to trigger pipeline: up42 { Pipeline already triggered }' })
    expect((await call(fake, 'GET', '/api/pipelines/up42/status')).data.schedulable).toBe(false)
    fake.clock.advance(1000)
    fake.sync()
    expect(fake.server.ledger.count('pipeline-run')).toBe(1)
  })

  it('answers 409 while the first stage is still running', async () => {
    fake = await startGocdFake({ speed: 0, scheduleDelayMs: 0, defaultStagePlan: { outcome: 'pass', durationMs: 10_000 } })
    expect((await call(fake, 'POST', '/api/pipelines/up42/schedule', { confirm: true })).status).toBe(202)
    const res = await call(fake, 'POST', '/api/pipelines/up42/schedule', { confirm: true })
    expect(res.status).toBe(409)
    expect(res.data.message).toBe('Failed to trigger pipeline [up42] { Stage [up42_stage] in pipeline [up42] is still in progress }')
    fake.clock.advance(10_000)
    expect((await call(fake, 'POST', '/api/pipelines/up42/schedule', { confirm: true })).status).toBe(202)
  })

  it('answers 409 when paused, with the pause checked after a pending trigger', async () => {
    fake = await startGocdFake({ speed: 0, scheduleDelayMs: 1000 })
    fake.pause('up42', 'maintenance')
    const res = await call(fake, 'POST', '/api/pipelines/up42/schedule', { confirm: true })
    expect(res.status).toBe(409)
    expect(res.data.message).toBe('Failed to trigger pipeline [up42] { Pipeline up42 is paused }')
    fake.unpause('up42')
    expect((await call(fake, 'POST', '/api/pipelines/up42/schedule', { confirm: true })).status).toBe(202)
    fake.pause('up42', 'maintenance')
    const pending = await call(fake, 'POST', '/api/pipelines/up42/schedule', { confirm: true })
    expect(pending.data.message).toBe('Failed to trigger pipeline: up42 { Pipeline already triggered }')
  })

  it('answers 409 when the pipeline is locked by a running instance', async () => {
    fake = await startGocdFake({ speed: 0, scheduleDelayMs: 0 })
    fake.addPipeline({
      name: 'locking',
      lockBehavior: 'unlockWhenFinished',
      stages: [
        { name: 'one', jobs: ['a'] },
        { name: 'two', jobs: ['b'] }
      ]
    })
    fake.setStagePlan('locking', 'one', { outcome: 'pass', durationMs: 1000 })
    fake.setStagePlan('locking', 'two', { outcome: 'pass', durationMs: 5000 })
    expect((await call(fake, 'POST', '/api/pipelines/locking/schedule', { confirm: true })).status).toBe(202)
    fake.clock.advance(2000) // first stage done, second running: only the lock blocks
    const res = await call(fake, 'POST', '/api/pipelines/locking/schedule', { confirm: true })
    expect(res.status).toBe(409)
    expect(res.data.message).toBe('Pipeline locking cannot be scheduled { Pipeline locking is locked as another instance of this pipeline is running. }')
    expect((await call(fake, 'GET', '/api/pipelines/locking/status')).data).toMatchObject({ locked: true, schedulable: false })
    fake.clock.advance(5000)
    expect((await call(fake, 'GET', '/api/pipelines/locking/status')).data).toMatchObject({ locked: false, schedulable: true })
  })

  it('validates variables, materials and revisions with 422 before the checkers run', async () => {
    fake = await startGocdFake({ speed: 0 })
    const [gitFp, depFp] = await fingerprints('deploy-service')
    const cases: [unknown, string][] = [
      [
        { environment_variables: [{ name: 'NOPE', value: '1' }] },
        "Request to schedule pipeline rejected { Variable 'NOPE' has not been configured for pipeline 'deploy-service' }"
      ],
      [{ environment_variables: [{ name: 'DEPLOY_ENV' }] }, "Environment variable must contain either 'value' or 'encrypted_value'"],
      [
        { materials: [{ fingerprint: 'abc', revision: 'x' }, { fingerprint: 'def', revision: 'y' }] },
        "Request to schedule pipeline rejected { Pipeline 'deploy-service' does not contain the following material(s): [abc, def]. }"
      ],
      [{ materials: [{ fingerprint: gitFp, revision: '  ' }] }, `Request to schedule pipeline rejected { Material [${gitFp}] has empty revision }`],
      [{ materials: [{ fingerprint: gitFp }] }, `Json \`{"fingerprint":"${gitFp}"}\` does not contain property 'revision'`]
    ]
    fake.pause('deploy-service')
    for (const [json, message] of cases) {
      const res = await call(fake, 'POST', '/api/pipelines/deploy-service/schedule', { json })
      expect([res.status, res.data.message]).toEqual([422, message])
    }
    fake.unpause('deploy-service')
    const ok = await call(fake, 'POST', '/api/pipelines/deploy-service/schedule', {
      json: {
        environment_variables: [
          { name: 'DEPLOY_ENV', value: 'production' },
          { name: 'API_TOKEN', value: 'x', secure: true },
          { name: 'TEST_SUITE', value: 'full' }
        ],
        materials: [{ fingerprint: gitFp, revision: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678' }],
        update_materials_before_scheduling: false
      }
    })
    expect(ok.status).toBe(202)
    fake.clock.advance(1000)
    const run = (await call(fake, 'GET', '/api/pipelines/deploy-service/1')).data
    const revisions = run.build_cause.material_revisions
    expect(revisions.find((r: { material: { fingerprint: string } }) => r.material.fingerprint === gitFp).modifications[0].revision).toBe(
      'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678'
    )
    expect(revisions.find((r: { material: { fingerprint: string } }) => r.material.fingerprint === depFp).modifications[0].revision).toBe(
      'up42/2/up42_stage/1'
    )
  })

  it('fails silently after 202 and reports it only in server health messages', async () => {
    fake = await startGocdFake({ speed: 0, scheduleDelayMs: 500 })
    fake.failNextTrigger('up42', 'Material update failed for material https://github.com/gocd/gocd')
    expect((await call(fake, 'POST', '/api/pipelines/up42/schedule', { confirm: true })).status).toBe(202)
    expect((await call(fake, 'GET', '/api/server_health_messages')).data).toEqual([])
    fake.clock.advance(500)
    const health = await call(fake, 'GET', '/api/server_health_messages')
    expect(health.data).toEqual([
      { message: "Could not trigger pipeline 'up42'", detail: 'Material update failed for material https://github.com/gocd/gocd', level: 'ERROR', time: expect.stringMatching(/Z$/) }
    ])
    expect((await call(fake, 'GET', '/api/pipelines/up42/history')).data.pipelines[0].counter).toBe(2)
    expect(fake.server.ledger.count('pipeline-run')).toBe(0)
    // The pending trigger is gone, so the next one is accepted and works.
    expect((await call(fake, 'POST', '/api/pipelines/up42/schedule', { confirm: true })).status).toBe(202)
    fake.clock.advance(500)
    expect((await call(fake, 'GET', '/api/pipelines/up42/history')).data.pipelines[0].counter).toBe(3)
  })

  it('reports the failure synchronously when materials are not updated first, and in silent mode fails every trigger', async () => {
    fake = await startGocdFake({ speed: 0, silentFailure: true })
    const sync = await call(fake, 'POST', '/api/pipelines/up42/schedule', { json: { update_materials_before_scheduling: false } })
    expect(sync.status).toBe(422)
    expect(sync.data.message).toBe('Error while scheduling pipeline: up42 { Material update failed }')
    expect((await call(fake, 'POST', '/api/pipelines/up42/schedule', { confirm: true })).status).toBe(202)
    fake.clock.advance(1000)
    expect(fake.healthMessages()).toHaveLength(1)
  })

  it('records exactly one run when the response to an accepted trigger is lost', async () => {
    fake = await startGocdFake({ speed: 0, scheduleDelayMs: 100 })
    fake.server.faults.next('POST', '/go/api/pipelines/up42/schedule', { kind: 'lost-response' })
    await expect(call(fake, 'POST', '/api/pipelines/up42/schedule', { confirm: true })).rejects.toThrow()
    const retry = await call(fake, 'POST', '/api/pipelines/up42/schedule', { confirm: true })
    expect(retry.status).toBe(409)
    fake.clock.advance(100)
    fake.sync()
    expect(fake.server.ledger.count('pipeline-run')).toBe(1)
    expect(fake.server.ledger.duplicates('pipeline-run')).toEqual([])
  })

  it('answers 507 when the disk is full, after the 409 checkers, and 403 without stage permission', async () => {
    fake = await startGocdFake({ speed: 0 })
    fake.setDiskFull('artifacts')
    const full = await call(fake, 'POST', '/api/pipelines/up42/schedule', { confirm: true })
    expect([full.status, full.data.message]).toEqual([
      507,
      'GoCD Server has run out of artifacts disk space. Scheduling has been stopped { GoCD has less than 100Mb of disk space available. Scheduling has stopped, and will resume once more than 100Mb is available. }'
    ])
    fake.pause('up42')
    expect((await call(fake, 'POST', '/api/pipelines/up42/schedule', { confirm: true })).status).toBe(409)
    fake.unpause('up42')
    expect((await call(fake, 'GET', '/api/pipelines/up42/status')).data.schedulable).toBe(true)
    fake.setDiskFull(null)
    fake.addPipeline({ name: 'gated', stages: [{ name: 'ship', jobs: ['go'], authorizedUsers: ['admin'] }] })
    const gated = await call(fake, 'POST', '/api/pipelines/gated/schedule', { confirm: true })
    expect([gated.status, gated.data.message]).toEqual([403, 'Failed to trigger pipeline [gated] { User demo does not have permission to schedule gated/ship }'])
    expect((await call(fake, 'POST', '/api/pipelines/gated/schedule', { confirm: true, auth: 'admin' })).status).toBe(202)
  })

  it('injects per-route faults: a 503 acts on nothing, a reset never reaches the handler', async () => {
    fake = await startGocdFake({ speed: 0, scheduleDelayMs: 0 })
    fake.server.faults.next('POST', '/go/api/pipelines/up42/schedule', { kind: 'status', status: 503 })
    fake.server.faults.next('POST', '/go/api/pipelines/up42/schedule', { kind: 'reset' })
    expect((await call(fake, 'POST', '/api/pipelines/up42/schedule', { confirm: true })).status).toBe(503)
    await expect(call(fake, 'POST', '/api/pipelines/up42/schedule', { confirm: true })).rejects.toThrow()
    fake.sync()
    expect(fake.server.ledger.count('pipeline-run')).toBe(0)
    expect((await call(fake, 'POST', '/api/pipelines/up42/schedule', { confirm: true })).status).toBe(202)
    fake.sync()
    expect(fake.server.ledger.count('pipeline-run')).toBe(1)
    expect(fake.server.log.filter('POST', '/go/api/pipelines/up42/schedule')[0].headers.authorization).toBe('[redacted]')
  })
})
