/**
 * rotate-secret with the gocd_access_token source against the GoCD and GitHub fakes: the stored value decrypts to
 * the new token, which authenticates as a bearer token; older managed tokens are revoked; a lost create answer
 * leaves no unknown live token.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startGithubFake, type GithubFake } from '../../../../sandbox/github/index.js'
import { startGocdFake, type GocdFake } from '../../../../sandbox/gocd/index.js'
import { expectNoLeak, parseJson, pathAfter, runRotation } from './helpers.js'

const NAME = 'GOCD_TOKEN'
const MARKER = `rotate-secret:${NAME}@repo:octo-org/deploy-app`
const ACCEPT = 'application/vnd.go.cd.v1+json'

interface Token {
  id: number
  description: string
  revoked: boolean
}

describe('rotate-secret: gocd_access_token', () => {
  let gh: GithubFake
  let gocd: GocdFake
  const basic = () => `Basic ${Buffer.from(`${gocd.username}:${gocd.password}`).toString('base64')}`
  const authenticates = async (token: string | undefined) =>
    (await fetch(`${gocd.goUrl}/api/current_user`, { headers: { Accept: ACCEPT, Authorization: `Bearer ${token}` } })).status === 200
  const tokens = async (): Promise<Token[]> => {
    const res = await fetch(`${gocd.goUrl}/api/current_user/access_tokens?filter=all`, { headers: { Accept: ACCEPT, Authorization: basic() } })
    return ((await res.json()) as { _embedded: { access_tokens: Token[] } })._embedded.access_tokens
  }
  const liveManaged = async () => (await tokens()).filter((t) => !t.revoked && t.description.startsWith(MARKER))
  const rotate = (extra: Record<string, string> = {}) =>
    runRotation(gh, { source: 'gocd_access_token', secret_name: NAME, targets: 'repo:octo-org/deploy-app', server: gocd.url, username: gocd.username, password: gocd.password, ...extra })

  beforeAll(async () => {
    gh = await startGithubFake()
    gocd = await startGocdFake({ speed: 0 })
  })
  afterAll(async () => {
    await gh.close()
    await gocd.close()
  })

  it('creates a labelled token that authenticates and stores it; the hand-made token stays', async () => {
    const t = await rotate()
    expect(t.failures).toEqual([])
    const stored = gh.readSecret({}, NAME)!
    expect(stored).toMatch(/^[0-9a-f]{40}$/)
    expect(await authenticates(stored)).toBe(true)
    const managed = await liveManaged()
    expect(managed.map((x) => String(x.id))).toEqual([t.outputs.credential_id])
    expect(await authenticates(gocd.token)).toBe(true)
    expect(parseJson(t.outputs.revoked_ids)).toEqual([])
    expectNoLeak(t, [stored, gocd.password])
  })

  it('the next rotation revokes the previous token, which then stops working; keep_previous keeps the newest', async () => {
    const first = gh.readSecret({}, NAME)!
    const firstId = (await liveManaged())[0].id
    const t = await rotate()
    const second = gh.readSecret({}, NAME)!
    expect(parseJson(t.outputs.revoked_ids)).toEqual([String(firstId)])
    expect(await authenticates(first)).toBe(false)
    expect(await authenticates(second)).toBe(true)

    const kept = await rotate({ keep_previous: '1' })
    expect(parseJson(kept.outputs.revoked_ids)).toEqual([])
    expect(await authenticates(second)).toBe(true)
    const third = gh.readSecret({}, NAME)!
    const again = await rotate({ keep_previous: '1' })
    expect(await authenticates(second)).toBe(false)
    expect(await authenticates(third)).toBe(true)
    // Created in the same (frozen) second: the newer id wins the tie.
    expect((await liveManaged()).map((x) => String(x.id))).toEqual([kept.outputs.credential_id, again.outputs.credential_id])
  })

  it('a lost answer to the create is reconciled: the orphan is revoked and one new token is stored', async () => {
    const before = (await tokens()).length
    gocd.server.faults.next('POST', '/go/api/current_user/access_tokens', { kind: 'lost-response' })
    const t = await rotate()
    expect(t.failures).toEqual([])
    expect(t.logger.text()).toMatch(/GoCD created access token \d+ but its answer was lost; revoking it/)
    const all = await tokens()
    expect(all).toHaveLength(before + 2)
    const [orphan, created] = all.slice(-2)
    expect(orphan.revoked).toBe(true)
    expect(String(created.id)).toBe(t.outputs.credential_id)
    expect(await authenticates(gh.readSecret({}, NAME))).toBe(true)
    expect(await liveManaged()).toHaveLength(1)
  })

  it('a new token that does not authenticate is revoked again and no target changes', async () => {
    const stored = gh.readSecret({}, NAME)!
    const me = /^\/go\/api\/current_user$/
    gocd.server.faults.add({
      method: 'GET',
      path: pathAfter(gocd.server.log, me, { method: 'POST', path: /^\/go\/api\/current_user\/access_tokens$/, status: [200] }),
      fault: { kind: 'status', status: 401, body: { message: 'Invalid Personal Access Token.' } },
      times: 20
    })
    gocd.server.log.clear()
    const t = await rotate()
    gocd.server.faults.clear()
    expect(t.code).toBe(1)
    expect(t.failures[0]).toMatch(/the new GoCD access token does not work: GoCD answered 401 to GET .*current_user: Invalid Personal Access Token\.[\s\S]*the new GoCD access token \d+ was revoked and no target was changed/)
    expect(gh.readSecret({}, NAME)).toBe(stored)
    expect(await authenticates(stored)).toBe(true)
    expect((await tokens()).find((x) => String(x.id) === t.outputs.credential_id)!.revoked).toBe(true)
  })

  it('a failed revocation keeps the old token working and says to run again', async () => {
    const stored = gh.readSecret({}, NAME)!
    gocd.server.faults.next('POST', /\/revoke$/, { kind: 'status', status: 500, body: { message: 'boom' } }, 20)
    const t = await rotate()
    gocd.server.faults.clear()
    expect(t.code).toBe(1)
    expect(t.failures[0]).toMatch(/every target holds the new value, but revoking 1 previous GoCD access token\(s\) failed: \d+: GoCD answered 500 .*boom[\s\S]*Run again to retry/)
    expect(await authenticates(stored)).toBe(true)
    expect(await authenticates(gh.readSecret({}, NAME))).toBe(true)
    const again = await rotate()
    expect(again.code).toBe(0)
    expect(await authenticates(stored)).toBe(false)
    expect(await liveManaged()).toHaveLength(1)
  })

  it('dry run signs in with the password, lists what it would revoke, and creates nothing', async () => {
    const before = await tokens()
    const stored = gh.readSecret({}, NAME)
    const t = await rotate({ dry_run: 'true' })
    expect(t.code).toBe(0)
    expect(await tokens()).toEqual(before)
    expect(gh.readSecret({}, NAME)).toBe(stored)
    const live = (await liveManaged()).map((x) => String(x.id))
    expect(t.summary.text()).toContain(`Would revoke: ${live.map((id) => `<code>${id}</code>`).join(', ')}`)
  })
})
