/**
 * Chaos for create-release and deploy: their main scenario under seeded fault injection (latency, 503, 429 with
 * Retry-After, resets, responses lost after the server acted) at several rates, in process (testContext, the fake's
 * clock) and once through the built bundle. Every run must succeed and the Octopus fake's ledger must hold exactly
 * one release / one deployment per environment for it, and no form of the API key may appear in what a user sees.
 * Prints the table of runs, faults and duplicates.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startOctopusFake, type OctopusFake } from '../../../sandbox/octopus/index.js'
import { createReleaseAction } from '../../../src/actions/create-release/create-release.js'
import { deploy } from '../../../src/actions/deploy/deploy.js'
import { runner as runnerFiles } from './helpers/runner.js'
import { testContext } from '../../helpers/test-context.js'
import { createRelease } from '../../helpers/octopus-release.js'
import { hasBundle, runBundle, visibleLog } from './helpers/bundle-run.js'
import { scanRun, scanSurfaces } from './helpers/leaks.js'
import { reportChaos, PLAN, stepLabel, type ChaosRow, type ChaosStep } from './helpers/chaos.js'
import { chaosRun } from './helpers/chaos-run.js'

const noSleep = async (): Promise<void> => undefined
/** Distinctive credentials: the leak scan looks for them in everything a user can see. */
const API_KEY = 'API-CHAOSOCTOPUSKEY5XK2M7QZ'
const LIVE_KEY = 'API-CHAOSBUNDLEKEY8WQ3N4RT'
const rows: ChaosRow[] = []

let fake: OctopusFake
beforeAll(async () => {
  fake = await startOctopusFake({ apiKey: API_KEY, clockSpeed: 0, taskProfile: { queueMs: 1000, durationMs: 4000 } })
  await createRelease(fake, 'Random Quotes', '1.0.0')
})
afterAll(async () => {
  await fake.close()
  reportChaos('create-release and deploy', rows)
})

/** Runs `body` under chaos on the in-process fake, records the row, and returns the ledger entries of `kind` it added. */
async function inProcess(action: string, p: ChaosStep, kind: string, expected: number, body: () => Promise<string>) {
  const { added, row } = await chaosRun(fake.server, { action, mode: 'in-process', kind, expected }, p, body)
  rows.push(row)
  return added
}

describe('create-release under chaos', () => {
  it.each(PLAN.map((p) => [stepLabel(p), p] as const))('%s: one release, created', async (_l, p) => {
    const t = testContext('create-release', { server: fake.url, api_key: fake.apiKey, project: 'Random Quotes' }, { NO_PROXY: '*' })
    const added = await inProcess('create-release', p, 'release', 1, async () => {
      const code = await t.run((ctx) => createReleaseAction(ctx, { sleep: noSleep, pollSleep: async (ms) => fake.clock.advance(ms), now: () => fake.clock.now() }))
      return code === 0 ? 'success' : `exit ${code}: ${t.failures.join(' ')}`
    })
    expect(t.failures).toEqual([])
    expect(scanSurfaces({ visible: t.visibleText() }, [API_KEY])).toEqual([])
    expect(added).toHaveLength(1)
    expect(t.outputs.release_id).toBe(added[0].id.split('/').pop())
  })
})

describe('deploy under chaos', () => {
  it.each(PLAN.map((p) => [stepLabel(p), p] as const))('%s: one deployment per environment, all succeed', async (_l, p) => {
    const t = testContext('deploy', { server: fake.url, api_key: fake.apiKey, project: 'Random Quotes', release_number: '1.0.0', environments: 'Dev\nTest' }, { NO_PROXY: '*' })
    const added = await inProcess('deploy', p, 'deployment', 2, async () => {
      const code = await t.run((ctx) => deploy(ctx, { sleep: async (ms) => fake.clock.advance(ms), now: () => fake.clock.now(), retrySleep: noSleep }))
      return code === 0 ? 'success' : `exit ${code}: ${t.failures.join(' ')}`
    })
    expect(t.failures).toEqual([])
    expect(scanSurfaces({ visible: t.visibleText() }, [API_KEY])).toEqual([])
    expect(added.map((e) => (e.detail as { environment: string }).environment).sort()).toEqual(['Dev', 'Test'])
    expect(t.outputs.task_state).toBe('Success')
  })
})

describe('the built bundles under chaos', () => {
  let live: OctopusFake
  beforeAll(async () => {
    live = await startOctopusFake({ apiKey: LIVE_KEY, clockSpeed: 20, taskProfile: { queueMs: 500, durationMs: 2000 } })
    await createRelease(live, 'Random Quotes', '1.0.0')
  })
  afterAll(() => live.close())

  const cases: { action: 'create-release' | 'deploy'; inputs: Record<string, string>; kind: string; expected: number }[] = [
    { action: 'create-release' as const, inputs: { project: 'Random Quotes' }, kind: 'release', expected: 1 },
    { action: 'deploy' as const, inputs: { project: 'Random Quotes', release_number: '1.0.0', environments: 'Dev\nTest' }, kind: 'deployment', expected: 2 }
  ]
  it.each(cases.map((c) => [c.action, c] as const))('%s bundle at rate 0.15 + lost response on the first write: succeeds, exactly once', async (action, c) => {
    if (!hasBundle(action)) throw new Error(`dist/${action}/index.js is missing`)
    const runner = runnerFiles({ server: live.url, api_key: live.apiKey, ...c.inputs })
    let res = { code: null as number | null, stdout: '', stderr: '' }
    const { added, row } = await chaosRun(live.server, { action, mode: 'bundle', kind: c.kind, expected: c.expected }, { rate: 0.15, seed: 21, firstWrite: 'lost-response' }, async () => {
      res = await runBundle(action, runner.env, 90_000)
      return res.code === 0 ? 'success' : `exit ${res.code}`
    })
    rows.push(row)
    expect(res.code === 0 ? 'success' : visibleLog(res).slice(-1500)).toBe('success')
    expect(added).toHaveLength(c.expected)
    expect(scanRun(res, runner, [LIVE_KEY])).toEqual([])
  }, 90_000)
})
