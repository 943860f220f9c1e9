import { afterEach, describe, expect, it } from '@jest/globals'
import { startGocdFake, type GocdFake } from '../../../sandbox/gocd/index.js'
import { basic, call, V3 } from './client.js'

/** Stage cancel v3 (`POST /api/stages/:p/:pc/:s/:sc/cancel`): exactly the addressed stage run, with GoCD's checks in GoCD's order. */
describe('GoCD fake: stage cancel', () => {
  let fake: GocdFake
  afterEach(() => fake.close())

  const cancel = (path: string, opts: Parameters<typeof call>[3] = {}) => call(fake, 'POST', `/api/stages/${path}/cancel`, { accept: V3, confirm: true, ...opts })
  const stage = async (path: string) => (await call(fake, 'GET', `/api/stages/${path}`, { accept: V3 })).data
  const trigger = async (name: string) => expect((await call(fake, 'POST', `/api/pipelines/${name}/schedule`, { confirm: true })).status).toBe(202)

  it('cancels an active stage, then ignores cancelling it again, and needs the confirm header', async () => {
    fake = await startGocdFake({ speed: 0, scheduleDelayMs: 0, defaultStagePlan: { outcome: 'pass', durationMs: 10_000 } })
    await trigger('up42')
    fake.clock.advance(3000)
    const noConfirm = await cancel('up42/3/up42_stage/1', { confirm: false })
    expect([noConfirm.status, noConfirm.data]).toEqual([400, { message: "Missing required header 'X-GoCD-Confirm' with value 'true'" }])
    const res = await cancel('up42/3/up42_stage/1')
    expect([res.status, res.data]).toEqual([200, { message: 'Stage cancelled successfully.' }])
    expect(res.headers.get('content-type')).toBe('application/vnd.go.cd.v3+json; charset=utf-8')
    const cancelled = await stage('up42/3/up42_stage/1')
    expect(cancelled).toMatchObject({ result: 'Cancelled', cancelled_by: 'demo' })
    expect(cancelled.jobs[0]).toMatchObject({ state: 'Completed', result: 'Cancelled' })
    const again = await cancel('up42/3/up42_stage/1')
    expect([again.status, again.data]).toEqual([200, { message: 'Stage is not active. Cancellation Ignored.' }])
    expect(fake.server.ledger.of('stage-cancel').map((e) => [e.id, e.detail])).toEqual([['up42/3/up42_stage/1', { by: 'demo' }]])
  })

  it('cancels exactly the addressed run and stage: another active run of the pipeline and later stages are untouched', async () => {
    fake = await startGocdFake({ speed: 0, scheduleDelayMs: 0, defaultStagePlan: { outcome: 'pass', durationMs: 4000 } })
    fake.addPipeline({ name: 'two-step', stages: [{ name: 'build', jobs: ['compile'] }, { name: 'deploy', jobs: ['ship', 'verify'] }] })
    await trigger('two-step')
    fake.clock.advance(5000) // run 1: build passed, deploy running
    await trigger('two-step') // run 2: build running
    fake.clock.advance(1000)
    expect((await stage('two-step/1/deploy/1')).result).toBe('Unknown')
    expect((await stage('two-step/2/build/1')).result).toBe('Unknown')

    const res = await cancel('two-step/1/deploy/1')
    expect(res.data).toEqual({ message: 'Stage cancelled successfully.' })
    expect((await stage('two-step/1/deploy/1')).jobs.map((j: { result: string }) => j.result)).toEqual(['Cancelled', 'Cancelled'])
    expect((await stage('two-step/1/build/1')).result).toBe('Passed')
    fake.clock.advance(4000)
    // Run 2 went on: its build passed and its deploy was scheduled automatically.
    expect((await stage('two-step/2/build/1')).result).toBe('Passed')
    expect((await stage('two-step/2/deploy/1')).approved_by).toBe('changes')
    const run1 = (await call(fake, 'GET', '/api/pipelines/two-step/1')).data
    expect(run1.stages.map((s: { status: string }) => s.status)).toEqual(['Passed', 'Cancelled'])
    expect(fake.server.ledger.of('stage-cancel').map((e) => e.id)).toEqual(['two-step/1/deploy/1'])
  })

  it('cancelling a build stage stops the run: the next automatic stage is never scheduled', async () => {
    fake = await startGocdFake({ speed: 0, scheduleDelayMs: 0, defaultStagePlan: { outcome: 'pass', durationMs: 4000 } })
    await trigger('deploy-service')
    fake.clock.advance(1000)
    await cancel('deploy-service/1/build/1')
    fake.clock.advance(60_000)
    const run = (await call(fake, 'GET', '/api/pipelines/deploy-service/1')).data
    expect(run.stages.map((s: { scheduled: boolean; status: string }) => [s.scheduled, s.status])).toEqual([
      [true, 'Cancelled'],
      [false, 'Unknown'],
      [false, 'Unknown']
    ])
    // unlockWhenFinished: a cancelled stage releases the lock, so the pipeline can be scheduled again.
    expect((await call(fake, 'GET', '/api/pipelines/deploy-service/status')).data).toMatchObject({ locked: false, schedulable: true })
  })

  it('answers GoCD errors in its order: group permission, run, stage run, not active, stage authorization', async () => {
    fake = await startGocdFake({ speed: 0, scheduleDelayMs: 0, defaultStagePlan: { outcome: 'pass', durationMs: 10_000 } })
    fake.addCompletedRuns('audited-release', 1)
    const viewer = await cancel('audited-release/1/release/1')
    expect([viewer.status, viewer.data]).toEqual([403, { message: 'You are not authorized to perform this action.' }])
    const cases: [string, number, Record<string, string>][] = [
      ['nope/1/s/1', 404, { message: "Pipeline with name 'nope' was not found!" }],
      ['up42/9/up42_stage/1', 404, { message: "Not Found { Pipeline 'up42' with counter '9' not found }" }],
      [
        'up42/1/up42_stage/2',
        404,
        { message: "Not Found { Stage 'up42_stage' with counter '2' not found. Please make sure specified stage or stage run with specified counter exists. }" }
      ],
      ['up42/1/other/1', 404, { message: "Not Found { Stage 'other' with counter '1' not found. Please make sure specified stage or stage run with specified counter exists. }" }],
      ['up42/x/up42_stage/1', 500, { error: 'For input string: "x"' }]
    ]
    for (const [path, status, body] of cases) {
      const res = await cancel(path)
      expect([path, res.status, res.data]).toEqual([path, status, body])
    }
    // A stage whose approval names its operators: others in the group may cancel it only when it is not active.
    fake.addPipeline({ name: 'guarded', stages: [{ name: 'release', jobs: ['ship'], authorizedUsers: ['admin'] }] })
    fake.addCompletedRuns('guarded', 1)
    expect((await cancel('guarded/1/release/1')).data).toEqual({ message: 'Stage is not active. Cancellation Ignored.' })
    await call(fake, 'POST', '/api/pipelines/guarded/schedule', { confirm: true, auth: 'admin' })
    fake.clock.advance(1000)
    const denied = await cancel('guarded/2/release/1')
    expect([denied.status, denied.data]).toEqual([403, { message: 'Unauthorized to operate stage named release' }])
    const byAdmin = await cancel('guarded/2/release/1', { auth: { header: basic('admin', 'badger') } })
    expect(byAdmin.data).toEqual({ message: 'Stage cancelled successfully.' })
    expect((await stage('guarded/2/release/1')).cancelled_by).toBe('admin')
  })
})
