/**
 * Conformance: Octokit, unchanged, drives EVERY operation the GitHub fake implements (happy paths and a few refusals),
 * on api.github.com and on GHES 3.19, with the fake checking each answer against GitHub's OpenAPI description.
 * It proves: every implemented operation answers with a documented status and a body that validates against the
 * description (so a client parsing a field GitHub promises finds it), every request Octokit builds validates, and
 * no route Octokit reaches is one the fake lacks. A new operation in the fake fails this test until it joins the tour.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { sealForKey, startGithubFake, type GithubFake } from '../../sandbox/github/index.js'
import { loadSpecSubset } from '../../sandbox/github/openapi/spec-subset.js'
import { octokitFor } from '../sandbox/github/helpers.js'

type Params = Record<string, unknown>
type State = Record<string, unknown> & { key?: { key_id: string; key: string } }
interface Step {
  op: string
  params: (s: State) => Params | Promise<Params>
  /** Expected status (default 2xx). */
  status?: number
  /** Keeps something from the answer for later steps. */
  keep?: (data: unknown, s: State) => void
}

const ENV = 'conformance env/1'
const keyOf = (data: unknown, s: State) => {
  s.key = data as { key_id: string; key: string }
}
const sealed = (s: State, value: string) => ({ encrypted_value: sealForKey(s.key!.key, value), key_id: s.key!.key_id })

/** The secret operations of one scope (key, create, update, get, list, delete), with `where` naming the scope. */
function secretSteps(prefix: string, suffix: 'repo' | 'environment' | 'org', where: (s: State) => Params, extra: Params = {}): Step[] {
  const name = `CONF_${suffix.toUpperCase()}`
  return [
    { op: `${prefix}/get-${suffix}-public-key`, params: where, keep: keyOf },
    { op: `${prefix}/create-or-update-${suffix}-secret`, params: (s) => ({ ...where(s), secret_name: name, ...sealed(s, 'v1'), ...extra }), status: 201 },
    { op: `${prefix}/create-or-update-${suffix}-secret`, params: (s) => ({ ...where(s), secret_name: name, ...sealed(s, 'v2'), ...extra }), status: 204 },
    { op: `${prefix}/get-${suffix}-secret`, params: (s) => ({ ...where(s), secret_name: name }) },
    { op: `${prefix}/get-${suffix}-secret`, params: (s) => ({ ...where(s), secret_name: 'NOT_THERE' }), status: 404 },
    { op: `${prefix}/list-${suffix}-secrets`, params: (s) => ({ ...where(s), per_page: 1 }) }
  ]
}

function selectedSteps(prefix: string, kind: 'secret' | 'variable', nameKey: string, name: string): Step[] {
  const where = (s: State) => ({ org: s.org, [nameKey]: name })
  return [
    { op: `${prefix}/list-selected-repos-for-org-${kind}`, params: where },
    { op: `${prefix}/set-selected-repos-for-org-${kind}`, params: (s) => ({ ...where(s), selected_repository_ids: [s.websiteId, s.infraId] }), status: 204 },
    { op: `${prefix}/add-selected-repo-to-org-${kind}`, params: (s) => ({ ...where(s), repository_id: s.repoId }), status: 204 },
    { op: `${prefix}/remove-selected-repo-from-org-${kind}`, params: (s) => ({ ...where(s), repository_id: s.infraId }), status: 204 }
  ]
}

function variableSteps(suffix: 'repo' | 'environment' | 'org', where: (s: State) => Params, extra: (s: State) => Params = () => ({})): Step[] {
  const name = `CONF_VAR_${suffix.toUpperCase()}`
  return [
    { op: `actions/create-${suffix}-variable`, params: (s) => ({ ...where(s), name, value: 'one', ...extra(s) }), status: 201 },
    { op: `actions/create-${suffix}-variable`, params: (s) => ({ ...where(s), name, value: 'again', ...extra(s) }), status: 409 },
    { op: `actions/get-${suffix}-variable`, params: (s) => ({ ...where(s), name }) },
    { op: `actions/list-${suffix}-variables`, params: where },
    { op: `actions/update-${suffix}-variable`, params: (s) => ({ ...where(s), name, value: 'two' }), status: 204 }
  ]
}

