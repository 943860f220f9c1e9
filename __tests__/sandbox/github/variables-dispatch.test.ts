import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startGithubFake, type GithubFake } from '../../../sandbox/github/index.js'
import { octokitFor, status } from './helpers.js'

describe('GitHub fake: variables and workflow dispatch', () => {
  let fake: GithubFake
  beforeAll(async () => {
    fake = await startGithubFake()
    fake.addEnvironment('staging eu/1')
  })
  afterAll(() => fake.close())

  it('repo variables: POST 201, duplicate 409, PATCH 204 (rename), list paging, delete', async () => {
    const gh = octokitFor(fake)
    const o = { owner: fake.owner, repo: fake.repo }
    expect((await gh.rest.actions.createRepoVariable({ ...o, name: 'REGION', value: 'eu' })).status).toBe(201)
    const dup = await gh.rest.actions.createRepoVariable({ ...o, name: 'region', value: 'us' }).catch((e: unknown) => e)
    expect(dup).toMatchObject({ status: 409, response: { data: { message: 'Already exists - Variable already exists' } } })
    fake.clock.advance(1000)
    expect((await gh.rest.actions.updateRepoVariable({ ...o, name: 'REGION', value: 'us' })).status).toBe(204)
    const got = (await gh.rest.actions.getRepoVariable({ ...o, name: 'REGION' })).data
    expect(got).toMatchObject({ name: 'REGION', value: 'us' })
    expect(Date.parse(got.updated_at)).toBeGreaterThan(Date.parse(got.created_at))
    // Rename: the body `name` (Octokit cannot send it next to the path `name`, so plain fetch).
    const rename = await fetch(`${fake.apiUrl}/repos/${fake.owner}/${fake.repo}/actions/variables/REGION`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${fake.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'ZONE', value: 'ap' })
    })
    expect(rename.status).toBe(204)
    expect(await status(gh.rest.actions.getRepoVariable({ ...o, name: 'REGION' }))).toBe(404)
    expect((await gh.rest.actions.getRepoVariable({ ...o, name: 'ZONE' })).data.value).toBe('ap')
    for (let i = 0; i < 11; i++) await gh.rest.actions.createRepoVariable({ ...o, name: `V${String(i).padStart(2, '0')}`, value: String(i) })
    const first = await gh.rest.actions.listRepoVariables(o)
    expect(first.data.total_count).toBe(12)
    expect(first.data.variables).toHaveLength(10)
    expect(first.headers.link).toContain('rel="next"')
    expect((await gh.rest.actions.listRepoVariables({ ...o, per_page: 30 })).data.variables).toHaveLength(12)
    const all = await gh.paginate(gh.rest.actions.listRepoVariables, { ...o, per_page: 5 })
    expect(all.map((v) => v.name)).toEqual(['V00', 'V01', 'V02', 'V03', 'V04', 'V05', 'V06', 'V07', 'V08', 'V09', 'V10', 'ZONE'])
    expect(await status(gh.rest.actions.createRepoVariable({ ...o, name: 'GITHUB_X', value: 'x' }))).toBe(422)
    expect(await status(gh.rest.actions.createRepoVariable({ ...o, name: 'BIG', value: 'x'.repeat(48 * 1024 + 1) }))).toBe(422)
    expect((await gh.rest.actions.deleteRepoVariable({ ...o, name: 'V00' })).status).toBe(204)
    expect(await status(gh.rest.actions.getRepoVariable({ ...o, name: 'V00' }))).toBe(404)
    expect(fake.invalidRequests).toEqual([])
  })

  it('environment and org variables (visibility, selected repositories)', async () => {
    const gh = octokitFor(fake)
    const env = { owner: fake.owner, repo: fake.repo, environment_name: 'staging eu/1' }
    expect((await gh.rest.actions.createEnvironmentVariable({ ...env, name: 'URL', value: 'https://staging' })).status).toBe(201)
    expect((await gh.rest.actions.getEnvironmentVariable({ ...env, name: 'URL' })).data.value).toBe('https://staging')
    expect(fake.server.log.entries.some((e) => e.path.includes('/environments/staging%20eu%2F1/variables'))).toBe(true)
    const ids = (await gh.rest.repos.listForOrg({ org: fake.org })).data.map((r) => r.id)
    expect((await gh.rest.actions.createOrgVariable({ org: fake.org, name: 'SHARED', value: '1', visibility: 'selected', selected_repository_ids: [ids[0]] })).status).toBe(201)
    expect((await gh.rest.actions.listSelectedReposForOrgVariable({ org: fake.org, name: 'SHARED' })).data.total_count).toBe(1)
    expect((await gh.rest.actions.createOrgVariable({ org: fake.org, name: 'ALL', value: '1', visibility: 'all' })).status).toBe(201)
    expect(await status(gh.rest.actions.addSelectedRepoToOrgVariable({ org: fake.org, name: 'ALL', repository_id: ids[0] }))).toBe(409)
    expect(await status(gh.rest.actions.createOrgVariable({ org: fake.org, name: 'BAD', value: '1', visibility: 'all', selected_repository_ids: [ids[0]] }))).toBe(422)
  })

  it('refuses variables to the workflow token', async () => {
    const gh = octokitFor(fake, fake.workflowToken)
    expect(await status(gh.rest.actions.createRepoVariable({ owner: fake.owner, repo: fake.repo, name: 'X', value: 'y' }))).toBe(403)
  })

  it('dispatches a workflow with GitHub\'s input rules and creates a queued run', async () => {
    const gh = octokitFor(fake)
    fake.addWorkflow('release.yml', { inputs: { channel: { type: 'choice', options: ['beta', 'stable'], required: true }, dry_run: { type: 'boolean', default: 'false' } } })
    fake.addWorkflow('nightly.yml', { dispatch: false })
    const o = { owner: fake.owner, repo: fake.repo }
    const dispatch = (workflow_id: string | number, ref: string, inputs?: Record<string, unknown>) =>
      gh.rest.actions.createWorkflowDispatch({ ...o, workflow_id, ref, inputs }).catch((e: { status: number; response: { data: { message: string } } }) => e)
    expect(await dispatch('release.yml', 'main', { channel: 'beta' })).toMatchObject({ status: 204 })
    expect(await dispatch('release.yml', 'main', { channel: 'nightly' })).toMatchObject({ status: 422, response: { data: { message: "Provided value 'nightly' for input 'channel' not in the list of allowed values" } } })
    expect(await dispatch('release.yml', 'main', {})).toMatchObject({ status: 422, response: { data: { message: "Required input 'channel' not provided" } } })
    expect(await dispatch('release.yml', 'main', { channel: 'beta', extra: '1' })).toMatchObject({ status: 422, response: { data: { message: 'Unexpected inputs provided: ["extra"]' } } })
    expect(await dispatch('release.yml', 'nope', { channel: 'beta' })).toMatchObject({ status: 422, response: { data: { message: 'No ref found for: nope' } } })
    expect(await dispatch('nightly.yml', 'main')).toMatchObject({ status: 422, response: { data: { message: "Workflow does not have 'workflow_dispatch' trigger" } } })
    expect(await dispatch('missing.yml', 'main')).toMatchObject({ status: 404 })
    const tooMany = Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`i${i}`, 'v']))
    expect(await dispatch('release.yml', 'main', tooMany)).toMatchObject({ status: 422 })
    expect(fake.invalidRequests.some((r) => r.operationId === 'actions/create-workflow-dispatch')).toBe(true)

    const details = await gh.request('POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches', { ...o, workflow_id: 'release.yml', ref: 'refs/heads/main', inputs: { channel: 'stable' }, return_run_details: true })
    expect(details.status).toBe(200)
    const runId = (details.data as { workflow_run_id: number }).workflow_run_id
    const run = (await gh.rest.actions.getWorkflowRun({ ...o, run_id: runId })).data
    expect(run).toMatchObject({ id: runId, event: 'workflow_dispatch', status: 'queued', head_branch: 'main', path: '.github/workflows/release.yml' })
    expect(fake.jobs.runs.get(runId)!.inputs).toEqual({ channel: 'stable', dry_run: 'false' })
    fake.completeRun(runId)
    expect((await gh.rest.actions.getWorkflowRun({ ...o, run_id: runId })).data.conclusion).toBe('success')
    expect(fake.server.ledger.count('workflow-dispatch')).toBe(2)
    const wfs = (await gh.rest.actions.listRepoWorkflows(o)).data.workflows.map((w) => w.path)
    expect(wfs).toEqual(expect.arrayContaining(['.github/workflows/release.yml', '.github/workflows/deploy.yml']))
  })
})
