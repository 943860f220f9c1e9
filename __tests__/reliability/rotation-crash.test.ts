/**
 * Rotation crash-consistency through the BUILT rotate-secret bundle: an Octopus API key (source octopus_api_key)
 * rotated into two repository secrets, with the workflow connecting with the key it holds (as a scheduled
 * rotation does). The rotation is stopped at every step boundary in turn (a failure injected at that step) and the
 * invariant of issue 10 is checked after each: no target holds a credential that does not work; a failure before
 * any target is written changes nothing (the new key is revoked, the targets keep the old one); after some targets
 * the old key still works; and a re-run without the failure converges (every target holds one new key that works,
 * every other managed key is revoked). No key may show in what a user sees.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Fault } from '../../sandbox/common/index.js'
import { startGithubFake, type GithubFake } from '../../sandbox/github/index.js'
import { octopusStatusFault, startOctopusFake, type OctopusFake } from '../../sandbox/octopus/index.js'
import { runnerFiles } from '../helpers/runner-env.js'
import { errorLines, hasBundle, runBundle, STACK_FRAME, visibleLog } from './helpers/bundle-run.js'
import { scanRun } from './helpers/leaks.js'
import { failFromNth } from './helpers/nth-fault.js'

const ADMIN_KEY = 'API-CRASHCONSISTENCYADMIN7Q4'
const NAME = 'OCTOPUS_ROTATED_KEY'
const githubFault: Fault = { kind: 'status', status: 400, body: { message: 'injected failure', documentation_url: 'https://docs.github.com/rest' } }

interface Step {
  step: string
  server: 'octopus' | 'github'
  method: string
  path: RegExp
  /** The first matching request that fails (later ones fail too). */
  nth: number
  fault: Fault
  /** The step comes before any target is written: the run must change nothing. */
  beforeTargets: boolean
  /** What the failure message must say, proving the run stopped at this step. */
  says: RegExp
}

const secretPath = (repo: string) => new RegExp(`/repos/octo-org/${repo}/actions/secrets/${NAME}$`)
const STEPS: Step[] = [
  { step: 'create the new key', server: 'octopus', method: 'POST', path: /\/api\/users\/[^/]+\/apikeys$/, nth: 1, fault: octopusStatusFault(400), beforeTargets: true, says: /POST .*apikeys/ },
  { step: 'verify the new key', server: 'octopus', method: 'GET', path: /\/api\/users\/me$/, nth: 2, fault: octopusStatusFault(401), beforeTargets: true, says: /new .*does not work/ },
  { step: 'read the first target public key', server: 'github', method: 'GET', path: /\/repos\/octo-org\/deploy-app\/actions\/secrets\/public-key$/, nth: 1, fault: githubFault, beforeTargets: false, says: /repo:octo-org\/deploy-app/ },
  { step: 'write the first target', server: 'github', method: 'PUT', path: secretPath('deploy-app'), nth: 1, fault: githubFault, beforeTargets: false, says: /not updated: repo:octo-org\/deploy-app/ },
  { step: 'write the second target', server: 'github', method: 'PUT', path: secretPath('website'), nth: 1, fault: githubFault, beforeTargets: false, says: /not updated: repo:octo-org\/website/ },
  { step: 'verify the second target', server: 'github', method: 'GET', path: secretPath('website'), nth: 2, fault: githubFault, beforeTargets: false, says: /repo:octo-org\/website/ },
  { step: 'list the older keys', server: 'octopus', method: 'GET', path: /\/api\/users\/[^/]+\/apikeys$/, nth: 1, fault: octopusStatusFault(400), beforeTargets: false, says: /listing the older/ },
  { step: 'revoke the old key', server: 'octopus', method: 'DELETE', path: /\/api\/users\/[^/]+\/apikeys\/[^/]+$/, nth: 1, fault: octopusStatusFault(400), beforeTargets: false, says: /revoking 1 previous/ }
]

