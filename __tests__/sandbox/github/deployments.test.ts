import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startGithubFake, type GithubFake } from '../../../sandbox/github/index.js'
import { octokitFor, status } from './helpers.js'

type Octo = ReturnType<typeof octokitFor>
const errorOf = (p: Promise<unknown>) => p.then(() => undefined, (e: { status: number; response: { data: unknown; headers: Record<string, string> } }) => e)

describe('GitHub fake: deployments, deployment statuses and environments', () => {
  let fake: GithubFake
  let gh: Octo
  beforeAll(async () => {
    fake = await startGithubFake()
    gh = octokitFor(fake)
  })
  afterAll(() => fake.close())
  const repo = () => ({ owner: fake.owner, repo: fake.repo })
  /** Creates a deployment that must be created (201); its data typed as a deployment. */
  const deploy = async (env: string, extra: Record<string, unknown> = {}) => {
    const res = await gh.rest.repos.createDeployment({ ...repo(), ref: 'main', environment: env, auto_merge: false, required_contexts: [], ...extra })
    return res as typeof res & { data: { id: number; statuses_url: string } }
  }
  const states = async (id: number) => (await gh.rest.repos.listDeploymentStatuses({ ...repo(), deployment_id: id })).data.map((s) => s.state)

  it('creates a deployment for a ref with payload, environment flags and defaults; lists, filters and gets it', async () => {
    const sha = fake.git().resolve('main')!
    const res = await deploy('staging', { payload: { octopus: { release: 'Releases-1', task: 'ServerTasks-7' } }, description: 'Release 1.2.3', transient_environment: false })
    expect(res.status).toBe(201)
    expect(res.data).toMatchObject({
      sha,
      ref: 'main',
      task: 'deploy',
      environment: 'staging',
      original_environment: 'staging',
      payload: { octopus: { release: 'Releases-1', task: 'ServerTasks-7' } },
      description: 'Release 1.2.3',
      production_environment: false,
      transient_environment: false,
      creator: { login: 'octocat' },
      performed_via_github_app: null
    })
    expect(res.data.statuses_url).toBe(`${fake.apiUrl}/repos/${fake.owner}/${fake.repo}/deployments/${res.data.id}/statuses`)
    const prod = await gh.rest.repos.createDeployment({ ...repo(), ref: 'v1.1.0', required_contexts: [], auto_merge: false })
    expect(prod.data).toMatchObject({ environment: 'production', production_environment: true, ref: 'v1.1.0', sha: fake.git().resolve('v1.1.0') })
    // Deploying to an environment that does not exist creates it.
    expect((await gh.rest.repos.getEnvironment({ ...repo(), environment_name: 'staging' })).data.name).toBe('staging')
    const listed = (await gh.rest.repos.listDeployments({ ...repo(), environment: 'staging' })).data
    expect(listed.map((d) => d.id)).toEqual([res.data.id])
    expect((await gh.rest.repos.listDeployments({ ...repo(), sha })).data.map((d) => d.id)).toContain(res.data.id)
    expect((await gh.rest.repos.getDeployment({ ...repo(), deployment_id: res.data.id })).data.id).toBe(res.data.id)
    expect(await status(gh.rest.repos.getDeployment({ ...repo(), deployment_id: 1 }))).toBe(404)
    expect(fake.server.ledger.of('deployment').map((e) => e.id)).toEqual([String(res.data.id), String((prod.data as { id: number }).id)])
  })

  it('refuses a ref that names nothing (422), and required contexts that are not success (409 with the contexts)', async () => {
    const noRef = await errorOf(deploy('staging', { ref: 'no-such-branch' }))
    expect(noRef).toMatchObject({ status: 422, response: { data: { message: 'No ref found for: no-such-branch' } } })
    const sha = fake.git().resolve('main')!
    await gh.rest.repos.createCommitStatus({ ...repo(), sha, state: 'failure', context: 'ci/tests' })
    await gh.rest.repos.createCommitStatus({ ...repo(), sha, state: 'success', context: 'ci/lint' })
    // Omitted required_contexts: every context on the commit must be success.
    const conflict = await errorOf(gh.rest.repos.createDeployment({ ...repo(), ref: 'main', auto_merge: false, environment: 'qa' }))
    expect(conflict).toMatchObject({
      status: 409,
      response: {
        data: {
          message: 'Conflict: Commit status checks failed for main.',
          errors: [{ resource: 'Deployment', field: 'required_contexts', code: 'invalid', contexts: expect.arrayContaining([{ context: 'ci/tests', state: 'failure' }, { context: 'ci/lint', state: 'success' }]) }]
        }
      }
    })
    // Only the named contexts; a named context nobody reported fails too; an empty list skips the check.
    expect((await deploy('qa', { required_contexts: ['ci/lint'] })).status).toBe(201)
    expect(await status(deploy('qa', { required_contexts: ['ci/lint', 'ci/never-reported'] }))).toBe(409)
    expect((await deploy('qa', { required_contexts: [] })).status).toBe(201)
    const before = fake.server.ledger.count('deployment')
    await errorOf(deploy('qa', { required_contexts: ['ci/tests'] }))
    expect(fake.server.ledger.count('deployment')).toBe(before)
  })

  it('auto_merge: merges the default branch into a branch behind it (202, no deployment); refuses a tag behind it (409)', async () => {
    const merged = await gh.rest.repos.createDeployment({ ...repo(), ref: 'feature/login', environment: 'review', required_contexts: [] })
    expect(merged.status).toBe(202)
    expect(merged.data).toEqual({ message: 'Auto-merged main into feature/login on deployment.' })
    expect(fake.git().commits.get(fake.git().resolve('feature/login')!)!.parents).toHaveLength(2)
    // Now up to date: the same request creates the deployment.
    expect((await gh.rest.repos.createDeployment({ ...repo(), ref: 'feature/login', environment: 'review', required_contexts: [] })).status).toBe(201)
    const tag = await errorOf(gh.rest.repos.createDeployment({ ...repo(), ref: 'v1.0.0', environment: 'review', required_contexts: [] }))
    expect(tag).toMatchObject({ status: 409, response: { data: { message: 'Conflict merging main into v1.0.0.' } } })
    expect((await gh.rest.repos.createDeployment({ ...repo(), ref: 'v1.0.0', environment: 'review', required_contexts: [], auto_merge: false })).status).toBe(201)
  })

  it('statuses: log_url/environment_url, newest first; success marks earlier successful deployments of the SAME environment inactive', async () => {
    const a = (await deploy('uat')).data
    await gh.rest.repos.createDeploymentStatus({ ...repo(), deployment_id: a.id, state: 'in_progress', log_url: 'https://octopus.example/app#/tasks/ServerTasks-1' })
    const ok = await gh.rest.repos.createDeploymentStatus({ ...repo(), deployment_id: a.id, state: 'success', log_url: 'https://octopus.example/app#/tasks/ServerTasks-1', environment_url: 'https://uat.example' })
    expect(ok.status).toBe(201)
    expect(ok.data).toMatchObject({ state: 'success', log_url: 'https://octopus.example/app#/tasks/ServerTasks-1', target_url: 'https://octopus.example/app#/tasks/ServerTasks-1', environment_url: 'https://uat.example', environment: 'uat' })
    expect(ok.headers.location).toBe(ok.data.url)
    const other = (await deploy('uat-eu')).data
    await gh.rest.repos.createDeploymentStatus({ ...repo(), deployment_id: other.id, state: 'success' })
    const failed = (await deploy('uat')).data
    await gh.rest.repos.createDeploymentStatus({ ...repo(), deployment_id: failed.id, state: 'failure' })
    expect(await states(a.id)).toEqual(['success', 'in_progress'])

    const b = (await deploy('uat')).data
    await gh.rest.repos.createDeploymentStatus({ ...repo(), deployment_id: b.id, state: 'success' })
    expect(await states(a.id)).toEqual(['inactive', 'success', 'in_progress'])
    expect(await states(failed.id)).toEqual(['failure'])
    expect(await states(other.id)).toEqual(['success'])
    // auto_inactive: false leaves b alone.
    const c = (await deploy('uat')).data
    await gh.rest.repos.createDeploymentStatus({ ...repo(), deployment_id: c.id, state: 'success', auto_inactive: false })
    expect(await states(b.id)).toEqual(['success'])
    // target_url alone fills log_url too; a status may move the deployment to another environment.
    const moved = await gh.rest.repos.createDeploymentStatus({ ...repo(), deployment_id: c.id, state: 'in_progress', target_url: 'https://ci.example/42', environment: 'uat-2' })
    expect(moved.data).toMatchObject({ log_url: 'https://ci.example/42', target_url: 'https://ci.example/42', environment: 'uat-2' })
    expect((await gh.rest.repos.getDeployment({ ...repo(), deployment_id: c.id })).data).toMatchObject({ environment: 'uat-2', original_environment: 'uat' })
    expect((await gh.rest.repos.getDeploymentStatus({ ...repo(), deployment_id: c.id, status_id: moved.data.id })).data.id).toBe(moved.data.id)
  })

  it('production and transient deployments are not marked inactive by auto_inactive (as GitHub documents)', async () => {
    const p1 = (await deploy('production')).data
    await gh.rest.repos.createDeploymentStatus({ ...repo(), deployment_id: p1.id, state: 'success' })
    const t1 = (await deploy('preview-7', { transient_environment: true })).data
    await gh.rest.repos.createDeploymentStatus({ ...repo(), deployment_id: t1.id, state: 'success' })
    const p2 = (await deploy('production')).data
    await gh.rest.repos.createDeploymentStatus({ ...repo(), deployment_id: p2.id, state: 'success' })
    const t2 = (await deploy('preview-7', { transient_environment: true })).data
    await gh.rest.repos.createDeploymentStatus({ ...repo(), deployment_id: t2.id, state: 'success' })
    expect(await states(p1.id)).toEqual(['success'])
    expect(await states(t1.id)).toEqual(['success'])
  })

  it('rejects invalid statuses (schema 422, description over 140 characters) and deletes only inactive or sole deployments', async () => {
    const d = (await deploy('delete-me')).data
    expect(await status(gh.request('POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', { ...repo(), deployment_id: d.id, state: 'done' as 'success' }))).toBe(422)
    expect(fake.invalidRequests.pop()).toMatchObject({ operationId: 'repos/create-deployment-status' })
    expect(await status(gh.rest.repos.createDeploymentStatus({ ...repo(), deployment_id: d.id, state: 'success', description: 'x'.repeat(141) }))).toBe(422)
    await gh.rest.repos.createDeploymentStatus({ ...repo(), deployment_id: d.id, state: 'success' })
    const d2 = (await deploy('delete-me')).data
    await gh.rest.repos.createDeploymentStatus({ ...repo(), deployment_id: d2.id, state: 'success', auto_inactive: false })
    const refused = await errorOf(gh.rest.repos.deleteDeployment({ ...repo(), deployment_id: d.id }))
    expect(refused).toMatchObject({ status: 422, response: { data: { message: 'We cannot delete an active deployment unless it is the only deployment in a given environment.' } } })
    await gh.rest.repos.createDeploymentStatus({ ...repo(), deployment_id: d.id, state: 'inactive' })
    expect((await gh.rest.repos.deleteDeployment({ ...repo(), deployment_id: d.id })).status).toBe(204)
    expect((await gh.rest.repos.deleteDeployment({ ...repo(), deployment_id: d2.id })).status).toBe(204)
  })

  it('workflow token: creates with deployments: write (via the GitHub Actions app); without it, GitHub\'s 403 and the permission it needs', async () => {
    const writer = octokitFor(fake, fake.workflowToken)
    const made = await writer.rest.repos.createDeployment({ ...repo(), ref: 'main', environment: 'ci', auto_merge: false, required_contexts: [] })
    expect(made.data).toMatchObject({ creator: { login: 'github-actions[bot]', type: 'Bot' }, performed_via_github_app: { slug: 'github-actions' } })
    const readOnly = octokitFor(fake, fake.addToken('workflow', undefined, { permissions: { contents: 'read', deployments: 'read' } }))
    const denied = await errorOf(readOnly.rest.repos.createDeployment({ ...repo(), ref: 'main', environment: 'ci', auto_merge: false, required_contexts: [] }))
    expect(denied).toMatchObject({ status: 403, response: { data: { message: 'Resource not accessible by integration' }, headers: { 'x-accepted-github-permissions': 'deployments=write' } } })
    expect(await status(readOnly.rest.repos.createDeploymentStatus({ ...repo(), deployment_id: (made.data as { id: number }).id, state: 'success' }))).toBe(403)
    expect((await readOnly.rest.repos.listDeployments(repo())).status).toBe(200)
    const none = octokitFor(fake, fake.addToken('workflow', undefined, { permissions: { contents: 'read' } }))
    expect(await status(none.rest.repos.listDeployments(repo()))).toBe(403)
    // Another repository's deployments are out of a workflow token's reach.
    expect(await status(writer.rest.repos.createDeployment({ owner: fake.owner, repo: 'website', ref: 'main', required_contexts: [] }))).toBe(403)
  })

  it('a job that declares environment: gets its deployment from GitHub (in_progress, log_url = the job), completed by the job', async () => {
    const runner = await fake.runnerEnv({ environment: 'production', jobName: 'deploy' })
    const runId = Number(runner.env.GITHUB_RUN_ID)
    const [mine] = (await gh.rest.repos.listDeployments({ ...repo(), sha: runner.env.GITHUB_SHA, environment: 'production' })).data
    expect(mine).toMatchObject({ ref: 'main', sha: runner.env.GITHUB_SHA, environment: 'production', creator: { login: 'github-actions[bot]' }, performed_via_github_app: { slug: 'github-actions' } })
    const [latest] = (await gh.rest.repos.listDeploymentStatuses({ ...repo(), deployment_id: mine.id })).data
    expect(latest).toMatchObject({ state: 'in_progress', log_url: `${fake.serverUrl}/${fake.owner}/${fake.repo}/actions/runs/${runId}/job/${runner.job.id}` })
    fake.completeJob(runner.job.id, 'success', { environmentUrl: 'https://app.example' })
    expect(await states(mine.id)).toEqual(['success', 'in_progress', 'queued'])
    expect(fake.deployments().find((d) => d.id === mine.id)!.statuses.at(-1)).toMatchObject({ environment_url: 'https://app.example' })
  })

  it('environments: PUT with protection rules, shown back; invalid branch policy and names refused; delete', async () => {
    const put = await gh.rest.repos.createOrUpdateEnvironment({ ...repo(), environment_name: 'prod/eu west', wait_timer: 30, prevent_self_review: true, reviewers: [{ type: 'User', id: 583231 }], deployment_branch_policy: { protected_branches: true, custom_branch_policies: false } })
    expect(put.data).toMatchObject({ name: 'prod/eu west', deployment_branch_policy: { protected_branches: true, custom_branch_policies: false } })
    expect(put.data.protection_rules!.map((r) => r.type)).toEqual(['wait_timer', 'required_reviewers', 'branch_policy'])
    expect(put.data.protection_rules![1]).toMatchObject({ prevent_self_review: true, reviewers: [{ type: 'User', reviewer: { login: 'octocat', id: 583231 } }] })
    expect(await status(gh.rest.repos.createOrUpdateEnvironment({ ...repo(), environment_name: 'x', deployment_branch_policy: { protected_branches: true, custom_branch_policies: true } }))).toBe(422)
    expect(await status(gh.rest.repos.createOrUpdateEnvironment({ ...repo(), environment_name: 'x'.repeat(256) }))).toBe(422)
    expect(await status(gh.rest.repos.createOrUpdateEnvironment({ ...repo(), environment_name: 'x', wait_timer: 50_000 }))).toBe(422)
    fake.invalidRequests.length = 0
    const all = (await gh.rest.repos.getAllEnvironments(repo())).data
    expect(all.environments!.map((e) => e.name)).toContain('prod/eu west')
    expect((await gh.rest.repos.deleteAnEnvironment({ ...repo(), environment_name: 'prod/eu west' })).status).toBe(204)
    expect(await status(gh.rest.repos.getEnvironment({ ...repo(), environment_name: 'prod/eu west' }))).toBe(404)
    expect(await status(octokitFor(fake, fake.workflowToken).rest.repos.createOrUpdateEnvironment({ ...repo(), environment_name: 'y' }))).toBe(403)
  })
})
