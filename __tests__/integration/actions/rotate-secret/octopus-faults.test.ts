/**
 * A fault injected at every step of an Octopus API key rotation in turn (connect, create, verify, public keys,
 * writes, target verification, listing and revoking older keys). After each: the key in every target still
 * authenticates, the outputs name exactly the targets holding the new key, a run that changed no target revoked its
 * new key, a partly done run kept the old key alive; then a clean re-run converges to one live managed key in all
 * targets.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Fault } from '../../../../sandbox/common/index.js'
import { startGithubFake, type GithubFake } from '../../../../sandbox/github/index.js'
import { octopusStatusFault, startOctopusFake, type OctopusFake } from '../../../../sandbox/octopus/index.js'
import { expectNoLeak, parseJson, pathAfter, runRotation } from './helpers.js'

const NAME = 'OCTOPUS_API_KEY'
const ENV = 'production eu/blue'
const MARKER = `rotate-secret:${NAME}@repo:octo-org/deploy-app`
const A = 'repo:octo-org/deploy-app'
const B = `environment:octo-org/deploy-app/${ENV}`
const B_PATH = '/repos/octo-org/deploy-app/environments/production%20eu%2Fblue/secrets'
const KEYS = /^\/api\/users\/Users-1\/apikeys$/
const ME = /^\/api\/users\/me$/
const MANY = 50

type Server = 'octopus' | 'github'
interface Step {
  step: string
  server: Server
  method: string
  path: RegExp | ((gh: GithubFake, octo: OctopusFake) => RegExp)
  fault: Fault
  times: number
  code: 0 | 1
  /** Which targets hold the new key afterwards. */
  holdNew: ('A' | 'B')[]
  /** Which targets are reported (verified) in updated_targets. */
  reported: ('A' | 'B')[]
  message?: RegExp
}

const s500 = octopusStatusFault(500)
const g500: Fault = { kind: 'status', status: 500 }
const steps: Step[] = [
  { step: 'connect: reading the current user fails', server: 'octopus', method: 'GET', path: ME, fault: s500, times: MANY, code: 1, holdNew: [], reported: [], message: /creating the new Octopus API key failed: Octopus answered 500 to GET .*\/api\/users\/me[\s\S]*Nothing was changed/ },
  { step: 'create: 500 on every attempt', server: 'octopus', method: 'POST', path: KEYS, fault: s500, times: MANY, code: 1, holdNew: [], reported: [], message: /Octopus answered 500 to POST/ },
  { step: 'create: the answer is lost once (the orphan is revoked, another created)', server: 'octopus', method: 'POST', path: KEYS, fault: { kind: 'lost-response' }, times: 1, code: 0, holdNew: ['A', 'B'], reported: ['A', 'B'] },
  { step: 'verify: the new key is refused', server: 'octopus', method: 'GET', path: (_g, o) => pathAfter(o.server.log, ME, { method: 'POST', path: KEYS, status: [200] }), fault: { kind: 'status', status: 401, body: { ErrorMessage: 'The API key you provided was not valid.' } }, times: MANY, code: 1, holdNew: [], reported: [], message: /the new Octopus API key does not work: Octopus answered 401[\s\S]*; the new Octopus API key apikeys-\S+ was revoked and no target was changed/ },
  { step: 'public keys: every read fails', server: 'github', method: 'GET', path: /\/public-key$/, fault: g500, times: MANY, code: 1, holdNew: [], reported: [], message: /no target took the new value: [\s\S]*; the new Octopus API key apikeys-\S+ was revoked and no target was changed/ },
  { step: 'write: the environment target fails', server: 'github', method: 'PUT', path: new RegExp(`^${B_PATH}/${NAME}$`), fault: g500, times: MANY, code: 1, holdNew: ['A'], reported: ['A'], message: /1 of 2 targets hold the new value .*not updated: environment:octo-org\/deploy-app\/production eu\/blue/ },
  { step: 'target verification: the environment secret cannot be read back', server: 'github', method: 'GET', path: (g) => pathAfter(g.server.log, new RegExp(`^${B_PATH}/${NAME}$`), { method: 'PUT', path: new RegExp(`^${B_PATH}/`), status: [201, 204] }), fault: g500, times: MANY, code: 1, holdNew: ['A', 'B'], reported: ['A'], message: /may hold the new value but could not be verified/ },
  { step: 'revocation: listing the older keys fails', server: 'octopus', method: 'GET', path: KEYS, fault: s500, times: MANY, code: 1, holdNew: ['A', 'B'], reported: ['A', 'B'], message: /every target holds the new value, but listing the older Octopus API keys to revoke failed/ },
  { step: 'revocation: deleting the old key fails', server: 'octopus', method: 'DELETE', path: /\/apikeys\/apikeys-/, fault: s500, times: MANY, code: 1, holdNew: ['A', 'B'], reported: ['A', 'B'], message: /every target holds the new value, but revoking 1 previous Octopus API key\(s\) failed/ },
  { step: 'revocation: the delete answer is lost once (the retry finds it gone)', server: 'octopus', method: 'DELETE', path: /\/apikeys\/apikeys-/, fault: { kind: 'lost-response' }, times: 1, code: 0, holdNew: ['A', 'B'], reported: ['A', 'B'] }
]

