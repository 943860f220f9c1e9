import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import * as core from '@actions/core'
import { existsSync, readFileSync } from 'node:fs'
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose'
import { startGithubFake, type GithubFake } from '../../../sandbox/github/index.js'
import { octokitFor } from './helpers.js'

describe('GitHub fake: OIDC ID tokens and the runner environment', () => {
  let fake: GithubFake
  const saved = { ...process.env }
  const stdoutWrite = process.stdout.write.bind(process.stdout)
  beforeAll(async () => {
    fake = await startGithubFake()
  })
  afterEach(() => {
    process.stdout.write = stdoutWrite
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k]
    Object.assign(process.env, saved)
  })
  afterAll(() => fake.close())

  it('builds the env a runner gives a node action, with file-command files that @actions/core writes to', async () => {
    const r = await fake.runnerEnv({ inputs: { 'secret-name': 'DEPLOY_KEY', 'dry run': 'true' } })
    for (const k of ['GITHUB_API_URL', 'GITHUB_SERVER_URL', 'GITHUB_REPOSITORY', 'GITHUB_RUN_ID', 'GITHUB_SHA', 'GITHUB_WORKSPACE', 'RUNNER_TEMP', 'ACTIONS_RESULTS_URL', 'ACTIONS_RUNTIME_TOKEN', 'ACTIONS_ID_TOKEN_REQUEST_URL', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN'])
      expect(r.env[k]).toBeTruthy()
    expect(r.env.GITHUB_API_URL).toBe(fake.apiUrl)
    expect(r.env.GITHUB_REPOSITORY).toBe(`${fake.owner}/${fake.repo}`)
    expect(r.env['INPUT_SECRET-NAME']).toBe('DEPLOY_KEY')
    expect(r.env.INPUT_DRY_RUN).toBe('true')
    expect(r.env.GITHUB_REPOSITORY_OWNER_ID).toBe(String(fake.store.org(fake.org)!.id))
    expect(r.env.GITHUB_REPOSITORY_ID).toBe(String(fake.store.repo(fake.owner, fake.repo)!.id))
    expect(existsSync(r.env.GITHUB_WORKSPACE)).toBe(true)
    expect(JSON.parse(readFileSync(r.env.GITHUB_EVENT_PATH, 'utf8'))).toMatchObject({ repository: { full_name: `${fake.owner}/${fake.repo}` } })
    const scp = String(decodeJwt(r.env.ACTIONS_RUNTIME_TOKEN).scp)
    expect(scp).toContain(`Actions.Results:${r.job.run.backendId}:${r.job.backendId}`)

    Object.assign(process.env, r.env)
    process.stdout.write = (() => true) as typeof process.stdout.write
    expect(core.getInput('secret-name')).toBe('DEPLOY_KEY')
    core.setOutput('artifact-id', '42')
    core.exportVariable('DEPLOYED', 'yes')
    core.addPath('/opt/tool/bin')
    core.saveState('phase', 'post')
    await core.summary.addHeading('Deployed').write()
    expect(readFileSync(r.files.output, 'utf8')).toMatch(/^artifact-id<<ghadelimiter_[\w-]+\n42\n/)
    expect(readFileSync(r.files.env, 'utf8')).toContain('DEPLOYED<<ghadelimiter_')
    expect(readFileSync(r.files.path, 'utf8')).toBe('/opt/tool/bin\n')
    expect(readFileSync(r.files.state, 'utf8')).toContain('phase<<ghadelimiter_')
    expect(readFileSync(r.files.stepSummary, 'utf8')).toContain('<h1>Deployed</h1>')
    // The runner's run exists in the REST API too.
    const run = await octokitFor(fake).rest.actions.getWorkflowRun({ owner: fake.owner, repo: fake.repo, run_id: Number(r.env.GITHUB_RUN_ID) })
    expect(run.data.head_sha).toBe(r.env.GITHUB_SHA)
  })

  it('issues RS256 ID tokens through @actions/core.getIDToken that verify against discovery + JWKS', async () => {
    const r = await fake.runnerEnv({ environment: 'production' })
    Object.assign(process.env, r.env)
    process.stdout.write = (() => true) as typeof process.stdout.write
    const token = await core.getIDToken('octopus-deploy')
    const discovery = (await (await fetch(`${fake.url}/.well-known/openid-configuration`)).json()) as { issuer: string; jwks_uri: string }
    expect(discovery.issuer).toBe(fake.url)
    const { payload, protectedHeader } = await jwtVerify(token, createRemoteJWKSet(new URL(discovery.jwks_uri)), { issuer: discovery.issuer, audience: 'octopus-deploy' })
    expect(protectedHeader.alg).toBe('RS256')
    expect(payload).toMatchObject({
      sub: `repo:${fake.owner}/${fake.repo}:environment:production`,
      repository: `${fake.owner}/${fake.repo}`,
      repository_owner: fake.owner,
      environment: 'production',
      run_id: r.env.GITHUB_RUN_ID,
      ref: 'refs/heads/main'
    })
    const branchJob = await fake.runnerEnv({ runId: r.job.run.id, jobName: 'other' })
    process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = branchJob.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN
    expect(decodeJwt(await core.getIDToken()).sub).toBe(`repo:${fake.owner}/${fake.repo}:ref:refs/heads/main`)
    expect(decodeJwt(await core.getIDToken()).aud).toBe(`https://github.com/${fake.owner}`)
    const denied = await fetch(`${r.env.ACTIONS_ID_TOKEN_REQUEST_URL}&audience=x`, { headers: { authorization: 'Bearer wrong' } })
    expect(denied.status).toBe(401)
  })

  it('serves GitHub Enterprise Server at /api/v3 with the GHES description', async () => {
    const ghes = await startGithubFake({ ghes: true })
    try {
      expect(ghes.apiUrl).toBe(`${ghes.url}/api/v3`)
      const gh = octokitFor(ghes)
      expect((await gh.rest.repos.get({ owner: ghes.owner, repo: ghes.repo })).data.url).toBe(`${ghes.apiUrl}/repos/${ghes.owner}/${ghes.repo}`)
      const inputs = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`i${i}`, 'v']))
      const err = await gh.rest.actions.createWorkflowDispatch({ owner: ghes.owner, repo: ghes.repo, workflow_id: 'deploy.yml', ref: 'main', inputs }).catch((e: { status: number }) => e)
      expect(err).toMatchObject({ status: 422 })
      expect(ghes.invalidRequests[0]).toMatchObject({ path: `/api/v3/repos/${ghes.owner}/${ghes.repo}/actions/workflows/deploy.yml/dispatches` })
      const r = await ghes.runnerEnv()
      expect(new URL(r.env.GITHUB_SERVER_URL).hostname).toBe('127.0.0.1')
    } finally {
      await ghes.close()
    }
  })
})
