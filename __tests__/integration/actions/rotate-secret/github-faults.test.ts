/**
 * A fault at each GitHub step of the rotation (public key, write, verification) for one of two targets, with the
 * invariant checked after each: every target holds the previous or the new value, the outputs name exactly the
 * targets verified to hold the new one, a target that may hold it is never reported as unchanged, the run fails unless retries absorbed the fault, and a clean re-run converges.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Fault } from '../../../../sandbox/common/index.js'
import { startGithubFake, type GithubFake } from '../../../../sandbox/github/index.js'
import { expectNoLeak, parseJson, runRotation } from './helpers.js'

const NAME = 'ROTATED'
const B = '/repos/octo-org/website/actions/secrets'

interface Case {
  step: string
  method: string
  path: string
  fault: Fault
  times: number
  /** Exit code of the faulty run. */
  code: number
  /** What target B holds afterwards. */
  b: 'old' | 'new'
  /** Is B reported as updated? */
  bReported: boolean
  message?: RegExp
  /** Leave B's previous update within the same second as the new write (default: it was a day earlier). */
  recent?: boolean
}

const PERSISTENT = 50

/** Matches reads of B's secret once B has been written (so the snapshot read before the write is spared). */
function afterWrite(fake: GithubFake): RegExp {
  const read = new RegExp(`^${B}/${NAME}$`)
  return new (class extends RegExp {
    override test(path: string): boolean {
      return read.test(path) && fake.server.log.filter('PUT', read).some((e) => e.status === 201 || e.status === 204)
    }
  })(read.source)
}
const cases: Case[] = [
  { step: 'public key: 500 until retries run out', method: 'GET', path: `${B}/public-key`, fault: { kind: 'status', status: 500 }, times: PERSISTENT, code: 1, b: 'old', bReported: false, message: /1 of 2 targets hold the new value \(repo:octo-org\/deploy-app\); not updated: repo:octo-org\/website \(GitHub answered 500/ },
  { step: 'public key: connection reset once', method: 'GET', path: `${B}/public-key`, fault: { kind: 'reset' }, times: 1, code: 0, b: 'new', bReported: true },
  { step: 'write: 500 until retries run out', method: 'PUT', path: `${B}/${NAME}`, fault: { kind: 'status', status: 500 }, times: PERSISTENT, code: 1, b: 'old', bReported: false, message: /not updated: repo:octo-org\/website/ },
  { step: 'write: 500 right after the previous update (updated_at cannot tell): may hold the new value', method: 'PUT', path: `${B}/${NAME}`, fault: { kind: 'status', status: 500 }, times: PERSISTENT, code: 1, b: 'old', bReported: false, recent: true, message: /may hold the new value but could not be verified: repo:octo-org\/website \(.*cannot tell whether the write landed/ },
  { step: 'write: 422 refusal', method: 'PUT', path: `${B}/${NAME}`, fault: { kind: 'status', status: 422, body: { message: 'Validation Failed' } }, times: 1, code: 1, b: 'old', bReported: false, message: /GitHub answered 422 .*Validation Failed/ },
  { step: 'write: response lost once (retried PUT is idempotent)', method: 'PUT', path: `${B}/${NAME}`, fault: { kind: 'lost-response' }, times: 1, code: 0, b: 'new', bReported: true },
  { step: 'write: every response lost (it landed; metadata proves it)', method: 'PUT', path: `${B}/${NAME}`, fault: { kind: 'lost-response' }, times: PERSISTENT, code: 0, b: 'new', bReported: true },
  { step: 'verification: 500 until retries run out', method: 'GET', path: 'after-write', fault: { kind: 'status', status: 500 }, times: PERSISTENT, code: 1, b: 'new', bReported: false, message: /may hold the new value but could not be verified: repo:octo-org\/website/ }
]

describe('rotate-secret: a fault at every GitHub step keeps the invariant', () => {
  let fake: GithubFake
  const targets = 'repo:octo-org/deploy-app\nrepo:octo-org/website'
  const held = () => [fake.readSecret({ repo: 'deploy-app' }, NAME), fake.readSecret({ repo: 'website' }, NAME)]
  beforeAll(async () => {
    fake = await startGithubFake()
  })
  afterAll(() => fake.close())

  it.each(cases.map((c) => [c.step, c] as const))('%s', async (_step, c) => {
    fake.server.faults.clear()
    const old = await runRotation(fake, { source: 'random', secret_name: NAME, targets })
    expect(old.code).toBe(0)
    const [previous] = held()
    expect(held()).toEqual([previous, previous])
    if (!c.recent) fake.scope({ repo: 'website' }).get(NAME)!.updated_at = new Date(Date.now() - 86_400_000).toISOString()

    fake.server.log.clear()
    fake.server.faults.next(c.method, c.path === 'after-write' ? afterWrite(fake) : c.path, c.fault, c.times)
    const t = await runRotation(fake, { source: 'random', secret_name: NAME, targets })
    fake.server.faults.clear()
    expect(t.code).toBe(c.code)
    const [a, b] = held()
    expect(a).not.toBe(previous)
    expect(b).toBe(c.b === 'new' ? a : previous)
    expect(parseJson(t.outputs.updated_targets)).toEqual(c.bReported ? ['repo:octo-org/deploy-app', 'repo:octo-org/website'] : ['repo:octo-org/deploy-app'])
    if (c.message) expect(t.failures[0]).toMatch(c.message)
    if (c.code) expect(t.failures[0]).toMatch(/run again to converge/)
    expectNoLeak(t, [a!, previous!])

    const again = await runRotation(fake, { source: 'random', secret_name: NAME, targets })
    expect(again.code).toBe(0)
    const [a2, b2] = held()
    expect(a2).toBe(b2)
    expect(a2).not.toBe(a)
  })
})
