/**
 * rotate-secret with the octopus_api_key source against the Octopus and GitHub fakes: the stored value decrypts to
 * the new key, which authenticates; older managed keys are revoked (keep_previous), the hand-made bootstrap key
 * never is; dry run creates nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startGithubFake, type GithubFake } from '../../../../sandbox/github/index.js'
import { startOctopusFake, type OctopusFake } from '../../../../sandbox/octopus/index.js'
import { expectNoLeak, parseJson, runRotation } from './helpers.js'

const NAME = 'OCTOPUS_API_KEY'
const ENV = 'deploy/prod space'
const MARKER = `rotate-secret:${NAME}@repo:octo-org/deploy-app`

describe('rotate-secret: octopus_api_key', () => {
  let gh: GithubFake
  let octo: OctopusFake
  const authenticates = async (key: string | undefined) =>
    (await fetch(`${octo.url}/api/users/me`, { headers: { 'X-Octopus-ApiKey': key ?? '' } })).status === 200
  const liveManaged = () => octo.store.apiKeys.filter((k) => !k.Revoked && k.Purpose.startsWith(MARKER))
  const rotateWith = (apiKey: string, extra: Record<string, string> = {}) =>
    runRotation(gh, {
      source: 'octopus_api_key',
      secret_name: NAME,
      targets: `repo:octo-org/deploy-app\nenvironment:octo-org/deploy-app/${ENV}`,
      server: `${octo.url}/api`,
      api_key: apiKey,
      ...extra
    })

  beforeAll(async () => {
    gh = await startGithubFake()
    gh.addEnvironment(ENV)
    octo = await startOctopusFake()
  })
  afterAll(async () => {
    await gh.close()
    await octo.close()
  })

  it('first rotation from the bootstrap key: a new labelled key that authenticates, stored in every target; the unmanaged key stays', async () => {
    const t = await rotateWith(octo.apiKey, { expires_in_days: '30' })
    expect(t.failures).toEqual([])
    expect(t.code).toBe(0)
    const stored = gh.readSecret({}, NAME)!
    expect(stored).toMatch(/^API-[A-Z0-9]+$/)
    expect(gh.readSecret({ environment: ENV }, NAME)).toBe(stored)
    expect(await authenticates(stored)).toBe(true)
    const created = octo.store.apiKeys.find((k) => k.Key === stored)!
    expect(t.outputs.credential_id).toBe(created.Id)
    expect(created.Purpose.startsWith(`${MARKER} `)).toBe(true)
    expect(Math.abs(Date.parse(created.Expires!) - Date.parse(created.Created) - 30 * 86_400_000)).toBeLessThan(60_000)
    expect(parseJson(t.outputs.revoked_ids)).toEqual([])
    expect(await authenticates(octo.apiKey)).toBe(true)
    expectNoLeak(t, [stored, octo.apiKey])
    expect(t.summary.text()).toContain(created.Id)
  })

  it('second rotation connects with the stored key, switches to the new one and revokes the old (the connection key)', async () => {
    const previous = gh.readSecret({}, NAME)!
    const previousId = octo.store.apiKeys.find((k) => k.Key === previous)!.Id
    const t = await rotateWith(previous)
    expect(t.failures).toEqual([])
    const stored = gh.readSecret({}, NAME)!
    expect(stored).not.toBe(previous)
    expect(await authenticates(stored)).toBe(true)
    expect(await authenticates(previous)).toBe(false)
    expect(parseJson(t.outputs.revoked_ids)).toEqual([previousId])
    expect(liveManaged().map((k) => k.Key)).toEqual([stored])
    expect(octo.server.log.filter('DELETE', new RegExp(`/apikeys/${previousId}$`))).toHaveLength(1)
    expect(t.summary.text()).toMatch(/Revoked: <code>apikeys-/)
    expectNoLeak(t, [stored, previous])
  })

  it('keep_previous keeps the newest older keys', async () => {
    const a = gh.readSecret({}, NAME)!
    const t1 = await rotateWith(a, { keep_previous: '1' })
    expect(parseJson(t1.outputs.revoked_ids)).toEqual([])
    const b = gh.readSecret({}, NAME)!
    const t2 = await rotateWith(b, { keep_previous: '1' })
    const c = gh.readSecret({}, NAME)!
    expect(parseJson(t2.outputs.revoked_ids)).toEqual([octo.store.apiKeys.find((k) => k.Key === a)!.Id])
    expect(await authenticates(a)).toBe(false)
    expect(await authenticates(b)).toBe(true)
    expect(liveManaged().map((k) => k.Key).sort()).toEqual([b, c].sort())
    expect(t2.summary.text()).toMatch(/Kept \(keep_previous\)/)
  })

  it('revoke_previous: false revokes nothing', async () => {
    const before = liveManaged().length
    const t = await rotateWith(gh.readSecret({}, NAME)!, { revoke_previous: 'false' })
    expect(t.code).toBe(0)
    expect(parseJson(t.outputs.revoked_ids)).toEqual([])
    expect(liveManaged()).toHaveLength(before + 1)
  })

  it('after switching to the new key it can revoke the connection key first and then the others', async () => {
    // Two older managed keys are live (the previous test kept them); the connection uses the newest, which is
    // revoked first: the next DELETE only succeeds because it is sent with the new key.
    const older = liveManaged()
    expect(older.length).toBeGreaterThanOrEqual(2)
    const connection = gh.readSecret({}, NAME)!
    const t = await rotateWith(connection)
    expect(t.failures).toEqual([])
    const revoked = parseJson(t.outputs.revoked_ids) as string[]
    expect(revoked[0]).toBe(octo.store.apiKeys.find((k) => k.Key === connection)!.Id)
    expect(revoked.sort()).toEqual(older.map((k) => k.Id).sort())
    expect(liveManaged().map((k) => k.Key)).toEqual([gh.readSecret({}, NAME)])
  })

  it('dry run creates, writes and revokes nothing, and says what it would revoke', async () => {
    const keys = octo.store.apiKeys.length
    const stored = gh.readSecret({}, NAME)
    const writes = gh.server.ledger.count('secret-write')
    octo.server.log.clear()
    const t = await rotateWith(stored!, { dry_run: 'true' })
    expect(t.code).toBe(0)
    expect(octo.store.apiKeys).toHaveLength(keys)
    expect(gh.server.ledger.count('secret-write')).toBe(writes)
    expect(gh.readSecret({}, NAME)).toBe(stored)
    expect(octo.server.log.entries.filter((e) => e.method !== 'GET')).toEqual([])
    expect(t.summary.text()).toMatch(/Would revoke: <code>apikeys-/)
    expect(parseJson(t.outputs.revoked_ids)).toEqual([])
  })

  it('reports configuration problems of the Octopus connection only for this source', async () => {
    const t = await runRotation(gh, { source: 'octopus_api_key', secret_name: NAME, targets: 'repo:octo-org/deploy-app' })
    expect(t.code).toBe(1)
    expect(t.failures[0]).toMatch(/'server' \(or the OCTOPUS_URL environment variable\) is required/)
    expect(t.failures[0]).toMatch(/an Octopus credential is required/)
    expect(t.failures[0]).not.toMatch(/GOCD/)
  })
})
