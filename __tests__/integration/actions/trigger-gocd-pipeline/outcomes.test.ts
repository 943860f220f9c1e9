import { afterEach, describe, expect, it } from '@jest/globals'
import type { GocdFake } from '../../../../sandbox/gocd/index.js'
import { infoLines, startFake, trigger } from './harness.js'

const warnings = (t: { logger: { lines: { level: string; message: string }[] } }) => t.logger.lines.filter((l) => l.level === 'warning').map((l) => l.message)

describe('trigger-gocd-pipeline: run outcomes', () => {
  let fake: GocdFake
  afterEach(() => fake.close())

  it('fails when a stage fails, naming the stage and the failed job with its console link', async () => {
    fake = await startFake()
    fake.setStagePlan('deploy-service', 'integration', { outcome: 'fail', durationMs: 4000 })
    const { t, code } = await trigger(fake, { pipeline: 'deploy-service' })
    expect(code).toBe(1)
    expect(t.failures).toEqual([
      `trigger-gocd-pipeline failed: deploy-service/1: stage integration #1 failed\n  job api-tests Failed: ${fake.goUrl}/tab/build/detail/deploy-service/1/integration/1/api-tests#tab-console`
    ])
    expect(t.outputs).toMatchObject({ counter: '1', result: 'Failed' })
    const stages = JSON.parse(t.outputs.stages)
    expect(stages.map((s: { name: string; result: string; scheduled: boolean }) => [s.name, s.result, s.scheduled])).toEqual([
      ['build', 'Passed', true],
      ['integration', 'Failed', true],
      ['production', 'Unknown', false]
    ])
    const lines = infoLines(t)
    expect(lines).toContain('deploy-service/1: stage integration #1: Failing')
    expect(lines.filter((l) => l === 'deploy-service/1: job integration/api-tests: Completed, Failed')).toHaveLength(1)
    expect(t.summary.text()).toContain('❌ Failed')
    expect(t.summary.text()).toContain('<p>Stage integration #1 failed (jobs: api-tests Failed).</p>')
  })

  it('ends the wait at a manual stage with AwaitingApproval instead of hanging', async () => {
    fake = await startFake()
    const { t, code } = await trigger(fake, { pipeline: 'deploy-service' }, { approvalGraceMs: 3000 })
    expect(t.failures).toEqual([])
    expect(code).toBe(0)
    expect(t.outputs.result).toBe('AwaitingApproval')
    expect(warnings(t)).toEqual([
      `deploy-service/1: stage production waits for manual approval in GoCD; the stages before it passed. Approve it at ${fake.goUrl}/pipelines/value_stream_map/deploy-service/1`
    ])
    expect(t.summary.text()).toContain('GoCD deploy-service 1: AwaitingApproval')
    expect(t.summary.text()).toContain('Not run')
    expect(t.summary.text()).toContain('<p>Stage production waits for manual approval in GoCD; the stages before it passed.</p>')
  })

  it('passes when the named stage before the manual one passes', async () => {
    fake = await startFake()
    const { t, code } = await trigger(fake, { pipeline: 'deploy-service', wait_for: 'integration' })
    expect(code).toBe(0)
    expect(t.outputs.result).toBe('Passed')
    expect(infoLines(t).at(-1)).toBe(`deploy-service/1 passed (stage integration). ${fake.goUrl}/pipelines/value_stream_map/deploy-service/1`)
  })

  it('fails clearly when wait_for names a stage the pipeline does not have', async () => {
    fake = await startFake()
    const { t, code } = await trigger(fake, { pipeline: 'deploy-service', wait_for: 'deploy' })
    expect(code).toBe(1)
    expect(t.failures[0]).toBe("trigger-gocd-pipeline failed: wait_for names stage 'deploy', but deploy-service has the stages build, integration, production")
  })

  it('cancels the running stage at the timeout with cancel_on_timeout', async () => {
    fake = await startFake({ defaultStagePlan: { outcome: 'pass', durationMs: 3_600_000 } })
    const { t, code } = await trigger(fake, { pipeline: 'up42', timeout: '90s', cancel_on_timeout: 'true' })
    expect(code).toBe(1)
    expect(t.failures[0]).toBe(
      `trigger-gocd-pipeline failed: timed out after 1m30s waiting for up42/3; cancelled stage up42_stage #1 (cancel_on_timeout). ${fake.goUrl}/pipelines/value_stream_map/up42/3`
    )
    expect(infoLines(t)).toContain('cancel_on_timeout: stage up42_stage #1 of up42/3: Stage cancelled successfully.')
    const run = fake.state.run('up42', 3)!
    expect(run.stages[0].cancelledBy).toBe('demo')
    expect(t.outputs).toMatchObject({ counter: '3', result: 'Cancelled' })
    expect(t.summary.text()).toContain('<p>Timed out after 1m30s waiting for up42/3; cancelled stage up42_stage #1 (cancel_on_timeout).</p>')
    expect(JSON.parse(t.outputs.stages)[0]).toMatchObject({ status: 'Cancelled', result: 'Cancelled' })
  })

  it('leaves the run alone at the timeout without cancel_on_timeout, and says so', async () => {
    fake = await startFake({ defaultStagePlan: { outcome: 'pass', durationMs: 3_600_000 } })
    const { t, code } = await trigger(fake, { pipeline: 'up42', timeout: '90s' })
    expect(code).toBe(1)
    expect(t.failures[0]).toContain('timed out after 1m30s waiting for up42/3; the run goes on in GoCD (set cancel_on_timeout: true to cancel it)')
    expect(t.outputs.result).toBe('Unknown')
    expect(fake.server.log.filter('POST', /cancel$/)).toHaveLength(0)
    expect(infoLines(t).some((l) => l.startsWith('up42/3: still waiting after 1m'))).toBe(true)
  })

  it('fails with the server health message when GoCD silently drops the trigger after the 202', async () => {
    fake = await startFake({ scheduleDelayMs: 3000 })
    fake.failNextTrigger('up42', "Material update failed for material 'https://github.com/gocd/gocd' because: repository not found")
    const { t, code } = await trigger(fake, { pipeline: 'up42' })
    expect(code).toBe(1)
    expect(t.failures[0]).toBe(
      "trigger-gocd-pipeline failed: GoCD accepted the trigger of up42 but then could not create the run. Server health message:\n  Could not trigger pipeline 'up42': Material update failed for material 'https://github.com/gocd/gocd' because: repository not found\nFix the cause (often a material that cannot be updated, or a pinned revision GoCD cannot find) and run the workflow again."
    )
    expect(fake.server.ledger.count('pipeline-run')).toBe(0)
    // It noticed within a few polls of the failure instead of waiting for the timeout.
    expect(fake.server.log.filter('GET', /history$/).length).toBeLessThan(8)
  })

  it('ignores health messages that were there before it scheduled', async () => {
    fake = await startFake({ scheduleDelayMs: 2000 })
    fake.failNextTrigger('up42', 'an old failure')
    const { code: first } = await trigger(fake, { pipeline: 'up42' })
    expect(first).toBe(1)
    const { t, code } = await trigger(fake, { pipeline: 'up42', wait: 'false' })
    expect(t.failures).toEqual([])
    expect(code).toBe(0)
    expect(t.outputs.counter).toBe('3')
  })
})