const repo = (s: State) => ({ owner: s.owner, repo: s.repo })
const env = (s: State) => ({ ...repo(s), environment_name: ENV })
const org = (s: State) => ({ org: s.org })

const TOUR: Step[] = [
  { op: 'users/get-authenticated', params: () => ({}) },
  { op: 'rate-limit/get', params: () => ({}) },
  { op: 'orgs/get', params: org },
  { op: 'repos/get', params: repo },
  { op: 'repos/get', params: (s) => ({ owner: s.owner, repo: 'no-such-repo' }), status: 404 },
  { op: 'repos/list-for-org', params: (s) => ({ ...org(s), per_page: 2 }) },
  {
    op: 'repos/create-or-update-environment',
    params: (s) => ({ ...env(s), wait_timer: 5, prevent_self_review: false, reviewers: [{ type: 'User', id: 583231 }], deployment_branch_policy: { protected_branches: false, custom_branch_policies: true } })
  },
  { op: 'repos/get-environment', params: env },
  { op: 'repos/get-all-environments', params: repo },

  ...secretSteps('actions', 'repo', repo),
  { op: 'actions/delete-repo-secret', params: (s) => ({ ...repo(s), secret_name: 'CONF_REPO' }), status: 204 },
  ...secretSteps('actions', 'environment', env),
  { op: 'actions/delete-environment-secret', params: (s) => ({ ...env(s), secret_name: 'CONF_ENVIRONMENT' }), status: 204 },
  ...secretSteps('actions', 'org', org, { visibility: 'selected' }),
  ...selectedSteps('actions', 'secret', 'secret_name', 'CONF_ORG'),
  { op: 'actions/list-repo-organization-secrets', params: (s) => ({ owner: s.owner, repo: 'website' }) },
  { op: 'actions/delete-org-secret', params: (s) => ({ ...org(s), secret_name: 'CONF_ORG' }), status: 204 },
  ...secretSteps('dependabot', 'repo', repo),
  { op: 'dependabot/delete-repo-secret', params: (s) => ({ ...repo(s), secret_name: 'CONF_REPO' }), status: 204 },
  ...secretSteps('dependabot', 'org', org, { visibility: 'selected' }),
  ...selectedSteps('dependabot', 'secret', 'secret_name', 'CONF_ORG'),
  { op: 'dependabot/delete-org-secret', params: (s) => ({ ...org(s), secret_name: 'CONF_ORG' }), status: 204 },

  ...variableSteps('repo', repo),
  { op: 'actions/delete-repo-variable', params: (s) => ({ ...repo(s), name: 'CONF_VAR_REPO' }), status: 204 },
  ...variableSteps('environment', env),
  { op: 'actions/delete-environment-variable', params: (s) => ({ ...env(s), name: 'CONF_VAR_ENVIRONMENT' }), status: 204 },
  ...variableSteps('org', org, (s) => ({ visibility: 'selected', selected_repository_ids: [s.websiteId] })),
  ...selectedSteps('actions', 'variable', 'name', 'CONF_VAR_ORG'),
  { op: 'actions/delete-org-variable', params: (s) => ({ ...org(s), name: 'CONF_VAR_ORG' }), status: 204 },

  { op: 'actions/list-repo-workflows', params: repo },
  { op: 'actions/get-workflow', params: (s) => ({ ...repo(s), workflow_id: 'deploy.yml' }) },
  { op: 'actions/create-workflow-dispatch', params: (s) => ({ ...repo(s), workflow_id: 'deploy.yml', ref: 'main', inputs: { version: '1.2.3' } }), status: 204 },
  { op: 'actions/create-workflow-dispatch', params: (s) => ({ ...repo(s), workflow_id: 'deploy.yml', ref: 'nope' }), status: 422 },
  {
    op: 'actions/list-workflow-runs-for-repo',
    params: repo,
    keep: (d, s) => {
      s.runId = (d as { workflow_runs: { id: number }[] }).workflow_runs[0].id
    }
  },
  { op: 'actions/list-workflow-runs', params: (s) => ({ ...repo(s), workflow_id: 'deploy.yml', status: 'queued' }) },
  { op: 'actions/get-workflow-run', params: (s) => ({ ...repo(s), run_id: s.runId }) },

  { op: 'actions/list-artifacts-for-repo', params: repo },
  { op: 'actions/list-workflow-run-artifacts', params: (s) => ({ ...repo(s), run_id: s.artifactRunId }) },
  { op: 'actions/get-artifact', params: (s) => ({ ...repo(s), artifact_id: s.artifactId }) },
  { op: 'actions/download-artifact', params: (s) => ({ ...repo(s), artifact_id: s.artifactId, archive_format: 'zip', request: { redirect: 'manual' } }), status: 302 },
  { op: 'actions/delete-artifact', params: (s) => ({ ...repo(s), artifact_id: s.artifactId }), status: 204 },

  { op: 'repos/list-commits', params: (s) => ({ ...repo(s), per_page: 3 }) },
  { op: 'repos/get-commit', params: (s) => ({ ...repo(s), ref: 'main' }) },
  { op: 'repos/get-commit', params: (s) => ({ ...repo(s), ref: 'f00' }), status: 422 },
  { op: 'repos/compare-commits-with-basehead', params: (s) => ({ ...repo(s), basehead: 'v1.0.0...main', per_page: 2 }) },
  // Octokit's older route (`compare/{base}...{head}`) sends the same URL; GitHub (and the fake) answer it as the above.
  { op: 'repos/compare-commits', params: (s) => ({ ...repo(s), base: 'v1.0.0', head: 'feature/next' }) },
  { op: 'repos/list-tags', params: repo },
  { op: 'repos/list-branches', params: repo },
  { op: 'git/get-ref', params: (s) => ({ ...repo(s), ref: 'heads/feature/login' }) },
  { op: 'git/list-matching-refs', params: (s) => ({ ...repo(s), ref: 'tags/' }) },
  { op: 'repos/create-commit-status', params: (s) => ({ ...repo(s), sha: s.sha, state: 'success', context: 'ci/conformance', target_url: 'https://ci.example/1' }), status: 201 },
  { op: 'repos/list-commit-statuses-for-ref', params: (s) => ({ ...repo(s), ref: s.sha }) },
  { op: 'repos/get-combined-status-for-ref', params: (s) => ({ ...repo(s), ref: 'main' }) },

  {
    op: 'repos/create-deployment',
    params: (s) => ({ ...repo(s), ref: 'main', environment: ENV, payload: { octopus: { task: 'ServerTasks-1' } }, auto_merge: false, required_contexts: ['ci/conformance'], description: 'conformance' }),
    status: 201,
    keep: (d, s) => {
      s.deploymentId = (d as { id: number }).id
    }
  },
  { op: 'repos/create-deployment', params: (s) => ({ ...repo(s), ref: 'feature/login', environment: 'review', required_contexts: [] }), status: 202 },
  { op: 'repos/create-deployment', params: (s) => ({ ...repo(s), ref: 'v1.0.0', required_contexts: [] }), status: 409 },
  { op: 'repos/create-deployment', params: (s) => ({ ...repo(s), ref: 'no-such-ref' }), status: 422 },
  { op: 'repos/list-deployments', params: (s) => ({ ...repo(s), environment: ENV }) },
  { op: 'repos/get-deployment', params: (s) => ({ ...repo(s), deployment_id: s.deploymentId }) },
  {
    op: 'repos/create-deployment-status',
    params: (s) => ({ ...repo(s), deployment_id: s.deploymentId, state: 'success', log_url: 'https://octopus.example/app#/tasks/ServerTasks-1', environment_url: 'https://app.example' }),
    status: 201,
    keep: (d, s) => {
      s.statusId = (d as { id: number }).id
    }
  },
  { op: 'repos/create-deployment-status', params: (s) => ({ ...repo(s), deployment_id: s.deploymentId, state: 'inactive' }), status: 201 },
  { op: 'repos/list-deployment-statuses', params: (s) => ({ ...repo(s), deployment_id: s.deploymentId }) },
  { op: 'repos/get-deployment-status', params: (s) => ({ ...repo(s), deployment_id: s.deploymentId, status_id: s.statusId }) },
  { op: 'repos/delete-deployment', params: (s) => ({ ...repo(s), deployment_id: s.deploymentId }), status: 204 },
  { op: 'repos/delete-an-environment', params: env, status: 204 }
]

