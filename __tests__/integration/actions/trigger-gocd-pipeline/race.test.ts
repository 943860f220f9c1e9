import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import type { GocdFake } from '../../../../sandbox/gocd/index.js'
import { infoLines, startFake, trigger } from './harness.js'

const warnings = (t: { logger: { lines: { level: string; message: string }[] } }) => t.logger.lines.filter((l) => l.level === 'warning').map((l) => l.message)

/** Another forced run of the same pipeline by the same user next to ours: the action follows its own run. */
describe('trigger-gocd-pipeline: a second trigger by the same user', () => {
  let fake: GocdFake
  beforeEach(async () => {
    fake = await startFake()
    fake.addPipeline({ name: 'two-step', stages: [{ name: 'build', jobs: ['compile'] }, { name: 'deploy', jobs: ['ship'] }] })
  })
  afterEach(() => fake.close())

  const results = () => fake.server.ledger.of('pipeline-run').map((e) => [e.id, (e.detail as { origin?: string }).origin ?? 'ours'])

  /** Seeds the race (the other run fails, ours passes: the result shows which run was followed) and runs the action. */
  async function raceAndTrigger(position: 'before' | 'after' | 'already-forced') {
    fake.raceNextTrigger('two-step', { position, plan: { outcome: 'fail', durationMs: 5000 } })
    const { t, code } = await trigger(fake, { pipeline: 'two-step' })
    expect(t.failures).toEqual([])
    expect(code).toBe(0)
    return t
  }

  it('ignores a same-user run created just before GoCD accepted the trigger (lower counter) and waits for its own', async () => {
    const t = await raceAndTrigger('before')
    expect(results()).toEqual([
      ['two-step/1', 'race'],
      ['two-step/2', 'ours']
    ])
    expect(t.outputs).toMatchObject({ counter: '2', result: 'Passed' })
    const lines = infoLines(t)
    expect(lines.find((l) => l.startsWith('run two-step/1 appeared but is not ours'))).toMatch(
      /^run two-step\/1 appeared but is not ours: GoCD created it \(\S+Z\) before it accepted this trigger \(\S+Z\); another trigger by demo started it$/
    )
    expect(lines).toContain(`found run two-step/2 (label 2): ${fake.goUrl}/pipelines/value_stream_map/two-step/2`)
    expect(lines).toContain('two-step/2: stage deploy #1: Passed')
    expect(warnings(t)).toEqual([])
  })

  it('follows the lower counter when a same-user run appears right after its own, before it was found', async () => {
    fake.setStagePlan('two-step', 'build', { outcome: 'pass', durationMs: 0 })
    const t = await raceAndTrigger('after')
    expect(results()).toEqual([
      ['two-step/1', 'ours'],
      ['two-step/2', 'race']
    ])
    expect(t.outputs).toMatchObject({ counter: '1', result: 'Passed' })
    expect(warnings(t)).toEqual(['runs 1, 2 of two-step all match this trigger (same user); following the first, 1'])
  })

  it('waits and schedules again when the trigger loses to a concurrent one (409 Pipeline already forced)', async () => {
    const t = await raceAndTrigger('already-forced')
    expect(results()).toEqual([
      ['two-step/1', 'race'],
      ['two-step/2', 'ours']
    ])
    expect(t.outputs).toMatchObject({ counter: '2', result: 'Passed' })
    expect(infoLines(t).find((l) => l.includes('Pipeline already forced'))).toMatch(
      /^Failed to force pipeline: two-step \{ Pipeline already forced \}: waiting until two-step can be scheduled/
    )
  })
})
