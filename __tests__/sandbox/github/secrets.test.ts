import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import sodium from 'libsodium-wrappers'
import { startGithubFake, type GithubFake } from '../../../sandbox/github/index.js'
import { octokitFor, status } from './helpers.js'

async function seal(key: string, value: string): Promise<string> {
  await sodium.ready
  const box = sodium.crypto_box_seal(sodium.from_string(value), sodium.from_base64(key, sodium.base64_variants.ORIGINAL))
  return sodium.to_base64(box, sodium.base64_variants.ORIGINAL)
}

describe('GitHub fake: secrets', () => {
  let fake: GithubFake
  beforeAll(async () => {
    fake = await startGithubFake()
    fake.addEnvironment('deploy/prod space')
  })
  afterAll(() => fake.close())

  it('round-trips a repo secret sealed with libsodium: 201 then 204, metadata, list, delete', async () => {
    const gh = octokitFor(fake)
    const { data: key } = await gh.rest.actions.getRepoPublicKey({ owner: fake.owner, repo: fake.repo })
    expect(Buffer.from(key.key, 'base64')).toHaveLength(32)
    const put = () => seal(key.key, 's3cr3t value').then((encrypted_value) =>
      gh.rest.actions.createOrUpdateRepoSecret({ owner: fake.owner, repo: fake.repo, secret_name: 'DEPLOY_KEY', encrypted_value, key_id: key.key_id }))
    expect((await put()).status).toBe(201)
    expect(fake.readSecret({}, 'deploy_key')).toBe('s3cr3t value')
    fake.clock.advance(5000)
    expect((await put()).status).toBe(204)
    const { data: meta } = await gh.rest.actions.getRepoSecret({ owner: fake.owner, repo: fake.repo, secret_name: 'DEPLOY_KEY' })
    expect(meta.name).toBe('DEPLOY_KEY')
    expect(Date.parse(meta.updated_at) - Date.parse(meta.created_at)).toBeGreaterThanOrEqual(5000)
    const { data: list } = await gh.rest.actions.listRepoSecrets({ owner: fake.owner, repo: fake.repo })
    expect(list.total_count).toBe(1)
    expect(list.secrets.map((s) => s.name)).toEqual(['DEPLOY_KEY'])
    expect(fake.server.ledger.count('secret-write')).toBe(2)
    expect((await gh.rest.actions.deleteRepoSecret({ owner: fake.owner, repo: fake.repo, secret_name: 'DEPLOY_KEY' })).status).toBe(204)
    expect(await status(gh.rest.actions.getRepoSecret({ owner: fake.owner, repo: fake.repo, secret_name: 'DEPLOY_KEY' }))).toBe(404)
    expect(fake.invalidRequests).toEqual([])
  })

  it('uses a different key per scope and rejects a key_id from another scope', async () => {
    const gh = octokitFor(fake)
    const repoKey = (await gh.rest.actions.getRepoPublicKey({ owner: fake.owner, repo: fake.repo })).data
    const envKey = (await gh.rest.actions.getEnvironmentPublicKey({ owner: fake.owner, repo: fake.repo, environment_name: 'deploy/prod space' })).data
    const orgKey = (await gh.rest.actions.getOrgPublicKey({ org: fake.org })).data
    const depKey = (await gh.rest.dependabot.getRepoPublicKey({ owner: fake.owner, repo: fake.repo })).data
    expect(new Set([repoKey.key_id, envKey.key_id, orgKey.key_id, depKey.key_id]).size).toBe(4)
    expect(fake.server.log.entries.some((e) => e.path.includes('/environments/deploy%2Fprod%20space/'))).toBe(true)

    const wrong = gh.rest.actions.createOrUpdateEnvironmentSecret({
      owner: fake.owner, repo: fake.repo, environment_name: 'deploy/prod space', secret_name: 'TOKEN',
      encrypted_value: await seal(repoKey.key, 'x'), key_id: repoKey.key_id
    })
    await expect(wrong).rejects.toMatchObject({ status: 422 })
    const right = await gh.rest.actions.createOrUpdateEnvironmentSecret({
      owner: fake.owner, repo: fake.repo, environment_name: 'deploy/prod space', secret_name: 'TOKEN',
      encrypted_value: await seal(envKey.key, 'env-value'), key_id: envKey.key_id
    })
    expect(right.status).toBe(201)
    expect(fake.readSecret({ environment: 'deploy/prod space' }, 'TOKEN')).toBe('env-value')
    // Sealed with the right key id but the wrong key: the box does not open.
    await expect(gh.rest.dependabot.createOrUpdateRepoSecret({
      owner: fake.owner, repo: fake.repo, secret_name: 'NPM', encrypted_value: await seal(repoKey.key, 'x'), key_id: depKey.key_id
    })).rejects.toMatchObject({ status: 422 })
    await gh.rest.dependabot.createOrUpdateRepoSecret({
      owner: fake.owner, repo: fake.repo, secret_name: 'NPM', encrypted_value: await seal(depKey.key, 'npm-token'), key_id: depKey.key_id
    })
    expect(fake.readSecret({ dependabot: 'repo' }, 'NPM')).toBe('npm-token')
  })

  it('rejects a key_id that was current before the scope key was rotated', async () => {
    const gh = octokitFor(fake)
    const old = (await gh.rest.actions.getRepoPublicKey({ owner: fake.owner, repo: fake.repo })).data
    fake.scope({}).rotateKey()
    const fresh = (await gh.rest.actions.getRepoPublicKey({ owner: fake.owner, repo: fake.repo })).data
    expect(fresh.key_id).not.toBe(old.key_id)
    const put = async (k: { key: string; key_id: string }) =>
      status(gh.rest.actions.createOrUpdateRepoSecret({ owner: fake.owner, repo: fake.repo, secret_name: 'AFTER_ROTATION', encrypted_value: await seal(k.key, 'v'), key_id: k.key_id }))
    expect(await put(old)).toBe(422)
    expect(await put(fresh)).toBe(201)
    const refused = await gh.rest.actions.createOrUpdateRepoSecret({ owner: fake.owner, repo: fake.repo, secret_name: 'AFTER_ROTATION', encrypted_value: await seal(old.key, 'v'), key_id: old.key_id }).catch((e: { response: { data: unknown } }) => e.response.data)
    expect(refused).toEqual({ message: 'Bad request - validation failed due to an improperly encrypted secret', documentation_url: expect.stringMatching(/^https:\/\/docs\.github\.com\//), status: '422' })
  })

  it('rotates a scope key right after a read when asked to: the reader writes with a stale key_id', async () => {
    const gh = octokitFor(fake)
    fake.scope({ org: fake.org }).rotateAfterNextRead(1)
    const first = (await gh.rest.actions.getOrgPublicKey({ org: fake.org })).data
    const second = (await gh.rest.actions.getOrgPublicKey({ org: fake.org })).data
    const third = (await gh.rest.actions.getOrgPublicKey({ org: fake.org })).data
    expect(second.key_id).not.toBe(first.key_id)
    expect(third.key_id).toBe(second.key_id)
    const put = async (k: { key: string; key_id: string }) =>
      status(gh.rest.actions.createOrUpdateOrgSecret({ org: fake.org, secret_name: 'ORG_ROTATED', encrypted_value: await seal(k.key, 'v'), key_id: k.key_id, visibility: 'all' }))
    expect(await put(first)).toBe(422)
    expect(await put(second)).toBe(201)
  })

  it('enforces name rules and the 48 KB limit', async () => {
    const gh = octokitFor(fake)
    const key = (await gh.rest.actions.getRepoPublicKey({ owner: fake.owner, repo: fake.repo })).data
    const put = async (secret_name: string, value: string) =>
      status(gh.rest.actions.createOrUpdateRepoSecret({ owner: fake.owner, repo: fake.repo, secret_name, encrypted_value: await seal(key.key, value), key_id: key.key_id }))
    expect(await put('GITHUB_TOKEN2', 'x')).toBe(422)
    expect(await put('1ABC', 'x')).toBe(422)
    expect(await put('BAD-NAME', 'x')).toBe(422)
    expect(await put('BIG', 'x'.repeat(48 * 1024 + 1))).toBe(422)
    expect(await put('BIG', 'x'.repeat(48 * 1024))).toBe(201)
    expect(await put('_ok_1', 'x')).toBe(201)
  })

  it('org secrets: visibility, selected repositories and 409 when not selected', async () => {
    const gh = octokitFor(fake)
    const key = (await gh.rest.actions.getOrgPublicKey({ org: fake.org })).data
    const repos = (await gh.rest.repos.listForOrg({ org: fake.org })).data
    const ids = repos.map((r) => r.id)
    expect(ids.length).toBeGreaterThanOrEqual(3)
    const encrypted_value = await seal(key.key, 'org-value')
    expect(await status(gh.rest.actions.createOrUpdateOrgSecret({ org: fake.org, secret_name: 'SHARED', encrypted_value, key_id: key.key_id, visibility: 'private', selected_repository_ids: [ids[0]] }))).toBe(422)
    expect((await gh.rest.actions.createOrUpdateOrgSecret({ org: fake.org, secret_name: 'SHARED', encrypted_value, key_id: key.key_id, visibility: 'private' })).status).toBe(201)
    expect(await status(gh.rest.actions.addSelectedRepoToOrgSecret({ org: fake.org, secret_name: 'SHARED', repository_id: ids[1] }))).toBe(409)
    expect((await gh.rest.actions.createOrUpdateOrgSecret({ org: fake.org, secret_name: 'SHARED', encrypted_value, key_id: key.key_id, visibility: 'selected', selected_repository_ids: [ids[0]] })).status).toBe(204)
    expect(await status(gh.rest.actions.addSelectedRepoToOrgSecret({ org: fake.org, secret_name: 'SHARED', repository_id: ids[1] }))).toBe(204)
    const sel = (await gh.rest.actions.listSelectedReposForOrgSecret({ org: fake.org, secret_name: 'SHARED' })).data
    expect(sel.repositories.map((r) => r.id).sort()).toEqual([ids[0], ids[1]].sort())
    const meta = (await gh.rest.actions.getOrgSecret({ org: fake.org, secret_name: 'SHARED' })).data
    expect(meta.visibility).toBe('selected')
    expect(meta.selected_repositories_url).toContain(`/orgs/${fake.org}/actions/secrets/SHARED/repositories`)
    expect(fake.readSecret({ org: fake.org }, 'SHARED')).toBe('org-value')
    expect(fake.invalidRequests).toEqual([])
  })

  it('a lost response still stores the secret; the retried PUT is an update (204) and the ledger shows both writes', async () => {
    const gh = octokitFor(fake)
    const key = (await gh.rest.actions.getRepoPublicKey({ owner: fake.owner, repo: fake.repo })).data
    const encrypted_value = await seal(key.key, 'rotated')
    fake.server.faults.next('PUT', /\/actions\/secrets\/ROTATED$/, { kind: 'lost-response' })
    const put = () => gh.rest.actions.createOrUpdateRepoSecret({ owner: fake.owner, repo: fake.repo, secret_name: 'ROTATED', encrypted_value, key_id: key.key_id })
    await expect(put()).rejects.toThrow()
    expect(fake.readSecret({}, 'ROTATED')).toBe('rotated')
    expect((await put()).status).toBe(204)
    expect(fake.server.ledger.of('secret-write').filter((e) => e.id.endsWith(':ROTATED')).map((e) => (e.detail as { created: boolean }).created)).toEqual([true, false])
  })

  it('refuses secret access with the workflow token (403, the real message)', async () => {
    const gh = octokitFor(fake, fake.workflowToken)
    const err = await gh.rest.actions.getRepoPublicKey({ owner: fake.owner, repo: fake.repo }).catch((e: unknown) => e)
    expect(err).toMatchObject({ status: 403, response: { data: { message: 'Resource not accessible by integration' } } })
    const res = await fetch(`${fake.apiUrl}/repos/${fake.owner}/${fake.repo}/actions/secrets/X`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${fake.workflowToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ encrypted_value: 'AAAA', key_id: '1' })
    })
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({ message: 'Resource not accessible by integration', documentation_url: expect.stringContaining('docs.github.com') })
  })
})
