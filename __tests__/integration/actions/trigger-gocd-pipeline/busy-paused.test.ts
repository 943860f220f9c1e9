import { afterEach, describe, expect, it } from '@jest/globals'
import type { GocdFake } from '../../../../sandbox/gocd/index.js'
import { infoLines, scheduleAsAdmin, startFake, trigger } from './harness.js'

describe('trigger-gocd-pipeline: busy and paused pipelines', () => {
  let fake: GocdFake
  afterEach(() => fake.close())

  it('waits while the first stage of another run is in progress, then schedules (queue_if_busy)', async () => {
    fake = await startFake({ scheduleDelayMs: 0, defaultStagePlan: { outcome: 'pass', durationMs: 30_000 } })
    expect(await scheduleAsAdmin(fake, 'up42')).toBe(202)
    const { t, code } = await trigger(fake, { pipeline: 'up42', wait_for: 'first_stage' })
    expect(t.failures).toEqual([])
    expect(code).toBe(0)
    expect(infoLines(t).some((l) => l.startsWith('Failed to trigger pipeline [up42] { Stage [up42_stage] in pipeline [up42] is still in progress }: waiting until up42 can be scheduled (queue_if_busy;'))).toBe(true)
    expect(t.outputs.counter).toBe('4')
    expect(fake.state.run('up42', 4)?.approver).toBe('demo')
    expect(fake.server.ledger.of('pipeline-run').map((e) => e.id)).toEqual(['up42/3', 'up42/4'])
    const statusPolls = fake.server.log.filter('GET', '/go/api/pipelines/up42/status')
    expect(statusPolls.length).toBeGreaterThanOrEqual(25)
  })

  it('waits while another trigger is pending ("Pipeline already triggered")', async () => {
    fake = await startFake({ scheduleDelayMs: 5000, defaultStagePlan: { outcome: 'pass', durationMs: 3000 } })
    expect(await scheduleAsAdmin(fake, 'up42')).toBe(202)
    const { t, code } = await trigger(fake, { pipeline: 'up42', wait: 'false' })
    expect(code).toBe(0)
    expect(infoLines(t).some((l) => l.startsWith('Failed to trigger pipeline: up42 { Pipeline already triggered }: waiting'))).toBe(true)
    expect(t.outputs.counter).toBe('4')
    expect(fake.server.ledger.count('pipeline-run')).toBe(2)
  })

  it('backs off when GoCD keeps refusing although its status says schedulable', async () => {
    fake = await startFake({ scheduleDelayMs: 0 })
    const refused = { message: 'Failed to force pipeline: up42 { Pipeline already forced }' }
    fake.server.faults.next('POST', '/go/api/pipelines/up42/schedule', { kind: 'status', status: 409, body: refused }, 4)
    const { t, code, sleeps } = await trigger(fake, { pipeline: 'up42', wait: 'false' })
    expect(t.failures).toEqual([])
    expect(code).toBe(0)
    expect(fake.server.log.filter('POST', '/go/api/pipelines/up42/schedule')).toHaveLength(5)
    expect(sleeps.slice(0, 3)).toEqual([1000, 2000, 4000])
    expect(fake.server.ledger.count('pipeline-run')).toBe(1)
  })

  it('fails on 409 with the verbatim message when queue_if_busy is false', async () => {
    fake = await startFake({ scheduleDelayMs: 0, defaultStagePlan: { outcome: 'pass', durationMs: 30_000 } })
    expect(await scheduleAsAdmin(fake, 'up42')).toBe(202)
    const { t, code } = await trigger(fake, { pipeline: 'up42', queue_if_busy: 'false' })
    expect(code).toBe(1)
    expect(t.failures).toEqual([
      `trigger-gocd-pipeline failed: GoCD answered 409 to POST ${fake.goUrl}/api/pipelines/up42/schedule: Failed to trigger pipeline [up42] { Stage [up42_stage] in pipeline [up42] is still in progress }\nGoCD does not queue manual triggers. Set queue_if_busy: true to wait until the pipeline can be scheduled and try again.`
    ])
    expect(fake.server.ledger.count('pipeline-run')).toBe(1)
  })

  it('gives up waiting for a busy pipeline at the timeout', async () => {
    fake = await startFake({ scheduleDelayMs: 0, defaultStagePlan: { outcome: 'pass', durationMs: 600_000 } })
    expect(await scheduleAsAdmin(fake, 'up42')).toBe(202)
    const { t, code } = await trigger(fake, { pipeline: 'up42', timeout: '2m' })
    expect(code).toBe(1)
    expect(t.failures[0]).toBe(
      'trigger-gocd-pipeline failed: timed out waiting for up42 to become schedulable; GoCD\'s last answer: Failed to trigger pipeline [up42] { Stage [up42_stage] in pipeline [up42] is still in progress }'
    )
    expect(fake.server.ledger.count('pipeline-run')).toBe(1)
  })

  it('passes the lock 409 on verbatim when a locked pipeline is not to be waited for', async () => {
    fake = await startFake({ scheduleDelayMs: 0 })
    fake.addPipeline({ name: 'locked-pipe', lockBehavior: 'lockOnFailure', stages: [{ name: 'a', jobs: ['j'] }, { name: 'b', jobs: ['k'] }] })
    fake.setStagePlan('locked-pipe', 'a', { outcome: 'fail', durationMs: 1000 })
    expect(await scheduleAsAdmin(fake, 'locked-pipe')).toBe(202)
    fake.clock.advance(60_000)
    expect(fake.isLocked('locked-pipe')).toBe(true)
    const { t, code } = await trigger(fake, { pipeline: 'locked-pipe', queue_if_busy: 'false' })
    expect(code).toBe(1)
    expect(t.failures[0]).toContain(
      ': Pipeline locked-pipe cannot be scheduled { Pipeline locked-pipe is locked as another instance of this pipeline is running. }\nGoCD does not queue manual triggers.'
    )
  })

  it('fails on a paused pipeline with a hint to use unpause', async () => {
    fake = await startFake()
    fake.pause('up42', 'maintenance window')
    const { t, code } = await trigger(fake, { pipeline: 'up42' })
    expect(code).toBe(1)
    expect(t.failures[0]).toBe(
      `trigger-gocd-pipeline failed: GoCD answered 409 to POST ${fake.goUrl}/api/pipelines/up42/schedule: Failed to trigger pipeline [up42] { Pipeline up42 is paused }\nup42 is paused in GoCD. Set unpause: true to unpause it before scheduling, or unpause it in GoCD.`
    )
    expect(fake.state.pauseInfo('up42').paused).toBe(true)
    expect(fake.server.ledger.count('pipeline-run')).toBe(0)
  })

  it('unpauses and schedules with unpause: true', async () => {
    fake = await startFake()
    fake.pause('up42', 'maintenance window')
    const { t, code } = await trigger(fake, { pipeline: 'up42', unpause: 'true' })
    expect(t.failures).toEqual([])
    expect(code).toBe(0)
    expect(infoLines(t)).toContain("unpause: Pipeline 'up42' unpaused successfully.")
    expect(fake.state.pauseInfo('up42').paused).toBe(false)
    expect(t.outputs).toMatchObject({ counter: '3', result: 'Passed' })
    const unpause = fake.server.log.filter('POST', '/go/api/pipelines/up42/unpause')
    expect(unpause.map((e) => [e.headers['x-gocd-confirm'], e.headers.accept])).toEqual([['true', 'application/vnd.go.cd.v1+json']])
  })
})
