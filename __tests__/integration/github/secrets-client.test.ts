import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createGithubClient } from '../../../src/github/client.js'
import { tokenFacts } from '../../../src/github/errors.js'
import { GithubSecrets } from '../../../src/github/secrets-client.js'
import { parseTarget, type SecretTarget } from '../../../src/github/targets.js'
import { ApiError } from '../../../src/core/errors.js'
import { MemoryLogger } from '../../helpers/memory-logger.js'
import { startGithubFake, type GithubFake } from '../../../sandbox/github/index.js'
import { rejectionOf } from '../../helpers/rejection.js'

const privateOrg = { visibility: 'private' as const, selectedRepositories: [] }
const ENV = 'deploy/prod space'

function client(fake: GithubFake, token = fake.token, apiUrl = fake.apiUrl) {
  const logger = new MemoryLogger()
  const gh = createGithubClient({ token, apiUrl, logger, writeIntervalMs: 0, retryBaseMs: 1, retryAfterUnitMs: 1, timeoutMs: 5000 })
  return { secrets: new GithubSecrets(gh, tokenFacts(token, {}), logger), logger }
}

describe('GithubSecrets against the GitHub fake', () => {
  let fake: GithubFake
  beforeAll(async () => {
    fake = await startGithubFake()
    fake.addEnvironment(ENV)
  })
  afterAll(() => fake.close())

  it.each([
    ['repo', 'repo:octo-org/deploy-app', {}],
    ['environment (space and slash)', `environment:octo-org/deploy-app/${ENV}`, { environment: ENV }],
    ['org', 'org:octo-org', { org: 'octo-org' }],
    ['dependabot', 'dependabot:octo-org/deploy-app', { dependabot: 'repo' as const }]
  ])('%s: writes a sealed value that decrypts to the plaintext, then verifies it through updated_at', async (_kind, spec, scope) => {
    const { secrets } = client(fake)
    const target = parseTarget(spec, privateOrg)
    const value = `value for ${spec} ✓`
    const first = await secrets.write(target, 'DEPLOY_TOKEN', value)
    expect(first.created).toBe(true)
    expect(fake.readSecret(scope, 'DEPLOY_TOKEN')).toBe(value)
    const meta = await secrets.verify(target, 'DEPLOY_TOKEN', first.writtenAt)
    expect(meta.name).toBe('DEPLOY_TOKEN')
    const second = await secrets.write(target, 'DEPLOY_TOKEN', 'replaced')
    expect(second.created).toBe(false)
    expect(fake.readSecret(scope, 'DEPLOY_TOKEN')).toBe('replaced')
    expect(fake.invalidRequests).toEqual([])
  })

  it('percent-encodes the environment name in the path', async () => {
    const { secrets } = client(fake)
    fake.server.log.clear()
    await secrets.write(parseTarget(`environment:octo-org/deploy-app/${ENV}`, privateOrg), 'ENCODED', 'x-value')
    expect(fake.server.log.entries.map((e) => e.path)).toContain('/repos/octo-org/deploy-app/environments/deploy%2Fprod%20space/secrets/ENCODED')
  })

  it('reads each public key once per scope, however many writes', async () => {
    const { secrets } = client(fake)
    fake.server.log.clear()
    const target = parseTarget('repo:octo-org/deploy-app', privateOrg)
    await Promise.all(['A_ONE', 'A_TWO', 'A_THREE'].map((n) => secrets.write(target, n, 'v')))
    expect(fake.server.log.filter('GET', /\/public-key$/)).toHaveLength(1)
    expect(fake.server.log.filter('PUT', /\/actions\/secrets\/A_/)).toHaveLength(3)
  })

  it('reads the key again when GitHub rotated it after it was cached', async () => {
    const { secrets, logger } = client(fake)
    const target = parseTarget('repo:octo-org/deploy-app', privateOrg)
    await secrets.write(target, 'ROTATED_KEY', 'one')
    fake.scope({}).rotateKey()
    await secrets.write(target, 'ROTATED_KEY', 'two')
    expect(fake.readSecret({}, 'ROTATED_KEY')).toBe('two')
    expect(logger.text()).toMatch(/did not accept the public key/)
  })

  it('writes an org secret visible to selected repositories given by name, in one org-level write', async () => {
    const { secrets } = client(fake)
    fake.server.log.clear()
    const target = parseTarget('org:octo-org', { visibility: 'selected', selectedRepositories: ['website', 'octo-org/infrastructure'] })
    const res = await secrets.write(target, 'ORG_WIDE', 'shared')
    await secrets.verify(target, 'ORG_WIDE', res.writtenAt)
    const stored = fake.scope({ org: 'octo-org' }).get('ORG_WIDE')!
    expect(stored.visibility).toBe('selected')
    expect([...stored.selected!].sort()).toEqual([fake.store.repo('octo-org', 'website')!.id, fake.store.repo('octo-org', 'infrastructure')!.id].sort())
    expect(fake.server.log.filter('PUT', /.*/)).toHaveLength(1)
    expect(fake.invalidRequests).toEqual([])
  })

  it('verification fails when the secret is older than the write', async () => {
    const { secrets } = client(fake)
    const target = parseTarget('repo:octo-org/deploy-app', privateOrg)
    await secrets.write(target, 'STALE', 'v')
    const err = await rejectionOf(secrets.verify(target, 'STALE', Date.now() + 60_000))
    expect(err.message).toMatch(/STALE in repo:octo-org\/deploy-app was last updated at .*before this run wrote it/)
    const missing = await rejectionOf(secrets.verify(target, 'NEVER_WRITTEN', Date.now()))
    expect(missing.message).toMatch(/does not list secret NEVER_WRITTEN/)
  })

  it("refuses the workflow token with a message saying it cannot write secrets and which token to use", async () => {
    const { secrets } = client(fake, fake.workflowToken)
    const err = await rejectionOf(secrets.write(parseTarget('repo:octo-org/deploy-app', privateOrg), 'NOPE', 'v'))
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).status).toBe(403)
    expect(err.message).toMatch(/Resource not accessible by integration/)
    expect(err.message).toMatch(/This token cannot write secrets: .*GITHUB_TOKEN, which has no 'secrets' permission \(GitHub refused to let it read the public key for secrets\)/)
    expect(err.message).toMatch(/fine-grained personal access token or GitHub App token/)
  })

  it('says what to check for a repository that does not exist', async () => {
    const { secrets } = client(fake)
    const err = await rejectionOf(secrets.write(parseTarget('repo:octo-org/nope', privateOrg), 'X_NAME', 'v'))
    expect(err.message).toMatch(/GitHub answered 404 to GET .*\/repos\/octo-org\/nope\/actions\/secrets\/public-key: Not Found/)
    expect(err.message).toMatch(/GitHub found no such repository, or the token cannot see it/)
    const org = await rejectionOf(secrets.write(parseTarget('org:no-such-org', privateOrg), 'X_NAME', 'v'))
    expect(org.message).toMatch(/GitHub found no such organization, or the token cannot see it/)
    const env = await rejectionOf(secrets.write(parseTarget('environment:octo-org/deploy-app/staging', privateOrg), 'X_NAME', 'v'))
    expect(env.message).toMatch(/GitHub found no such repository or environment/)
  })
})

describe('GithubSecrets on GitHub Enterprise Server', () => {
  let fake: GithubFake
  beforeAll(async () => {
    fake = await startGithubFake({ ghes: true })
  })
  afterAll(() => fake.close())

  it('uses the /api/v3 root from GITHUB_API_URL', async () => {
    expect(fake.apiUrl).toMatch(/\/api\/v3$/)
    const { secrets } = client(fake, fake.token, `${fake.apiUrl}/`)
    const target: SecretTarget = parseTarget('repo:octo-org/deploy-app', privateOrg)
    const res = await secrets.write(target, 'GHES_SECRET', 'on-prem')
    await secrets.verify(target, 'GHES_SECRET', res.writtenAt)
    expect(fake.readSecret({}, 'GHES_SECRET')).toBe('on-prem')
    expect(fake.server.log.entries.every((e) => e.path.startsWith('/api/v3/'))).toBe(true)
    expect(fake.invalidRequests).toEqual([])
  })
})
