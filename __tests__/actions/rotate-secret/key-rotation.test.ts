/**
 * End to end (the built bundle, as the runner runs it): GitHub rotates the public key of a repository, an environment
 * and an organization between the action's key read and its secret write. GitHub answers the write with its 422
 * ("improperly encrypted secret"); the action reads the key again and writes once more, so every target ends with
 * the new value after exactly one stored write (the fake's ledger counts them).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { join, resolve } from 'node:path'
import { startGithubFake, type GithubFake } from '../../../sandbox/github/index.js'
import { runBundle, visibleLog } from '../../helpers/run-bundle.js'
import { runnerFiles } from '../../helpers/runner-env.js'
import { leakForms } from '../../helpers/test-context.js'

const bundle = join(resolve(import.meta.dirname, '../../..'), 'dist/rotate-secret/index.js')
const ENV = 'production'
const NAME = 'ROTATED_KEY_TOKEN'

describe('rotate-secret when GitHub rotates a public key between the key read and the write', () => {
  let fake: GithubFake
  beforeAll(async () => {
    fake = await startGithubFake()
    fake.addEnvironment(ENV)
  })
  afterAll(() => fake.close())

  it('reads the key again and writes each target once', async () => {
    const scopes = [{}, { environment: ENV }, { org: fake.org }] as const
    for (const s of scopes) fake.scope(s).rotateAfterNextRead(1)
    const staleKeys = scopes.map((s) => fake.scope(s).key.keyId)
    fake.server.log.clear()
    fake.server.ledger.clear()

    const runner = runnerFiles({
      source: 'random',
      secret_name: NAME,
      targets: `repo:${fake.owner}/${fake.repo}\nenvironment:${fake.owner}/${fake.repo}/${ENV}\norg:${fake.org}`,
      github_token: fake.token
    })
    const res = await runBundle(process.execPath, bundle, { ...runner.env, GITHUB_API_URL: fake.apiUrl, GITHUB_REPOSITORY: `${fake.owner}/${fake.repo}` })
    const log = visibleLog(res)
    expect(log).not.toMatch(/::error::/)
    expect(res.code).toBe(0)

    const value = fake.readSecret({}, NAME)!
    expect(value).toBeTruthy()
    for (const s of scopes) expect(fake.readSecret(s, NAME)).toBe(value)
    // Each scope: the stale key was answered once, then the fresh one; one refused write and one stored write.
    const keyReads = fake.server.log.filter('GET', /\/public-key$/)
    expect(keyReads).toHaveLength(2 * scopes.length)
    const puts = fake.server.log.filter('PUT', new RegExp(`/secrets/${NAME}$`))
    expect(puts.map((p) => p.status).sort()).toEqual([201, 201, 201, 422, 422, 422])
    const refusedKeys = puts.filter((p) => p.status === 422).map((p) => (p.body as { key_id: string }).key_id)
    expect(refusedKeys.sort()).toEqual([...staleKeys].sort())
    const writes = fake.server.ledger.of('secret-write')
    expect(writes).toHaveLength(scopes.length)
    expect(fake.server.ledger.duplicates('secret-write')).toEqual([])
    expect(JSON.parse(runner.outputs().updated_targets)).toHaveLength(scopes.length)
    expect(log).toMatch(/did not accept the public key of repo:octo-org\/deploy-app \(Bad request - validation failed due to an improperly encrypted secret\); reading it again/)
    for (const form of leakForms(value)) expect(log).not.toContain(form)
    expect(fake.invalidRequests).toEqual([])
  })
})
