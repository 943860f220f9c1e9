import { afterEach, describe, expect, it } from '@jest/globals'
import type { GocdFake } from '../../../../sandbox/gocd/index.js'
import { infoLines, scheduleAsAdmin, startFake, trigger } from './harness.js'

const SCHEDULE = '/go/api/pipelines/up42/schedule'

describe('trigger-gocd-pipeline: faults never start a second run', () => {
  let fake: GocdFake
  afterEach(() => fake.close())

  it('looks for the run after a lost 202 instead of scheduling again (run not created yet)', async () => {
    fake = await startFake({ scheduleDelayMs: 3000 })
    fake.server.faults.next('POST', SCHEDULE, { kind: 'lost-response' })
    const { t, code } = await trigger(fake, { pipeline: 'up42' })
    expect(t.failures).toEqual([])
    expect(code).toBe(0)
    expect(fake.server.ledger.of('pipeline-run').map((e) => e.id)).toEqual(['up42/3'])
    expect(fake.server.log.filter('POST', SCHEDULE)).toHaveLength(1)
    const lines = infoLines(t)
    expect(lines.some((l) => l.startsWith(`POST ${fake.goUrl}${SCHEDULE.replace('/go', '')} may have reached GoCD`))).toBe(true)
    expect(lines).toContain('up42 cannot be scheduled right now: the earlier request was probably accepted; looking for its run instead of scheduling again')
    expect(t.outputs).toMatchObject({ counter: '3', result: 'Passed' })
  })

  it('finds the run that a lost 202 already created', async () => {
    fake = await startFake({ scheduleDelayMs: 0 })
    fake.server.faults.next('POST', SCHEDULE, { kind: 'lost-response' })
    const { t, code } = await trigger(fake, { pipeline: 'up42', wait: 'false' })
    expect(code).toBe(0)
    expect(fake.server.ledger.count('pipeline-run')).toBe(1)
    expect(fake.server.log.filter('POST', SCHEDULE)).toHaveLength(1)
    expect(t.outputs.counter).toBe('3')
  })

  it.each([
    ['a 503', { kind: 'status', status: 503 } as const],
    ['a reset before GoCD handled it', { kind: 'reset' } as const]
  ])('schedules again after %s once GoCD shows no pending trigger', async (_name, fault) => {
    fake = await startFake()
    fake.server.faults.next('POST', SCHEDULE, fault, 2)
    const { t, code } = await trigger(fake, { pipeline: 'up42' })
    expect(t.failures).toEqual([])
    expect(code).toBe(0)
    expect(fake.server.log.filter('POST', SCHEDULE)).toHaveLength(3)
    expect(fake.server.ledger.of('pipeline-run').map((e) => e.id)).toEqual(['up42/3'])
    expect(fake.server.log.filter('GET', '/go/api/pipelines/up42/status')).toHaveLength(2)
  })

  it('looks for the run once more when the retries run out on an ambiguous failure', async () => {
    fake = await startFake({ scheduleDelayMs: 3000 })
    fake.server.faults.next('POST', SCHEDULE, { kind: 'status', status: 502 }, 4)
    fake.server.faults.next('POST', SCHEDULE, { kind: 'lost-response' })
    const { t, code } = await trigger(fake, { pipeline: 'up42', wait: 'false' })
    expect(t.failures).toEqual([])
    expect(code).toBe(0)
    expect(fake.server.log.filter('POST', SCHEDULE)).toHaveLength(5)
    expect(fake.server.ledger.of('pipeline-run').map((e) => e.id)).toEqual(['up42/3'])
    expect(t.outputs.counter).toBe('3')
  })

  it('fails with the last 5xx when GoCD never accepted the request', async () => {
    fake = await startFake()
    fake.server.faults.add({ method: 'POST', path: SCHEDULE, fault: { kind: 'status', status: 503, body: { error: 'Service temporarily unavailable' } } })
    const { t, code } = await trigger(fake, { pipeline: 'up42' })
    expect(code).toBe(1)
    expect(t.failures[0]).toBe(
      `trigger-gocd-pipeline failed: GoCD answered 503 to POST ${fake.goUrl}/api/pipelines/up42/schedule: Service temporarily unavailable\nGoCD, or a proxy in front of it, is unavailable; the request was retried with backoff. Check that the server is up, then re-run the job.`
    )
    expect(fake.server.ledger.count('pipeline-run')).toBe(0)
  })

  it('schedules again when a pending-looking pipeline turns out to be busy with another run', async () => {
    fake = await startFake({ scheduleDelayMs: 0, defaultStagePlan: { outcome: 'pass', durationMs: 20_000 } })
    expect(await scheduleAsAdmin(fake, 'up42')).toBe(202)
    fake.server.faults.add({ method: 'POST', path: SCHEDULE, fault: { kind: 'status', status: 502 }, times: 5 })
    const { t, code } = await trigger(fake, { pipeline: 'up42', wait: 'false' })
    expect(t.failures).toEqual([])
    expect(code).toBe(0)
    expect(infoLines(t)).toContain('no run of up42 came from the earlier request after all; scheduling again (round 2)')
    expect(fake.server.ledger.of('pipeline-run').map((e) => [e.id, (e.detail as { approver: string }).approver])).toEqual([
      ['up42/3', 'admin'],
      ['up42/4', 'demo']
    ])
    expect(t.outputs.counter).toBe('4')
  })

  it('survives flaky reads and lost responses everywhere with exactly one run', async () => {
    fake = await startFake({ seed: 7, scheduleDelayMs: 2000 })
    fake.server.faults.add({ method: 'GET', path: /^\/go\/api\//, fault: { kind: 'status', status: 502 }, probability: 0.2 })
    fake.server.faults.add({ method: 'GET', path: /^\/go\/api\//, fault: { kind: 'reset' }, probability: 0.1 })
    fake.server.faults.add({ method: 'POST', path: /^\/go\/api\//, fault: { kind: 'lost-response' }, probability: 0.5 })
    const { t, code } = await trigger(fake, { pipeline: 'deploy-service', wait_for: 'integration', comment: 'chaos' })
    expect(t.failures).toEqual([])
    expect(code).toBe(0)
    expect(fake.server.faults.fired.length).toBeGreaterThan(5)
    expect(fake.server.ledger.of('pipeline-run').map((e) => e.id)).toEqual(['deploy-service/1'])
    expect(t.outputs).toMatchObject({ counter: '1', result: 'Passed' })
  })

  it('reports a network failure that outlasts the retries with the request and no stack', async () => {
    fake = await startFake()
    fake.server.faults.add({ method: 'GET', path: '/go/api/current_user', fault: { kind: 'reset' } })
    const { t, code } = await trigger(fake, { pipeline: 'up42' })
    expect(code).toBe(1)
    expect(t.failures[0]).toMatch(new RegExp(`^trigger-gocd-pipeline failed: GET ${fake.goUrl}/api/current_user failed: `))
    expect(t.failures[0]).not.toMatch(/\n\s+at /)
    expect(fake.server.log.filter('GET', '/go/api/current_user')).toHaveLength(5)
  })
})
