/**
 * Runbooks in the Octopus fake: reads, processes, snapshots (published, unpublished, taking a new one), runs through
 * the executions API (database and Git runbooks) and the legacy `POST runbookRuns`, environment scope, tenanted
 * runs, run tasks with activity logs, failures and manual interventions, and run listings for reconciliation.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { SEED } from '../../../sandbox/octopus/index.js'
import { harness, space, type Harness } from './helpers.js'

const RUN = '/api/Spaces-1/runbook-runs/create/v1'
const GIT_RUN = '/api/Spaces-1/runbook-runs/git/create/v1'
const R = SEED.runbooks

describe('Octopus fake: runbooks', () => {
  let h: Harness | undefined
  afterEach(async () => {
    await h?.fake.close()
    h = undefined
  })
  const runbook = (name: string) => h!.fake.store.runbooks.find((r) => r.Name === name)!
  const run = (body: Record<string, unknown>) => h!.post(RUN, { ...space, ProjectName: SEED.project, ...body })
  const finish = async (taskId: string) => {
    for (let i = 0; i < 40 && !(await h!.get(`/api/Spaces-1/tasks/${taskId}`)).body.IsCompleted; i++) h!.fake.clock.advance(1000)
    return (await h!.get(`/api/Spaces-1/tasks/${taskId}`)).body
  }

  it('lists runbooks per space and project, with processes, snapshots and the snapshot template', async () => {
    h = await harness()
    const all = await h.get('/api/Spaces-1/runbooks?take=100')
    expect(all.body.Items.map((r: { Name: string }) => r.Name)).toEqual([R.flush, R.smoke, R.migrate, R.tenantKeys])
    const rq = h.fake.store.project('Spaces-1', SEED.project)!
    const list = await h.get(`/api/Spaces-1/projects/${rq.Id}/runbooks?partialName=smoke`)
    expect(list.body.Items).toHaveLength(1)
    const smoke = list.body.Items[0]
    expect(smoke).toMatchObject({ Name: R.smoke, ProjectId: rq.Id, EnvironmentScope: 'Specified', MultiTenancyMode: 'Untenanted', PublishedRunbookSnapshotId: expect.stringMatching(/^RunbookSnapshots-\d+$/) })
    expect(smoke.Environments).toHaveLength(2)
    const process = await h.get(`/api/Spaces-1/runbookProcesses/${smoke.RunbookProcessId}`)
    expect(process.body.Steps.map((s: { Name: string }) => s.Name)).toEqual(['Run smoke tests', 'Smoke test sign off'])
    const migrate = runbook(R.migrate)
    expect((await h.get(`/api/Spaces-1/runbooks/${migrate.Id}`)).body.PublishedRunbookSnapshotId).toBeNull()
    const snapshots = await h.get(`/api/Spaces-1/runbooks/${migrate.Id}/runbookSnapshots`)
    expect(snapshots.body.Items.map((s: { Name: string; Notes: string }) => [s.Name, s.Notes])).toEqual([['Snapshot 1', 'Taken, not published']])
    const template = await h.get(`/api/Spaces-1/runbookProcesses/${migrate.RunbookProcessId}/runbookSnapshotTemplate`)
    expect(template.body).toMatchObject({ NextNameIncrement: 'Snapshot 2', Packages: [{ ActionName: 'Apply migrations', PackageId: 'randomquotes' }] })
    // a version-controlled project keeps its runbooks in Git, per branch
    const cfg = h.fake.store.project('Spaces-1', SEED.gitProject)!
    expect((await h.get(`/api/Spaces-1/projects/${cfg.Id}/runbooks`)).status).toBe(400)
    const git = await h.get(`/api/Spaces-1/projects/${cfg.Id}/refs%2Fheads%2Fmain/runbooks`)
    expect(git.body.Items.map((r: { Name: string }) => r.Name)).toEqual([R.reload])
    expect((await h.get(`/api/Spaces-1/projects/${cfg.Id}/main/runbooks/reload-configuration`)).body.Name).toBe(R.reload)
    expect((await h.get(`/api/Spaces-1/projects/${cfg.Id}/nope/runbooks`)).status).toBe(404)
  })

  it('runs a published runbook through the executions API: a RunbookRun task with activity logs, listed for reconciliation', async () => {
    h = await harness()
    const res = await run({ RunbookName: R.flush, EnvironmentNames: ['Dev', 'Test'] })
    expect(res.status).toBe(200)
    expect(res.body.RunbookRunServerTasks).toEqual([
      { RunbookRunId: expect.stringMatching(/^RunbookRuns-\d+$/), ServerTaskId: expect.stringMatching(/^ServerTasks-\d+$/) },
      { RunbookRunId: expect.stringMatching(/^RunbookRuns-\d+$/), ServerTaskId: expect.stringMatching(/^ServerTasks-\d+$/) }
    ])
    const [first] = res.body.RunbookRunServerTasks
    const task = await finish(first.ServerTaskId)
    expect(task).toMatchObject({ Name: 'RunbookRun', State: 'Success', Description: `Run runbook: ${R.flush} in Dev`, Arguments: { RunbookRunId: first.RunbookRunId } })
    const details = await h.get(`/api/Spaces-1/tasks/${first.ServerTaskId}/details`)
    expect(details.body.ActivityLogs[0].Children[0]).toMatchObject({ Name: 'Step 1: Flush the cache', Status: 'Success' })
    const flush = runbook(R.flush)
    const runs = await h.get(`/api/Spaces-1/runbooks/${flush.Id}/runbookRuns`)
    expect(runs.body.Items.map((r: { Id: string }) => r.Id)).toEqual(res.body.RunbookRunServerTasks.map((x: { RunbookRunId: string }) => x.RunbookRunId).reverse())
    expect(runs.body.Items[1]).toMatchObject({ RunbookId: flush.Id, RunbookSnapshotId: flush.PublishedRunbookSnapshotId, TaskId: first.ServerTaskId })
    const devId = h.fake.store.environment('Spaces-1', 'Dev')!.Id
    const byFilter = await h.get(`/api/Spaces-1/runbookRuns?runbooks=${flush.Id}&environments=${devId}&taskState=Success`)
    expect(byFilter.body.Items.map((r: { Id: string }) => r.Id)).toEqual([first.RunbookRunId])
    expect((await h.get(`/api/Spaces-1/tasks?runbook=${flush.Id}`)).body.Items).toHaveLength(2)
    expect(h.fake.server.ledger.of('runbook-run')).toHaveLength(2)
  })

  it('refuses an unpublished runbook, runs a named snapshot, and runs a new snapshot once published', async () => {
    h = await harness()
    const variables = { Variables: { 'Target Version': '42' } }
    const refused = await run({ RunbookName: R.migrate, EnvironmentNames: ['Dev'], ...variables })
    expect(refused.status).toBe(400)
    expect(refused.body.Errors).toEqual([`The runbook '${R.migrate}' has no published snapshot. Publish a snapshot of the runbook, or specify the snapshot to run.`])
    const named = await run({ RunbookName: R.migrate, EnvironmentNames: ['Dev'], Snapshot: 'Snapshot 1', ...variables })
    expect(named.status).toBe(200)
    expect((await run({ RunbookName: R.migrate, EnvironmentNames: ['Dev'], Snapshot: 'Snapshot 1' })).body.Errors).toEqual([
      "Please provide a value for the required prompted variable 'Target Version'."
    ])
    const migrate = runbook(R.migrate)
    const taken = await h.post('/api/Spaces-1/runbookSnapshots?publish=true', { ProjectId: migrate.ProjectId, RunbookId: migrate.Id, Notes: 'from CI' })
    expect(taken.status).toBe(201)
    expect(taken.body).toMatchObject({ Name: 'Snapshot 2', Notes: 'from CI', RunbookId: migrate.Id })
    expect(runbook(R.migrate).PublishedRunbookSnapshotId).toBe(taken.body.Id)
    const dup = await h.post('/api/Spaces-1/runbookSnapshots', { ProjectId: migrate.ProjectId, RunbookId: migrate.Id, Name: 'Snapshot 2' })
    expect(dup.status).toBe(400)
    const published = await run({ RunbookName: R.migrate, EnvironmentNames: ['Dev'], ...variables })
    expect(h.fake.store.runbookRuns.find((r) => r.Id === published.body.RunbookRunServerTasks[0].RunbookRunId)!.RunbookSnapshotId).toBe(taken.body.Id)
    // publishing an existing snapshot by modifying the runbook
    const first = h.fake.store.runbookSnapshots.find((s) => s.RunbookId === migrate.Id && s.Name === 'Snapshot 1')!
    const put = await h.send('PUT', `/api/Spaces-1/runbooks/${migrate.Id}`, { ...(await h.get(`/api/Spaces-1/runbooks/${migrate.Id}`)).body, PublishedRunbookSnapshotId: first.Id })
    expect(put.body.PublishedRunbookSnapshotId).toBe(first.Id)
    expect((await run({ RunbookName: R.migrate, EnvironmentNames: ['Dev'], Snapshot: 'Snapshot 9' })).status).toBe(404)
    expect((await run({ RunbookName: 'Migrate Databse', EnvironmentNames: ['Dev'] })).body.ErrorMessage).toBe(
      `Cannot find the runbook with name or id 'Migrate Databse' in project '${SEED.project}'.`
    )
  })

  it('applies the environment scope and the multi-tenancy mode; tenant tags select as for deployments', async () => {
    h = await harness()
    const dev = await run({ RunbookName: R.smoke, EnvironmentNames: ['Dev'] })
    expect(dev.status).toBe(400)
    expect(dev.body.Errors[0]).toContain(`The runbook '${R.smoke}' cannot be run in environment 'Dev'`)
    const saas = (body: Record<string, unknown>) => h!.post(RUN, { ...space, ProjectName: SEED.tenantedProject, RunbookName: R.tenantKeys, EnvironmentNames: ['Dev'], ...body })
    expect((await saas({})).body.Errors).toEqual([`The runbook '${R.tenantKeys}' can only be run for tenants: specify Tenants or TenantTags.`])
    const tagged = await saas({ TenantTags: ['Tier/Gold', 'Region/US'] })
    expect(tagged.status).toBe(200)
    const tenants = tagged.body.RunbookRunServerTasks.map((t: { RunbookRunId: string }) => {
      const r = h!.fake.store.runbookRuns.find((x) => x.Id === t.RunbookRunId)!
      return h!.fake.store.tenants.find((x) => x.Id === r.TenantId)!.Name
    })
    expect(tenants).toEqual(['Initech'])
    expect((await saas({ Tenants: ['Globex'], TenantTags: ['Tier/Gold'] })).body.RunbookRunServerTasks).toHaveLength(3)
    expect((await run({ RunbookName: R.flush, EnvironmentNames: ['Dev'], Tenants: ['Acme'] })).body.Errors).toEqual([`The runbook '${R.flush}' is not configured for tenanted runs.`])
  })

  it('runs a Git runbook from a branch, and refuses what a Git runbook cannot take', async () => {
    h = await harness()
    const git = (body: Record<string, unknown>) => h!.post(GIT_RUN, { ...space, ProjectName: SEED.gitProject, RunbookName: R.reload, EnvironmentNames: ['Dev'], ...body })
    const ok = await git({ GitRef: 'feature/new-quotes' })
    expect(ok.status).toBe(200)
    const r = h.fake.store.runbookRuns.find((x) => x.Id === ok.body.RunbookRunServerTasks[0].RunbookRunId)!
    expect(r.RunbookSnapshotId).toBeNull()
    expect(r.GitReference).toEqual({ GitRef: 'refs/heads/feature/new-quotes', GitCommit: expect.stringMatching(/^[0-9a-f]{40}$/) })
    expect((await git({})).body.Errors).toEqual(['The GitRef field is required.'])
    expect((await git({ GitRef: 'nope' })).body.Errors).toEqual([`Could not find the Git reference 'nope' in the repository of project '${SEED.gitProject}'.`])
    expect((await git({ GitRef: 'main', Snapshot: 'Snapshot 1' })).status).toBe(400)
    const db = await h.post(RUN, { ...space, ProjectName: SEED.gitProject, RunbookName: R.reload, EnvironmentNames: ['Dev'] })
    expect(db.body.Errors[0]).toContain('is version controlled: run its runbooks with runbook-runs/git/create/v1')
    expect((await h.post(GIT_RUN, { ...space, ProjectName: SEED.project, RunbookName: R.flush, EnvironmentNames: ['Dev'], GitRef: 'main' })).status).toBe(400)
  })

  it('fails a run as the environment profile says, and pauses Prod smoke tests for a manual sign-off', async () => {
    h = await harness()
    h.fake.setTaskProfile('Test', { outcome: 'Failed' })
    const failed = await run({ RunbookName: R.smoke, EnvironmentNames: ['Test'] })
    const t = await finish(failed.body.RunbookRunServerTasks[0].ServerTaskId)
    expect(t).toMatchObject({ State: 'Failed', ErrorMessage: 'The runbook run failed because one or more steps failed. Please see the task log for details.' })
    const prod = await run({ RunbookName: R.smoke, EnvironmentNames: ['Prod'] })
    const taskId = prod.body.RunbookRunServerTasks[0].ServerTaskId
    for (let i = 0; i < 20; i++) h.fake.clock.advance(1000)
    const paused = (await h.get(`/api/Spaces-1/tasks/${taskId}`)).body
    expect(paused).toMatchObject({ State: 'Executing', HasPendingInterruptions: true, PendingInterruptionTypes: ['ManualIntervention'] })
    const interruptions = await h.get(`/api/Spaces-1/interruptions?regarding=${prod.body.RunbookRunServerTasks[0].RunbookRunId}&pendingOnly=true`)
    expect(interruptions.body.Items[0].Title).toBe('Manual intervention required: Smoke test sign off')
    h.fake.submitInterruption(taskId, 'Proceed')
    expect((await finish(taskId)).State).toBe('Success')
  })

  it('guided failure pauses a failing run until someone answers; a person can cancel a run', async () => {
    h = await harness()
    h.fake.setTaskProfile('Dev', { outcome: 'Failed' })
    const res = await run({ RunbookName: R.flush, EnvironmentNames: ['Dev'], UseGuidedFailure: true })
    const taskId = res.body.RunbookRunServerTasks[0].ServerTaskId
    for (let i = 0; i < 20; i++) h.fake.clock.advance(1000)
    expect((await h.get(`/api/Spaces-1/tasks/${taskId}`)).body).toMatchObject({ State: 'Executing', PendingInterruptionTypes: ['GuidedFailure'] })
    h.fake.setTaskProfile('Dev', { outcome: 'Success' })
    h.fake.submitInterruption(taskId, 'Retry')
    expect((await finish(taskId)).State).toBe('Success')
    const long = await run({ RunbookName: R.flush, EnvironmentNames: ['Test'] })
    const longId = long.body.RunbookRunServerTasks[0].ServerTaskId
    h.fake.clock.advance(1500)
    h.fake.cancelTask(longId, 'Jane Operator')
    const canceled = await finish(longId)
    expect(canceled).toMatchObject({ State: 'Canceled', ErrorMessage: 'The task was canceled.' })
    expect((await h.get(`/api/Spaces-1/tasks/${longId}/raw`)).body).toContain('Cancellation requested by Jane Operator')
  })

  it('on a 2022.1 server: no executions API, runs through POST runbookRuns', async () => {
    h = await harness({ version: '2022.1.x' })
    expect((await run({ RunbookName: R.flush, EnvironmentNames: ['Dev'] })).status).toBe(404)
    const flush = runbook(R.flush)
    const env = h.fake.store.environment('Spaces-1', 'Dev')!
    const res = await h.post('/api/Spaces-1/runbookRuns', { RunbookId: flush.Id, RunbookSnapshotId: flush.PublishedRunbookSnapshotId, EnvironmentId: env.Id, ProjectId: flush.ProjectId })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ RunbookId: flush.Id, EnvironmentId: env.Id, TaskId: expect.stringMatching(/^ServerTasks-\d+$/), TenantId: null })
    expect((await finish(res.body.TaskId)).State).toBe('Success')
    const migrate = runbook(R.migrate)
    const unpublished = await h.post('/api/Spaces-1/runbookRuns', { RunbookId: migrate.Id, EnvironmentId: env.Id, FormValues: { 'Target Version': '1' } })
    expect(unpublished.status).toBe(400)
    expect(h.fake.unimplemented).toEqual([])
  })
})
