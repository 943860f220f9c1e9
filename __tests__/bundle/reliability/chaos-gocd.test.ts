/**
 * Chaos for trigger-gocd-pipeline: schedule deploy-service with a plain and a secure variable and wait for its
 * automatic stages, under seeded fault injection at several rates (and each fault kind forced on the schedule
 * request), in process on the fake's frozen clock and once through the built bundle in real time. Every run must
 * pass and the GoCD fake's ledger must hold exactly one pipeline run for it; no credential or secure value may show.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startGocdFake, type GocdFake } from '../../../sandbox/gocd/index.js'
import { triggerGocdPipeline } from '../../../src/actions/trigger-gocd-pipeline/trigger-gocd-pipeline.js'
import { runner as runnerFiles } from './helpers/runner.js'
import { testContext } from '../../helpers/test-context.js'
import { hasBundle, runBundle, visibleLog } from './helpers/bundle-run.js'
import { reportChaos, PLAN, stepLabel, type ChaosRow } from './helpers/chaos.js'
import { chaosRun } from './helpers/chaos-run.js'
import { scanRun, scanSurfaces } from './helpers/leaks.js'

const SECURE = 'chaos-gocd-SECURE-6f2a91d4'
const INPUTS = {
  pipeline: 'deploy-service',
  wait_for: 'integration',
  environment_variables: 'DEPLOY_ENV=chaos',
  secure_environment_variables: `API_TOKEN=${SECURE}`,
  timeout: '30m'
}
const rows: ChaosRow[] = []

let fake: GocdFake
beforeAll(async () => {
  fake = await startGocdFake({ speed: 0, scheduleDelayMs: 1000, defaultStagePlan: { outcome: 'pass', durationMs: 5000 } })
})
afterAll(async () => {
  await fake.close()
  reportChaos('trigger-gocd-pipeline', rows)
})

describe('trigger-gocd-pipeline under chaos', () => {
  it.each(PLAN.map((p) => [stepLabel(p), p] as const))('%s: one run, passed', async (_l, p) => {
    const t = testContext('trigger-gocd-pipeline', { server: fake.goUrl, token: fake.token, ...INPUTS })
    let sleeps = 0
    const clock = {
      now: () => fake.clock.now(),
      sleep: async (ms: number) => {
        if (++sleeps > 5000) throw new Error('test guard: too many sleeps')
        fake.clock.advance(ms)
      }
    }
    const { added, row } = await chaosRun(fake.server, { action: 'trigger-gocd-pipeline', mode: 'in-process', kind: 'pipeline-run', expected: 1 }, p, async () => {
      const code = await t.run((ctx) => triggerGocdPipeline(ctx, { clock, client: { retry: { baseDelayMs: 1, maxDelayMs: 2 }, timeoutMs: 5000 } }))
      return code === 0 ? 'success' : `exit ${code}`
    })
    rows.push(row)
    expect(t.failures).toEqual([])
    expect(added).toHaveLength(1)
    expect(added[0].id).toBe(`deploy-service/${t.outputs.counter}`)
    expect(t.outputs.result).toBe('Passed')
    expect(scanSurfaces({ visible: t.visibleText() }, [fake.token, SECURE])).toEqual([])
  })
})

describe('the built bundle under chaos', () => {
  let live: GocdFake
  beforeAll(async () => {
    live = await startGocdFake({ scheduleDelayMs: 300, defaultStagePlan: { outcome: 'pass', durationMs: 700 } })
  })
  afterAll(() => live.close())

  it('trigger-gocd-pipeline bundle at rate 0.15 + lost response on the schedule: passes, exactly one run', async () => {
    if (!hasBundle('trigger-gocd-pipeline')) throw new Error('dist/trigger-gocd-pipeline/index.js is missing')
    const runner = runnerFiles({ server: live.goUrl, username: live.username, password: live.password, ...INPUTS })
    let res = { code: null as number | null, stdout: '', stderr: '' }
    const { added, row } = await chaosRun(live.server, { action: 'trigger-gocd-pipeline', mode: 'bundle', kind: 'pipeline-run', expected: 1 }, { rate: 0.15, seed: 21, firstWrite: 'lost-response' }, async () => {
      res = await runBundle('trigger-gocd-pipeline', runner.env, 90_000)
      return res.code === 0 ? 'success' : `exit ${res.code}`
    })
    rows.push(row)
    expect(res.code === 0 ? 'success' : visibleLog(res).slice(-1500)).toBe('success')
    expect(added).toHaveLength(1)
    expect(runner.outputs().result).toBe('Passed')
    expect(scanRun(res, runner, [live.password, SECURE])).toEqual([])
  }, 90_000)
})
