import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startGithubFake, type GithubFake } from '../../../../sandbox/github/index.js'
import { expectNoLeak, parseJson, runRotation } from './helpers.js'

const ENV = 'deploy/prod space'

describe('rotate-secret with random and value sources into GitHub targets', () => {
  let fake: GithubFake
  beforeAll(async () => {
    fake = await startGithubFake()
    fake.addEnvironment(ENV)
  })
  afterAll(() => fake.close())

  it('stores one random value in a repo, an environment named with a space and a slash, the org and Dependabot', async () => {
    const t = await runRotation(fake, {
      source: 'random',
      secret_name: 'SHARED_TOKEN',
      length: '48',
      charset: 'base64url',
      targets: `repo:octo-org/deploy-app\nenvironment:octo-org/deploy-app/${ENV}\norg:octo-org\ndependabot:octo-org/deploy-app`
    })
    expect(t.failures).toEqual([])
    expect(t.code).toBe(0)
    const value = fake.readSecret({}, 'SHARED_TOKEN')!
    expect(value).toMatch(/^[A-Za-z0-9_-]{48}$/)
    expect(fake.readSecret({ environment: ENV }, 'SHARED_TOKEN')).toBe(value)
    expect(fake.readSecret({ org: 'octo-org' }, 'SHARED_TOKEN')).toBe(value)
    expect(fake.readSecret({ dependabot: 'repo' }, 'SHARED_TOKEN')).toBe(value)
    expect(fake.scope({ org: 'octo-org' }).get('SHARED_TOKEN')!.visibility).toBe('private')
    expect(parseJson(t.outputs.updated_targets)).toEqual([
      'repo:octo-org/deploy-app',
      `environment:octo-org/deploy-app/${ENV}`,
      'org:octo-org',
      'dependabot:octo-org/deploy-app'
    ])
    expect(t.outputs.credential_id).toBe('')
    expect(parseJson(t.outputs.revoked_ids)).toEqual([])
    expect(Date.parse(t.outputs.rotated_at)).not.toBeNaN()
    expect(t.masked).toContain(value)
    expectNoLeak(t, [value, fake.token])
    expect(t.summary.text()).toMatch(/Secret rotation: SHARED_TOKEN/)
    expect(t.summary.text()).toContain('environment:octo-org/deploy-app/deploy/prod space')
    expect(t.summary.text()).toMatch(/holds the new value/)
    expect(fake.invalidRequests).toEqual([])
  })

  it('stores a given value and never shows it', async () => {
    const value = 'Given-Value-from-a-previous-step-7f3a'
    const t = await runRotation(fake, { source: 'value', secret_name: 'GIVEN', value }, { GITHUB_REPOSITORY: 'octo-org/deploy-app' })
    expect(t.code).toBe(0)
    expect(fake.readSecret({}, 'GIVEN')).toBe(value)
    expect(t.logger.text()).toMatch(/repo:octo-org\/deploy-app: created GIVEN/)
    expectNoLeak(t, [value])
  })

  it('dry run reads the targets but creates, writes and revokes nothing', async () => {
    fake.server.log.clear()
    const writesBefore = fake.server.ledger.count('secret-write')
    const t = await runRotation(fake, { source: 'random', secret_name: 'DRY', dry_run: 'true', targets: `repo:octo-org/deploy-app\nenvironment:octo-org/deploy-app/${ENV}` })
    expect(t.code).toBe(0)
    expect(fake.server.ledger.count('secret-write')).toBe(writesBefore)
    expect(fake.server.log.entries.filter((e) => e.method !== 'GET')).toEqual([])
    expect(fake.readSecret({}, 'DRY')).toBeUndefined()
    expect(t.outputs.rotated_at).toBe('')
    expect(parseJson(t.outputs.updated_targets)).toEqual([])
    expect(t.summary.text()).toMatch(/dry run/)
    expect(t.summary.text()).toMatch(/reachable \(dry run\)/)
  })

  it('dry run fails when a target cannot be reached', async () => {
    const t = await runRotation(fake, { source: 'random', secret_name: 'DRY', dry_run: 'true', targets: 'repo:octo-org/missing-repo' })
    expect(t.code).toBe(1)
    expect(t.failures[0]).toMatch(/rotate-secret failed: dry run: 1 of 1 targets cannot be written: repo:octo-org\/missing-repo \(GitHub answered 404/)
  })

  it('one org-level write for an org secret visible to selected repositories', async () => {
    fake.server.log.clear()
    const t = await runRotation(fake, {
      source: 'random',
      secret_name: 'ORG_SELECTED',
      targets: 'org:octo-org',
      selected_repositories: 'deploy-app\nwebsite'
    })
    expect(t.code).toBe(0)
    expect(fake.server.log.filter('PUT', /.*/)).toHaveLength(1)
    const stored = fake.scope({ org: 'octo-org' }).get('ORG_SELECTED')!
    expect(stored.visibility).toBe('selected')
    expect(stored.selected!.size).toBe(2)
  })

  it("refuses the workflow's GITHUB_TOKEN with a message that says which token to use, writing nothing", async () => {
    const writesBefore = fake.server.ledger.count('secret-write')
    const t = await runRotation(fake, { source: 'random', secret_name: 'WITH_WORKFLOW_TOKEN', github_token: fake.workflowToken, targets: 'repo:octo-org/deploy-app' }, { GITHUB_TOKEN: fake.workflowToken })
    expect(t.code).toBe(1)
    expect(t.failures).toHaveLength(1)
    expect(t.failures[0]).toMatch(/no target took the new value/)
    expect(t.failures[0]).toMatch(/This token cannot write secrets: it is the workflow's GITHUB_TOKEN, which has no 'secrets' permission/)
    expect(t.failures[0]).toMatch(/fine-grained personal access token or GitHub App token/)
    expect(t.failures[0]).not.toMatch(/\n\s+at /)
    expect(fake.server.ledger.count('secret-write')).toBe(writesBefore)
    expectNoLeak(t, [fake.workflowToken])
  })

  it('rejects configuration problems before touching GitHub', async () => {
    fake.server.log.clear()
    const t = await runRotation(fake, { source: 'random', secret_name: 'bad-name', targets: 'repo:octo-org/deploy-app' })
    expect(t.code).toBe(1)
    expect(t.failures[0]).toMatch(/rotate-secret failed: invalid configuration: input 'secret_name' may contain only letters, digits and underscores/)
    expect(fake.server.log.entries).toEqual([])
  })
})
