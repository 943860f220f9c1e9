import { afterEach, describe, expect, it } from '@jest/globals'
import { startGocdFake, type GocdFake } from '../../../sandbox/gocd/index.js'
import { call, expectSameShape, V3 } from './client.js'
import * as ex from './examples.js'

describe('GoCD fake: reads', () => {
  let fake: GocdFake
  afterEach(() => fake.close())

  it('renders an instance with the exact field set of the v1 representer and the docs example types', async () => {
    fake = await startGocdFake({ speed: 0 })
    const res = await call(fake, 'GET', '/api/pipelines/up42/2')
    expect(res.status).toBe(200)
    expectSameShape(res.data, ex.pipelineInstance)
    expect(Object.keys(res.data).sort()).toEqual(ex.instanceKeys)
    expect(Object.keys(res.data.stages[0]).sort()).toEqual(ex.stageKeys)
    expect(res.data.stages[0]).toMatchObject({ name: 'up42_stage', counter: '1', status: 'Passed', result: 'Passed', scheduled: true })
    expect(res.data.build_cause).toMatchObject({ trigger_forced: false, approver: 'changes' })
    expect(res.data.build_cause.material_revisions[0].material.fingerprint).toMatch(/^[0-9a-f]{64}$/)
  })

  it('shows placeholder stages that have not run, and the manual stage stays unscheduled', async () => {
    fake = await startGocdFake({ speed: 0, scheduleDelayMs: 0, defaultStagePlan: { outcome: 'pass', durationMs: 1000 } })
    await call(fake, 'POST', '/api/pipelines/deploy-service/schedule', { confirm: true })
    let run = (await call(fake, 'GET', '/api/pipelines/deploy-service/1')).data
    expect(run.stages.map((s: { name: string; scheduled: boolean }) => [s.name, s.scheduled])).toEqual([
      ['build', true],
      ['integration', false],
      ['production', false]
    ])
    expect(run.stages[1]).toEqual({
      status: 'Unknown',
      rerun_of_counter: null,
      name: 'integration',
      counter: '1',
      scheduled: false,
      approval_type: null,
      approved_by: null,
      operate_permission: true,
      can_run: false,
      jobs: []
    })
    fake.clock.advance(5000)
    run = (await call(fake, 'GET', '/api/pipelines/deploy-service/1')).data
    expect(run.stages.map((s: { status: string }) => s.status)).toEqual(['Passed', 'Passed', 'Unknown'])
    expect(run.stages[1].approved_by).toBe('changes')
    expect(run.stages[2]).toMatchObject({ scheduled: false, can_run: true })
    expect(run.stages[2].result).toBeUndefined()
  })

  it('validates counters and reports unknown runs', async () => {
    fake = await startGocdFake({ speed: 0 })
    const cases: [string, number, string][] = [
      ['/api/pipelines/up42/abc', 422, 'Your request could not be processed. The pipeline counter should be an integer.'],
      ['/api/pipelines/up42/0', 422, 'Your request could not be processed. The pipeline counter cannot be less than 1.'],
      ['/api/pipelines/up42/99', 404, 'Pipeline [up42/99] not found.'],
      ['/api/pipelines/nope/1', 404, "Pipeline with name 'nope' was not found!"]
    ]
    for (const [path, status, message] of cases) {
      const res = await call(fake, 'GET', path)
      expect([res.status, res.data.message]).toEqual([status, message])
    }
  })

  it('pages history newest first with opaque cursors in _links and validates page_size', async () => {
    fake = await startGocdFake({ speed: 0, seedRuns: 25 })
    const first = await call(fake, 'GET', '/api/pipelines/up42/history')
    expect(first.data.pipelines.map((p: { counter: number }) => p.counter)).toEqual([25, 24, 23, 22, 21, 20, 19, 18, 17, 16])
    expect(first.data._links.previous).toBeUndefined()
    const nextHref: string = first.data._links.next.href
    expect(nextHref).toMatch(/\/go\/api\/pipelines\/up42\/history\?after=\d+$/)
    const cursor = Number(new URL(nextHref).searchParams.get('after'))
    expect(first.data.pipelines.map((p: { counter: number }) => p.counter)).not.toContain(cursor)
    const second = await call(fake, 'GET', new URL(nextHref).pathname.replace('/go', '') + new URL(nextHref).search)
    expect(second.data.pipelines.map((p: { counter: number }) => p.counter)).toEqual([15, 14, 13, 12, 11, 10, 9, 8, 7, 6])
    const back = new URL(second.data._links.previous.href)
    const previous = await call(fake, 'GET', back.pathname.replace('/go', '') + back.search)
    expect(previous.data.pipelines[0].counter).toBe(25)
    const big = await call(fake, 'GET', '/api/pipelines/up42/history?page_size=100')
    expect(big.data.pipelines).toHaveLength(25)
    expect(big.data._links).toBeUndefined()
    for (const size of ['9', '101', 'ten']) {
      const bad = await call(fake, 'GET', `/api/pipelines/up42/history?page_size=${size}`)
      expect([bad.status, bad.data.message]).toEqual([400, "The query parameter 'page_size', if specified must be a number between 10 and 100."])
    }
    const badCursor = await call(fake, 'GET', '/api/pipelines/up42/history?after=-3')
    expect([badCursor.status, badCursor.data.message]).toEqual([400, "The query parameter 'after', if specified, must be a positive integer."])
  })

  it('returns an empty history without _links and no placeholder for a pending trigger', async () => {
    fake = await startGocdFake({ speed: 0, scheduleDelayMs: 1000 })
    await call(fake, 'POST', '/api/pipelines/deploy-service/schedule', { confirm: true })
    const res = await call(fake, 'GET', '/api/pipelines/deploy-service/history')
    expect(res.data).toEqual({ pipelines: [] })
  })

  it('reports status, trigger options, current user and version like the docs examples', async () => {
    fake = await startGocdFake({ speed: 0 })
    fake.pause('up42', 'Reason for pausing this pipeline')
    const status = await call(fake, 'GET', '/api/pipelines/up42/status')
    expectSameShape(status.data, ex.pipelineStatus)
    expect(status.data).toEqual({ paused: true, paused_cause: 'Reason for pausing this pipeline', paused_by: 'admin', locked: false, schedulable: false })
    const options = (await call(fake, 'GET', '/api/pipelines/deploy-service/trigger_options')).data
    expect(options.variables).toEqual([
      { name: 'DEPLOY_ENV', secure: false, value: 'staging' },
      { name: 'RELEASE_NOTES', secure: false, value: '' },
      { name: 'API_TOKEN', secure: true }
    ])
    expect(options.materials.map((m: { type: string }) => m.type)).toEqual(['Git', 'Pipeline'])
    expect(Object.keys(options._links).sort()).toEqual(['doc', 'schedule', 'self'])
    const me = await call(fake, 'GET', '/api/current_user')
    expectSameShape(me.data, ex.currentUser)
    expect(me.data).toMatchObject({ login_name: 'demo', display_name: 'Demo User' })
    const version = await call(fake, 'GET', '/api/version', { auth: 'none' })
    expectSameShape(version.data, ex.version)
    expect(Object.keys(version.data).sort()).toEqual(Object.keys(ex.version).sort())
  })

  it('renders stage instance v3 and job instance v1 with their representers fields', async () => {
    fake = await startGocdFake({ speed: 0 })
    const stage = await call(fake, 'GET', '/api/stages/up42/2/up42_stage/1', { accept: V3 })
    expectSameShape(stage.data, ex.stageInstanceV3)
    expect(Object.keys(stage.data).sort()).toEqual(Object.keys(ex.stageInstanceV3).sort())
    expect(stage.data.jobs[0].job_state_transitions.map((t: { state: string }) => t.state)).toEqual(['Scheduled', 'Assigned', 'Building', 'Completed'])
    const missing = await call(fake, 'GET', '/api/stages/up42/2/up42_stage/7', { accept: V3 })
    expect([missing.status, missing.data.message]).toEqual([
      404,
      "Not Found { Stage 'up42_stage' with counter '7' not found. Please make sure specified stage or stage run with specified counter exists. }"
    ])
    const job = await call(fake, 'GET', '/api/jobs/up42/2/up42_stage/1/up42_job')
    expectSameShape(job.data, ex.jobInstance)
    expect(Object.keys(job.data).sort()).toEqual(Object.keys(ex.jobInstance).sort())
    expect(job.data).toMatchObject({ pipeline_name: 'up42', pipeline_counter: 2, stage_counter: '1', state: 'Completed', result: 'Passed' })
    const noJob = await call(fake, 'GET', '/api/jobs/up42/2/up42_stage/1/nope')
    expect([noJob.status, noJob.data.message]).toEqual([404, "No job instance was found for 'up42/2/up42_stage/1/nope'."])
    const badCounter = await call(fake, 'GET', '/api/jobs/up42/x/up42_stage/1/up42_job')
    expect([badCounter.status, badCounter.data.message]).toEqual([400, "The params 'pipeline_counter' must be a number greater than 0."])
  })

  it('derives can_run and operate_permission for the caller', async () => {
    fake = await startGocdFake({ speed: 0, scheduleDelayMs: 0, defaultStagePlan: { outcome: 'pass', durationMs: 1000 } })
    await call(fake, 'POST', '/api/pipelines/up42/schedule', { confirm: true })
    let run = (await call(fake, 'GET', '/api/pipelines/up42/3')).data
    expect([run.can_run, run.stages[0].can_run]).toEqual([false, false])
    fake.clock.advance(1000)
    run = (await call(fake, 'GET', '/api/pipelines/up42/3')).data
    expect([run.can_run, run.stages[0].can_run, run.stages[0].operate_permission]).toEqual([true, true, true])
    fake.addCompletedRuns('audited-release', 1)
    const viewOnly = (await call(fake, 'GET', '/api/pipelines/audited-release/1')).data
    expect([viewOnly.can_run, viewOnly.stages[0].can_run, viewOnly.stages[0].operate_permission]).toEqual([false, false, false])
  })

  it('lists material fingerprints with materials v2, matching trigger_options', async () => {
    fake = await startGocdFake({ speed: 0 })
    expect((await call(fake, 'GET', '/api/config/materials')).status).toBe(404) // v1 is not a version of this API
    const res = await call(fake, 'GET', '/api/config/materials', { accept: 'application/vnd.go.cd.v2+json' })
    expect(res.headers.get('content-type')).toBe('application/vnd.go.cd.v2+json; charset=utf-8')
    expectSameShape(res.data, ex.materials)
    const all = res.data._embedded.materials as { type: string; fingerprint: string }[]
    expectSameShape(all.find((m) => m.type === 'dependency'), ex.dependencyMaterial)
    const options = (await call(fake, 'GET', '/api/pipelines/deploy-service/trigger_options')).data
    for (const m of options.materials as { fingerprint: string }[]) expect(all.map((x) => x.fingerprint)).toContain(m.fingerprint)
  })
})