let octo: OctopusFake
let gh: GithubFake
const repos = ['octo-org/deploy-app', 'octo-org/website']
beforeAll(async () => {
  ;[octo, gh] = await Promise.all([startOctopusFake({ apiKey: ADMIN_KEY }), startGithubFake({ owner: 'octo-org', repo: 'deploy-app' })])
})
afterAll(() => Promise.all([octo.close(), gh.close()]))

const stored = () => repos.map((repo) => gh.readSecret({ repo }, NAME))
const works = async (key: string) => (await fetch(`${octo.url}/api/users/me`, { headers: { 'X-Octopus-ApiKey': key } })).status === 200
const aliveManaged = () => octo.store.apiKeys.filter((k) => !k.Revoked && k.Purpose.includes(NAME)).map((k) => k.Id)

/** One run of the bundle as a scheduled rotation: connecting with the key the first target holds (or the admin key). */
async function rotate() {
  const runner = runnerFiles({
    source: 'octopus_api_key',
    server: octo.url,
    api_key: stored()[0] ?? ADMIN_KEY,
    secret_name: NAME,
    targets: repos.map((r) => `repo:${r}`).join('\n'),
    github_token: gh.token,
    github_api_url: gh.apiUrl
  })
  const res = await runBundle('rotate-secret', runner.env, 60_000)
  return { res, runner }
}

async function expectConverged(): Promise<string> {
  const values = stored()
  expect(new Set(values).size).toBe(1)
  expect(await works(values[0]!)).toBe(true)
  const alive = aliveManaged()
  expect(alive).toHaveLength(1)
  return values[0]!
}

describe('rotate-secret bundle stopped at every step boundary', () => {
  const bundled = hasBundle('rotate-secret')
  ;(bundled ? it : it.skip)('a first rotation stores a managed key in both targets', async () => {
    const { res } = await rotate()
    expect(res.code === 0 ? 'ok' : visibleLog(res).slice(-1200)).toBe('ok')
    await expectConverged()
  }, 60_000)

  ;(bundled ? it.each : it.skip.each)(STEPS.map((s) => [s.step, s] as const))('failure at "%s": invariant holds, a re-run converges', async (_l, s) => {
    const old = stored()[0]!
    const before = stored()
    const server = s.server === 'octopus' ? octo.server : gh.server
    const injected = failFromNth(server, s.method, s.path, s.nth, s.fault)
    const { res, runner } = await rotate().finally(() => injected.restore())
    expect(injected.hits()).toBeGreaterThan(0)

    // The run fails cleanly at that step.
    expect(res.code).toBe(1)
    // Per-target failures are annotated too; the step's failure is the last error line.
    const failure = errorLines(res).pop() ?? ''
    expect(failure).toMatch(/^rotate-secret failed: /)
    expect(failure.slice(0, 600)).toMatch(s.says)
    expect(STACK_FRAME.test(visibleLog(res))).toBe(false)
    const now = stored()
    expect(scanRun(res, runner, [ADMIN_KEY, old, ...now.filter((v): v is string => !!v)])).toEqual([])

    // No target holds a credential that does not work.
    for (const v of now) expect(await works(v!)).toBe(true)
    // The old key still works whatever step failed (the rotation never got to revoke it, or revoking it failed).
    expect(await works(old)).toBe(true)
    if (s.beforeTargets) {
      // Before any target was written nothing changed: the targets keep the old key, the new one was revoked.
      expect(now).toEqual(before)
      expect(aliveManaged()).toHaveLength(1)
    }
    // A re-run converges: one new key everywhere, the old one revoked.
    const again = await rotate()
    expect(again.res.code === 0 ? 'ok' : visibleLog(again.res).slice(-1200)).toBe('ok')
    const key = await expectConverged()
    expect(key).not.toBe(old)
    expect(await works(old)).toBe(false)
  }, 90_000)
})
