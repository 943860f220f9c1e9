import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { startGocdFake, type GocdFake } from '../../../sandbox/gocd/index.js'
import { call } from './client.js'

/** Seeded trigger races: another forced run of the same pipeline by the same user next to the one a trigger creates. */
describe('GoCD fake: trigger races', () => {
  let fake: GocdFake
  beforeEach(async () => {
    fake = await startGocdFake({ speed: 0, scheduleDelayMs: 1000, defaultStagePlan: { outcome: 'pass', durationMs: 3000 } })
    fake.addPipeline({ name: 'two-step', stages: [{ name: 'build', jobs: ['compile'] }, { name: 'deploy', jobs: ['ship'] }] })
  })
  afterEach(() => fake.close())

  const schedule = () => call(fake, 'POST', '/api/pipelines/two-step/schedule', { confirm: true })
  const history = async () => (await call(fake, 'GET', '/api/pipelines/two-step/history')).data.pipelines as {
    counter: number
    scheduled_date: number
    build_cause: { approver: string; trigger_forced: boolean; trigger_message: string }
  }[]

  it('before: the other run exists, its first stage done, when GoCD accepts the trigger; the Date header is the later acceptance', async () => {
    fake.raceNextTrigger('two-step', { position: 'before', plan: { outcome: 'fail', durationMs: 3000 } })
    const started = fake.clock.now()
    const res = await schedule()
    expect(res.status).toBe(202)
    const accepted = Date.parse(res.headers.get('date')!)
    let runs = await history()
    expect(runs.map((r) => r.counter)).toEqual([1])
    expect(runs[0].build_cause).toMatchObject({ approver: 'demo', trigger_forced: true, trigger_message: 'Forced by Demo User' })
    expect(runs[0].scheduled_date).toBe(started)
    // Its first stage took 3 s; GoCD accepted the trigger a second after that (Date has whole seconds).
    expect(accepted).toBeGreaterThanOrEqual(Math.floor((started + 4000) / 1000) * 1000)
    fake.clock.advance(1000)
    runs = await history()
    expect(runs.map((r) => r.counter)).toEqual([2, 1])
    expect(runs[0].scheduled_date).toBeGreaterThanOrEqual(accepted)
    // The other run follows its own plan (it failed); ours passes.
    fake.clock.advance(10_000)
    const stages = async (c: number) => (await call(fake, 'GET', `/api/pipelines/two-step/${c}`)).data.stages.map((s: { status: string }) => s.status)
    expect(await stages(1)).toEqual(['Failed', 'Unknown'])
    expect(await stages(2)).toEqual(['Passed', 'Passed'])
    expect(fake.server.ledger.of('pipeline-run').map((e) => [e.id, e.detail])).toEqual([
      ['two-step/1', { approver: 'demo', forced: true, origin: 'race' }],
      ['two-step/2', { approver: 'demo', forced: true }]
    ])
  })

  it('after: the other run appears as soon as GoCD would accept a trigger again (our first stage done)', async () => {
    fake.raceNextTrigger('two-step', { position: 'after' })
    expect((await schedule()).status).toBe(202)
    fake.clock.advance(1000)
    expect((await history()).map((r) => r.counter)).toEqual([1])
    // While our first stage runs, GoCD would refuse another trigger.
    expect((await schedule()).data.message).toBe('Failed to trigger pipeline [two-step] { Stage [build] in pipeline [two-step] is still in progress }')
    fake.clock.advance(3000)
    const runs = await history()
    expect(runs.map((r) => [r.counter, r.build_cause.approver])).toEqual([
      [2, 'demo'],
      [1, 'demo']
    ])
    expect(runs[0].scheduled_date - runs[1].scheduled_date).toBe(3000)
  })

  it('already-forced: the trigger loses the trigger monitor (409), the other trigger creates its run', async () => {
    fake.raceNextTrigger('two-step', { position: 'already-forced', user: 'admin' })
    const res = await schedule()
    expect([res.status, res.data]).toEqual([409, { message: 'Failed to force pipeline: two-step { Pipeline already forced }' }])
    expect((await schedule()).data.message).toBe('Failed to trigger pipeline: two-step { Pipeline already triggered }')
    fake.clock.advance(1000)
    const runs = await history()
    expect(runs.map((r) => [r.counter, r.build_cause.approver, r.build_cause.trigger_message])).toEqual([[1, 'admin', 'Forced by Administrator']])
  })

  it('fires once, only for a trigger GoCD accepts, and refuses pipelines with a lock', async () => {
    fake.raceNextTrigger('two-step', { position: 'after' })
    await call(fake, 'POST', '/api/pipelines/two-step/schedule', { json: { environment_variables: [{ name: 'NOPE', value: '1' }] } })
    expect(await schedule()).toMatchObject({ status: 202 })
    fake.clock.advance(60_000)
    expect((await history()).map((r) => r.counter)).toEqual([2, 1])
    await schedule()
    fake.clock.advance(60_000)
    expect((await history()).map((r) => r.counter)).toEqual([3, 2, 1])
    expect(() => fake.raceNextTrigger('deploy-service', { position: 'before' })).toThrow(/pipeline lock \(unlockWhenFinished\)/)
  })
})
