/**
 * Chaos for rotate-secret, under seeded fault injection at several rates (and each fault kind forced on the first
 * write): (1) a random value into three repository secrets with the faults on the GitHub fake: every target ends
 * with the same new value, one secret write per target; (2) a new Octopus API key with the faults on the Octopus
 * fake: exactly one live key created per run (a key whose creation answer was lost is unreadable, so the action
 * revokes it and creates another), the stored key authenticates, the previous managed key is revoked. Once
 * through the built bundle as well. No credential may show in what a user sees.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startGithubFake, type GithubFake } from '../../../sandbox/github/index.js'
import { startOctopusFake, type OctopusFake } from '../../../sandbox/octopus/index.js'
import { rotateSecret } from '../../../src/actions/rotate-secret/rotate-secret.js'
import { runner as runnerFiles } from './helpers/runner.js'
import { testContext } from '../../helpers/test-context.js'
import { hasBundle, runBundle, visibleLog } from './helpers/bundle-run.js'
import { reportChaos, PLAN, stepLabel, type ChaosRow } from './helpers/chaos.js'
import { chaosRun } from './helpers/chaos-run.js'
import { scanRun, scanSurfaces } from './helpers/leaks.js'

const OCTOPUS_KEY = 'API-CHAOSROTATEADMIN3JX8PL2V'
const FAST = { github: { writeIntervalMs: 0, retryBaseMs: 1, retryAfterUnitMs: 1, timeoutMs: 5000 }, sleep: async () => undefined }
const rows: ChaosRow[] = []

let gh: GithubFake
let octo: OctopusFake
let repos: string[]
beforeAll(async () => {
  ;[gh, octo] = await Promise.all([startGithubFake(), startOctopusFake({ apiKey: OCTOPUS_KEY })])
  repos = [gh.repo, 'website', 'infrastructure'].map((r) => `${gh.owner}/${r}`)
})
afterAll(async () => {
  await Promise.all([gh.close(), octo.close()])
  reportChaos('rotate-secret', rows)
})

const authenticates = async (key: string) => (await fetch(`${octo.url}/api/users/me`, { headers: { 'X-Octopus-ApiKey': key } })).status

describe('rotate-secret (random value, three repositories) with faults on GitHub', () => {
  const previous = new Set<string>()
  it.each(PLAN.map((p) => [stepLabel(p), p] as const))('%s: every target holds the new value, one write each', async (_l, p) => {
    // GitHub stamps secrets in whole seconds: a write in the same second as the previous update leaves `updated_at`
    // unchanged, and then nothing can tell a lost write that landed from one that did not (the rotate-secret fault
    // tests cover that case). Rotations are not seconds apart in real use: date the previous one a day back.
    for (const repo of repos) {
      const s = gh.scope({ repo }).get('CHAOS_RANDOM')
      if (s) s.updated_at = new Date(Date.now() - 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z')
    }
    const t = testContext('rotate-secret', { source: 'random', secret_name: 'CHAOS_RANDOM', targets: repos.join('\n'), github_token: gh.token, github_api_url: gh.apiUrl })
    const { added, row } = await chaosRun(gh.server, { action: 'rotate-secret (random)', mode: 'in-process', kind: 'secret-write', expected: repos.length }, p, async () => {
      const code = await t.run((ctx) => rotateSecret(ctx, FAST))
      return code === 0 ? 'success' : `exit ${code}`
    })
    rows.push(row)
    expect(t.failures).toEqual([])
    const values = repos.map((repo) => gh.readSecret({ repo }, 'CHAOS_RANDOM'))
    expect(new Set(values).size).toBe(1)
    expect(previous.has(values[0]!)).toBe(false)
    previous.add(values[0]!)
    expect(row.duplicates).toBe(0)
    expect(added).toHaveLength(repos.length)
    expect(scanSurfaces({ visible: t.visibleText() }, [gh.token, values[0]!])).toEqual([])
  })
})

describe('rotate-secret (Octopus API key) with faults on Octopus', () => {
  let before: string | undefined
  it.each(PLAN.map((p) => [stepLabel(p), p] as const))('%s: one live key created, it works, the previous one is revoked', async (_l, p) => {
    const t = testContext('rotate-secret', {
      source: 'octopus_api_key',
      server: octo.url,
      api_key: OCTOPUS_KEY,
      secret_name: 'CHAOS_OCTOPUS_KEY',
      targets: repos[0],
      github_token: gh.token,
      github_api_url: gh.apiUrl
    }, { NO_PROXY: '*' })
    const { added, row } = await chaosRun(octo.server, { action: 'rotate-secret (octopus key)', mode: 'in-process', kind: 'apikey', expected: 1 }, p, async () => {
      const code = await t.run((ctx) => rotateSecret(ctx, FAST))
      return code === 0 ? 'success' : `exit ${code}`
    })
    // A key whose creation answer was lost can never be read: the action revokes it and creates another (by
    // design), so the exactly-once count is of the keys created in this run that are still alive.
    const revoked = new Set(octo.store.apiKeys.filter((k) => k.Revoked).map((k) => k.Id))
    const live = added.filter((e) => !revoked.has(e.id))
    row.operations = live.length
    row.duplicates = Math.max(0, live.length - 1)
    row.outcome += added.length > live.length ? ` (${added.length - live.length} unreadable key revoked)` : ''
    rows.push(row)
    expect(t.failures).toEqual([])
    // No managed key is left alive but the new one.
    const alive = octo.store.apiKeys.filter((k) => !k.Revoked && k.Purpose.includes('CHAOS_OCTOPUS_KEY')).map((k) => k.Id)
    expect(alive).toEqual([t.outputs.credential_id])
    expect(live.map((e) => e.id)).toEqual([t.outputs.credential_id])
    const stored = gh.readSecret({ repo: repos[0] }, 'CHAOS_OCTOPUS_KEY')!
    expect(await authenticates(stored)).toBe(200)
    if (before) expect(await authenticates(before)).toBe(401)
    before = stored
    expect(scanSurfaces({ visible: t.visibleText() }, [gh.token, OCTOPUS_KEY, stored])).toEqual([])
  })
})

describe('the built bundle under chaos', () => {
  it('rotate-secret bundle at rate 0.15 + lost response on the first write: every target holds the new value, one write each', async () => {
    if (!hasBundle('rotate-secret')) throw new Error('dist/rotate-secret/index.js is missing')
    const runner = runnerFiles({ source: 'random', secret_name: 'CHAOS_BUNDLE', targets: repos.join('\n'), github_token: gh.token, github_api_url: gh.apiUrl })
    let res = { code: null as number | null, stdout: '', stderr: '' }
    const { row } = await chaosRun(gh.server, { action: 'rotate-secret (random)', mode: 'bundle', kind: 'secret-write', expected: repos.length }, { rate: 0.15, seed: 21, firstWrite: 'lost-response' }, async () => {
      res = await runBundle('rotate-secret', runner.env, 90_000)
      return res.code === 0 ? 'success' : `exit ${res.code}`
    })
    rows.push(row)
    expect(res.code === 0 ? 'success' : visibleLog(res).slice(-1500)).toBe('success')
    const values = repos.map((repo) => gh.readSecret({ repo }, 'CHAOS_BUNDLE'))
    expect(new Set(values).size).toBe(1)
    expect(scanRun(res, runner, [gh.token, values[0]!])).toEqual([])
    expect(row.duplicates).toBe(0)
  }, 90_000)
})
