import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { startGocdFake, type GocdFake } from '../../../sandbox/gocd/index.js'
import { basic, call, expectSameShape, V2, V3 } from './client.js'
import * as ex from './examples.js'

const ITEM_KEYS = ['approval_type', 'approved_by', 'counter', 'jobs', 'name', 'pipeline_counter', 'pipeline_name', 'rerun_of_counter', 'result']

describe('GoCD fake: stage history v3', () => {
  let fake: GocdFake
  beforeEach(async () => {
    fake = await startGocdFake({ speed: 0, scheduleDelayMs: 0, defaultStagePlan: { outcome: 'pass', durationMs: 1000 } })
  })
  afterEach(() => fake.close())

  const history = (path: string, auth: 'basic' | 'admin' = 'basic') => call(fake, 'GET', path, { accept: V3, auth })
  const counters = (body: { stages: { pipeline_counter: number; counter: string }[] }) => body.stages.map((s) => `${s.pipeline_counter}/${s.counter}`)

  it('lists every run of the stage newest first, in the representer shape, without links on a single page', async () => {
    const res = await history('/api/stages/up42/up42_stage/history')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/vnd.go.cd.v3+json; charset=utf-8')
    expect(res.data._links).toBeUndefined()
    expectSameShape(res.data, { stages: ex.stageHistory.stages })
    expect(counters(res.data)).toEqual(['2/1', '1/1'])
    expect(Object.keys(res.data.stages[0]).sort()).toEqual(ITEM_KEYS)
    expect(res.data.stages[0]).toMatchObject({ name: 'up42_stage', counter: '1', approval_type: 'success', approved_by: 'changes', result: 'Passed', pipeline_name: 'up42' })
    expect(res.data.stages[0].jobs).toEqual([{ name: 'up42_job', state: 'Completed', result: 'Passed', scheduled_date: expect.any(Number) }])
  })

  it('pages by stage id with next / previous links built from the page, and page_size 10..100', async () => {
    fake.addCompletedRuns('up42', 11)
    const first = await history('/api/stages/up42/up42_stage/history')
    expect(counters(first.data)).toEqual(['13/1', '12/1', '11/1', '10/1', '9/1', '8/1', '7/1', '6/1', '5/1', '4/1'])
    expect(first.data._links.previous).toBeUndefined()
    const next = first.data._links.next.href as string
    expect(next).toMatch(new RegExp(`^${fake.goUrl}/api/stages/up42/up42_stage/history\\?after=\\d+$`))
    // The cursor is an internal stage id, never a counter.
    expect(Number(next.split('=')[1])).toBeGreaterThan(13)
    const second = await history(next.slice(fake.goUrl.length))
    expect(counters(second.data)).toEqual(['3/1', '2/1', '1/1'])
    expect(second.data._links.next).toBeUndefined()
    const back = await history((second.data._links.previous.href as string).slice(fake.goUrl.length))
    expect(counters(back.data)).toEqual(counters(first.data))
    const all = await history('/api/stages/up42/up42_stage/history?page_size=20')
    expect(all.data.stages).toHaveLength(13)
    expect(all.data._links).toBeUndefined()
  })

  it('includes reruns (a stage counter above 1), Unknown while running, and who cancelled', async () => {
    const rerun = await call(fake, 'POST', '/api/stages/up42/2/up42_stage/run', { accept: V2, confirm: true })
    expect(rerun.status).toBe(202)
    let res = await history('/api/stages/up42/up42_stage/history')
    expect(counters(res.data)).toEqual(['2/2', '2/1', '1/1'])
    expect(res.data.stages[0]).toMatchObject({ approved_by: 'demo', result: 'Unknown' })
    expect(res.data.stages[0].jobs[0].state).toBe('Scheduled')
    await call(fake, 'POST', '/api/stages/up42/2/up42_stage/2/cancel', { accept: V3, confirm: true })
    res = await history('/api/stages/up42/up42_stage/history')
    expect(res.data.stages[0]).toMatchObject({ result: 'Cancelled', cancelled_by: 'demo' })
    expect(res.data.stages[1].cancelled_by).toBeUndefined()
  })

  it('matches names case-insensitively and answers an unknown stage with an empty list', async () => {
    fake.addCompletedRuns('up42', 11)
    const res = await history('/api/stages/UP42/Up42_Stage/history')
    expect(res.data.stages).toHaveLength(10)
    expect(res.data._links.next.href).toContain('/api/stages/up42/up42_stage/history?after=')
    expect((await history('/api/stages/up42/no_such_stage/history')).data).toEqual({ stages: [] })
  })

  it('answers GoCD errors for paging parameters, unknown pipelines and missing permission', async () => {
    const bad: [string, string][] = [
      ['page_size=9', "The query parameter 'page_size', if specified must be a number between 10 and 100."],
      ['page_size=101', "The query parameter 'page_size', if specified must be a number between 10 and 100."],
      ['page_size=abc', "The query parameter 'page_size', if specified must be a number between 10 and 100."],
      ['page_size=', "The query parameter 'page_size', if specified must be a number between 10 and 100."],
      ['after=abc', "The query parameter 'after', if specified, must be a positive integer."],
      ['after=-5', "The query parameter 'after', if specified, must be a positive integer."],
      ['before=1.5', "The query parameter 'before', if specified, must be a positive integer."]
    ]
    for (const [query, message] of bad) {
      const res = await history(`/api/stages/up42/up42_stage/history?${query}`)
      expect([query, res.status, res.data]).toEqual([query, 400, { message }])
    }
    // A blank or zero cursor means "no cursor".
    expect(counters((await history('/api/stages/up42/up42_stage/history?after=&before=0')).data)).toEqual(['2/1', '1/1'])
    for (const auth of ['basic', 'admin'] as const) {
      const res = await history('/api/stages/nope/s/history', auth)
      expect([res.status, res.data]).toEqual([404, { message: "Pipeline with name 'nope' was not found!" }])
    }
    fake.addUser({ login: 'outsider', password: 'pw', displayName: 'Outsider', email: null, admin: false })
    const forbidden = await call(fake, 'GET', '/api/stages/up42/up42_stage/history', { accept: V3, auth: { header: basic('outsider', 'pw') } })
    expect([forbidden.status, forbidden.data]).toEqual([403, { message: 'You are not authorized to perform this action.' }])
    // Viewing is enough.
    fake.addCompletedRuns('audited-release', 1)
    expect((await history('/api/stages/audited-release/release/history')).data.stages).toHaveLength(1)
  })
})
