import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Clock } from '../../../../sandbox/common/index.js'
import { startGithubFake, type GithubFake } from '../../../../sandbox/github/index.js'
import { expectNoLeak, FAST, parseJson, runRotation } from './helpers.js'

const N = 50

describe('rotate-secret fan-out to 50 repositories under the secondary rate limit', () => {
  let fake: GithubFake
  beforeAll(async () => {
    // The fake's clock runs 200 times faster, so its one-minute window of 10 writes passes in 300 ms of real time.
    // Real time and the fake's clock can drift apart on a loaded machine, so the test allows many waits.
    fake = await startGithubFake({ secondaryPerMinute: 10, secondaryWindowMs: 60_000, clock: new Clock(200) })
    for (let i = 0; i < N; i++) fake.addRepo(`service-${i}`)
  })
  afterAll(() => fake.close())

  it('writes every repository once with its own key, waits out the limit, verifies all, in N writes + N key reads + 2N metadata reads (before and after)', async () => {
    const targets = Array.from({ length: N }, (_, i) => `repo:octo-org/service-${i}`).join('\n')
    fake.server.log.clear()
    const t = await runRotation(fake, { source: 'random', secret_name: 'FLEET_TOKEN', targets }, {}, { github: { ...FAST.github, retryAfterUnitMs: 5, secondaryLimitRetries: 50 } })
    expect(t.failures).toEqual([])
    expect(t.code).toBe(0)
    const value = fake.readSecret({ repo: 'service-0' }, 'FLEET_TOKEN')!
    for (let i = 0; i < N; i++) expect(fake.readSecret({ repo: `service-${i}` }, 'FLEET_TOKEN')).toBe(value)
    expect(parseJson(t.outputs.updated_targets)).toHaveLength(N)

    const log = fake.server.log
    const limited = log.filter('PUT', /.*/).filter((e) => e.status === 403)
    expect(limited.length).toBeGreaterThan(0)
    expect(log.filter('PUT', /.*/).filter((e) => e.status === 201)).toHaveLength(N)
    expect(log.filter('GET', /\/public-key$/)).toHaveLength(N)
    expect(log.filter('GET', /\/actions\/secrets\/FLEET_TOKEN$/)).toHaveLength(2 * N)
    expect(log.entries).toHaveLength(4 * N + limited.length)
    expect(fake.server.ledger.duplicates('secret-write')).toEqual([])
    expect(t.logger.text()).toMatch(/secondary rate limit/)
    expect(fake.invalidRequests).toEqual([])
    expectNoLeak(t, [value])
  })
})
