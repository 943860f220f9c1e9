import { afterEach, describe, expect, it } from '@jest/globals'
import type { GocdFake } from '../../../../sandbox/gocd/index.js'
import { infoLines, startFake, trigger } from './harness.js'

describe('trigger-gocd-pipeline against the GoCD fake', () => {
  let fake: GocdFake
  afterEach(() => fake.close())

  it('schedules, finds the run created asynchronously, waits for all stages and reports it', async () => {
    fake = await startFake({ scheduleDelayMs: 4000 })
    const { t, code } = await trigger(fake, { pipeline: 'up42', comment: 'from workflow run 42' })
    expect(t.failures).toEqual([])
    expect(code).toBe(0)
    expect(t.outputs).toMatchObject({ counter: '3', label: '3', result: 'Passed', url: `${fake.goUrl}/pipelines/value_stream_map/up42/3` })
    expect(JSON.parse(t.outputs.stages)).toEqual([
      {
        name: 'up42_stage',
        counter: 1,
        scheduled: true,
        status: 'Passed',
        result: 'Passed',
        approval_type: 'success',
        url: `${fake.goUrl}/pipelines/up42/3/up42_stage/1`,
        jobs: [{ name: 'up42_job', state: 'Completed', result: 'Passed', url: `${fake.goUrl}/tab/build/detail/up42/3/up42_stage/1/up42_job#tab-console` }]
      }
    ])
    expect(fake.state.run('up42', 3)?.comment).toBe('from workflow run 42')
    expect(fake.server.ledger.count('pipeline-run')).toBe(1)
    const lines = infoLines(t)
    expect(lines.filter((l) => l.includes('job up42_stage/up42_job: Building'))).toHaveLength(1)
    expect(lines).toContain('up42/3: stage up42_stage #1: Passed')
    const summary = t.summary.text()
    expect(summary).toContain('GoCD up42 3: Passed')
    expect(summary).toContain('up42_job')
    expect(summary).toMatch(/<td>5s<\/td>/)
  })

  it('triggers a pipeline that has never run (empty history)', async () => {
    fake = await startFake()
    fake.addPipeline({ name: 'fresh.pipeline', stages: [{ name: 'only', jobs: ['one', 'two'] }] })
    const { t, code } = await trigger(fake, { pipeline: 'fresh.pipeline', wait_for: 'first_stage' })
    expect(t.failures).toEqual([])
    expect(code).toBe(0)
    expect(t.outputs).toMatchObject({ counter: '1', result: 'Passed' })
    expect(infoLines(t)).toContain('GoCD: Request to schedule pipeline fresh.pipeline accepted (newest run before: none)')
  })

  it('waits with one instance request per poll', async () => {
    fake = await startFake({ scheduleDelayMs: 0, defaultStagePlan: { outcome: 'pass', durationMs: 20_000 } })
    const { code, sleeps } = await trigger(fake, { pipeline: 'up42' })
    expect(code).toBe(0)
    const paths = fake.server.log.entries.map((e) => `${e.method} ${e.path}`)
    const firstPoll = paths.indexOf('GET /go/api/pipelines/up42/3')
    const waiting = paths.slice(firstPoll)
    const polls = waiting.filter((p) => p === 'GET /go/api/pipelines/up42/3').length
    // Every poll while waiting is one instance request; the stage request at the end feeds the summary's durations.
    expect(waiting).toEqual([...Array(polls).fill('GET /go/api/pipelines/up42/3'), 'GET /go/api/stages/up42/3/up42_stage/1'])
    expect(polls).toBe(20)
    expect(sleeps.slice(-polls)).toEqual(Array(polls).fill(1000))
  })
})