/** Uploads a small artifact through the results service, the way @actions/artifact does (create, Put Blob, finalize). */
async function uploadArtifact(fake: GithubFake): Promise<{ artifactId: number; runId: number }> {
  const runner = await fake.runnerEnv()
  const ids = { workflow_run_backend_id: runner.job.run.backendId, workflow_job_run_backend_id: runner.job.backendId }
  const twirp = async (method: string, body: Params) => {
    const res = await fetch(`${fake.url}/twirp/github.actions.results.api.v1.ArtifactService/${method}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${runner.env.ACTIONS_RUNTIME_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...ids, ...body })
    })
    expect(res.status).toBe(200)
    return (await res.json()) as Params
  }
  const content = Buffer.from('conformance artifact')
  const created = await twirp('CreateArtifact', { name: 'conformance', version: 7 })
  const put = await fetch(String(created.signed_upload_url), { method: 'PUT', headers: { 'x-ms-blob-type': 'BlockBlob' }, body: content })
  expect(put.status).toBe(201)
  const done = await twirp('FinalizeArtifact', { name: 'conformance', size: String(content.length), hash: `sha256:${createHash('sha256').update(content).digest('hex')}` })
  return { artifactId: Number(done.artifact_id), runId: runner.job.run.id }
}

describe.each([
  ['api.github.com', false],
  ['GHES 3.19', true]
] as const)('Octokit against the GitHub fake (%s), every answer checked against the OpenAPI description', (_label, ghes) => {
  let fake: GithubFake
  const operations = new Map<string, { method: string; path: string }>()
  beforeAll(async () => {
    fake = await startGithubFake({ ghes, checkResponses: true })
    for (const op of loadSpecSubset(ghes ? 'ghes-3.19' : 'api.github.com').operations) operations.set(op.operationId, { method: op.method, path: op.path })
  })
  afterAll(() => fake.close())

  it('answers every implemented operation in its documented shape', async () => {
    const gh = octokitFor(fake)
    const s: State = {
      owner: fake.owner,
      repo: fake.repo,
      org: fake.org,
      repoId: fake.store.repo(fake.owner, fake.repo)!.id,
      websiteId: fake.store.repo(fake.org, 'website')!.id,
      infraId: fake.store.repo(fake.org, 'infrastructure')!.id,
      sha: fake.git().resolve('main')
    }
    const { artifactId, runId } = await uploadArtifact(fake)
    Object.assign(s, { artifactId, artifactRunId: runId })
    const outcomes: string[] = []
    for (const step of TOUR) {
      const route = operations.get(step.op)
      if (!route) continue // not in this flavour's description
      const params = await step.params(s)
      const res = await gh.request(`${route.method} ${route.path}`, params).then(
        (r) => ({ status: r.status, data: r.data as unknown }),
        (e: { status?: number; message: string }) => ({ status: e.status ?? -1, data: e.message })
      )
      outcomes.push(`${step.op} ${res.status}`)
      const expected = step.status ?? (res.status >= 200 && res.status < 300 ? res.status : 200)
      if (res.status !== expected) throw new Error(`${step.op} answered ${res.status}, expected ${expected}: ${JSON.stringify(res.data).slice(0, 300)}`)
      step.keep?.(res.data, s)
    }
    expect(outcomes.length).toBeGreaterThan(90)
    expect(fake.invalidResponses).toEqual([])
    expect(fake.invalidRequests).toEqual([])
    expect(fake.unimplemented).toEqual([])
    // Every operation the fake implements (and this flavour describes) was answered successfully at least once.
    const missed = fake.implemented().filter((op) => operations.has(op) && ![...(fake.answered.get(op) ?? [])].some((st) => st < 400))
    expect(missed).toEqual([])
  })
})