describe('rotate-secret: a fault at every step of an Octopus key rotation keeps the invariant', () => {
  let gh: GithubFake
  let octo: OctopusFake
  const held = () => ({ A: gh.readSecret({}, NAME)!, B: gh.readSecret({ environment: ENV }, NAME)! })
  const works = async (key: string) => (await fetch(`${octo.url}/api/users/me`, { headers: { 'X-Octopus-ApiKey': key } })).status === 200
  const liveManaged = () => octo.store.apiKeys.filter((k) => !k.Revoked && k.Purpose.startsWith(MARKER))
  const rotate = (apiKey: string) => runRotation(gh, { source: 'octopus_api_key', secret_name: NAME, targets: `${A}\n${B}`, server: octo.url, api_key: apiKey })

  beforeAll(async () => {
    gh = await startGithubFake()
    gh.addEnvironment(ENV)
    octo = await startOctopusFake()
    const first = await rotate(octo.apiKey)
    expect(first.code).toBe(0)
  })
  afterAll(async () => {
    await gh.close()
    await octo.close()
  })

  it.each(steps.map((s) => [s.step, s] as const))('%s', async (_name, s) => {
    const old = held()
    expect(old.A).toBe(old.B)
    expect(liveManaged().map((k) => k.Key)).toEqual([old.A])
    const server = s.server === 'octopus' ? octo.server : gh.server
    // The previous rotation was a month ago: a write that did not land leaves updated_at visibly unchanged.
    const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString()
    gh.scope({}).get(NAME)!.updated_at = monthAgo
    gh.scope({ environment: ENV }).get(NAME)!.updated_at = monthAgo
    server.log.clear()
    server.faults.next(s.method, typeof s.path === 'function' ? s.path(gh, octo) : s.path, s.fault, s.times)
    const t = await rotate(old.A)
    server.faults.clear()

    expect(t.code).toBe(s.code)
    if (s.message) expect(t.failures[0]).toMatch(s.message)
    const now = held()
    const created = octo.store.apiKeys.find((k) => k.Id === t.outputs.credential_id)
    for (const target of ['A', 'B'] as const) {
      // Never a target holding a key that does not work.
      expect(await works(now[target])).toBe(true)
      expect(now[target]).toBe(s.holdNew.includes(target) ? created!.Key : old.A)
    }
    expect(parseJson(t.outputs.updated_targets)).toEqual(s.reported.map((x) => (x === 'A' ? A : B)))
    const live = liveManaged().map((k) => k.Key)
    if (!s.holdNew.length) expect(live).toEqual([old.A])
    else if (s.code === 1) expect(live.sort()).toEqual([old.A, created!.Key].sort())
    else expect(live).toEqual([created!.Key])
    expectNoLeak(t, [old.A, ...(created ? [created.Key] : [])])

    const again = await rotate(now.A)
    expect(again.failures).toEqual([])
    const converged = held()
    expect(converged.A).toBe(converged.B)
    expect(await works(converged.A)).toBe(true)
    expect(liveManaged().map((k) => k.Key)).toEqual([converged.A])
  })
})
