/**
 * End to end: the committed bundle run as the runner runs it (a child process, INPUT_* variables, file commands)
 * under this Node and Node 24, against the GitHub fake.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startGithubFake, type GithubFake } from '../../../sandbox/github/index.js'
import { startOctopusFake } from '../../../sandbox/octopus/index.js'
import { nodeBinaries } from '../../helpers/node-versions.js'
import { runBundle, visibleLog } from '../../helpers/run-bundle.js'
import { runnerEnv } from '../../../tools/workflow-runner/runner-env.js'
import { leakForms } from '../../helpers/test-context.js'
import { bundlePath } from '../../helpers/repo.js'

const bundle = bundlePath('rotate-secret')


/** The bundle in a child process; stdout and stderr together, as the job log shows them. */
async function runNode(node: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string }> {
  const r = await runBundle(node, bundle, env)
  return { code: r.code, stdout: r.stdout + r.stderr }
}

const ENV = 'deploy/prod space'

describe('the rotate-secret bundle end to end', () => {
  let fake: GithubFake
  beforeAll(async () => {
    fake = await startGithubFake()
    fake.addEnvironment(ENV)
  })
  afterAll(() => fake.close())

  it.each(nodeBinaries().map((n) => [n.label, n.path] as const))('rotates a random value into two targets under %s', async (_label, node) => {
    const runner = runnerEnv({ inputs: {
      source: 'random',
      secret_name: 'E2E_TOKEN',
      targets: `octo-org/deploy-app\nenvironment:octo-org/deploy-app/${ENV}`,
      github_token: fake.token,
      revoke_previous: 'true',
      keep_previous: '0',
      dry_run: 'false',
      length: '32',
      charset: 'alphanumeric'
    } })
    const res = await runNode(node, { ...runner.env, GITHUB_API_URL: fake.apiUrl, GITHUB_REPOSITORY: 'octo-org/deploy-app' })
    expect(res.stdout).not.toMatch(/::error::/)
    expect(res.code).toBe(0)
    const value = fake.readSecret({}, 'E2E_TOKEN')!
    expect(value).toMatch(/^[A-Za-z0-9]{32}$/)
    expect(fake.readSecret({ environment: ENV }, 'E2E_TOKEN')).toBe(value)
    const outputs = runner.outputs()
    expect(JSON.parse(outputs.updated_targets)).toEqual(['repo:octo-org/deploy-app', `environment:octo-org/deploy-app/${ENV}`])
    expect(outputs.credential_id).toBe('')
    expect(Date.parse(outputs.rotated_at)).not.toBeNaN()
    expect(runner.summary()).toMatch(/Secret rotation: E2E_TOKEN/)
    // The value reaches the runner only to be masked.
    expect(res.stdout).toContain(`::add-mask::${value}`)
    const visible = [res.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n'), JSON.stringify(outputs), runner.summary()].join('\n')
    for (const secret of [value, fake.token]) for (const form of leakForms(secret)) expect(visible).not.toContain(form)
    expect(fake.invalidRequests).toEqual([])
  })

  it("fails with the workflow-token advice and a clean error line", async () => {
    const runner = runnerEnv({ inputs: { source: 'random', secret_name: 'E2E_DENIED', github_token: fake.workflowToken } })
    const res = await runNode(process.execPath, { ...runner.env, GITHUB_API_URL: fake.apiUrl, GITHUB_REPOSITORY: 'octo-org/deploy-app', GITHUB_TOKEN: fake.workflowToken })
    expect(res.code).toBe(1)
    expect(res.stdout).toMatch(/::error::rotate-secret failed: no target took the new value: repo:octo-org\/deploy-app/)
    expect(res.stdout).toMatch(/This token cannot write secrets: it is the workflow's GITHUB_TOKEN/)
    expect(res.stdout).not.toMatch(/\n\s+at /)
    expect(fake.readSecret({}, 'E2E_DENIED')).toBeUndefined()
  })

  it('rotates an Octopus API key: the stored key authenticates, the previous managed key is revoked', async () => {
    const octo = await startOctopusFake()
    try {
      const run = async (apiKey: string) => {
        const runner = runnerEnv({ inputs: { source: 'octopus_api_key', secret_name: 'OCTOPUS_API_KEY', github_token: fake.token } })
        const res = await runNode(process.execPath, {
          ...runner.env,
          GITHUB_API_URL: fake.apiUrl,
          GITHUB_REPOSITORY: 'octo-org/deploy-app',
          OCTOPUS_URL: octo.url,
          OCTOPUS_API_KEY: apiKey
        })
        return { res, outputs: runner.outputs(), summary: runner.summary() }
      }
      const first = await run(octo.apiKey)
      expect(first.res.code).toBe(0)
      const k1 = fake.readSecret({}, 'OCTOPUS_API_KEY')!
      const second = await run(k1)
      expect(second.res.code).toBe(0)
      const k2 = fake.readSecret({}, 'OCTOPUS_API_KEY')!
      const works = async (key: string) => (await fetch(`${octo.url}/api/users/me`, { headers: { 'X-Octopus-ApiKey': key } })).status
      expect(await works(k2)).toBe(200)
      expect(await works(k1)).toBe(401)
      expect(JSON.parse(second.outputs.revoked_ids)).toEqual([first.outputs.credential_id])
      expect(second.outputs.credential_id).toBe(octo.store.apiKeys.find((k) => k.Key === k2)!.Id)
      const visible = [second.res.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n'), JSON.stringify(second.outputs), second.summary].join('\n')
      for (const secret of [k1, k2]) for (const form of leakForms(secret)) expect(visible).not.toContain(form)
    } finally {
      await octo.close()
    }
  })
})

/**
 * GitHub rotates the public key of a repository, an environment and an organization between the action's key read
 * and its secret write. GitHub answers the write with its 422 ("improperly encrypted secret"); the action reads the
 * key again and writes once more, so every target ends with the new value after exactly one stored write (the fake's
 * ledger counts them).
 */
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

    const runner = runnerEnv({ inputs: {
      source: 'random',
      secret_name: NAME,
      targets: `repo:${fake.owner}/${fake.repo}\nenvironment:${fake.owner}/${fake.repo}/${ENV}\norg:${fake.org}`,
      github_token: fake.token
    } })
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
