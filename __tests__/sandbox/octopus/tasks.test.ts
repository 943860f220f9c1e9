import { afterEach, describe, expect, it } from '@jest/globals'
import { harness, space, type Harness } from './helpers.js'

describe('Octopus fake: server tasks on the test clock', () => {
  let h: Harness | undefined
  afterEach(async () => {
    await h?.fake.close()
    h = undefined
  })

  /** Creates release 1.0.0 and deploys it; returns the task id. */
  async function deployTo(env: string, extra: Record<string, unknown> = {}): Promise<string> {
    if (!h!.fake.store.releases.length) await h!.post('/api/Spaces-1/releases/create/v1', { ...space, ProjectName: 'Random Quotes', ReleaseVersion: '1.0.0' })
    const res = await h!.post('/api/Spaces-1/deployments/create/untenanted/v1', {
      ...space,
      ProjectName: 'Random Quotes',
      ReleaseVersion: '1.0.0',
      EnvironmentNames: [env],
      ...extra
    })
    expect(res.status).toBe(200)
    return res.body.DeploymentServerTasks[0].ServerTaskId
  }
  const task = async (id: string) => (await h!.get(`/api/Spaces-1/tasks/${id}`)).body

  it('moves Queued -> Executing -> Success with consistent flags and growing activity logs', async () => {
    h = await harness()
    const id = await deployTo('Test')
    let t = await task(id)
    expect(t).toMatchObject({ State: 'Queued', IsCompleted: false, FinishedSuccessfully: false, StartTime: null, CompletedTime: null, HasBeenPickedUpByProcessor: false })
    h.fake.clock.advance(1000)
    t = await task(id)
    expect(t.State).toBe('Executing')
    const early = (await h.get(`/api/Spaces-1/tasks/${id}/details`)).body
    expect(Object.keys(early)).toEqual(expect.arrayContaining(['Task', 'Progress', 'PhysicalLogSize', 'ActivityLogs']))
    const steps = early.ActivityLogs[0].Children
    expect(steps.map((s: { Name: string }) => s.Name)).toEqual([
      'Step 1: Deploy container to Kubernetes',
      'Step 2: Deployment Sign Off',
      'Step 3: Random quotes deployment status'
    ])
    // The sign-off only runs on Prod.
    expect(steps.map((s: { Status: string }) => s.Status)).toEqual(['Running', 'Skipped', 'Pending'])
    const earlyCount = steps[0].LogElements.length
    h.fake.clock.advance(3000)
    const mid = (await h.get(`/api/Spaces-1/tasks/${id}/details`)).body
    expect(mid.ActivityLogs[0].Children[0].LogElements.length).toBeGreaterThan(earlyCount)
    expect(mid.ActivityLogs[0].Children[0].LogElements[1].MessageText).toBe('Deploying package randomquotes')
    h.fake.clock.advance(10_000)
    t = await task(id)
    expect(t).toMatchObject({ State: 'Success', IsCompleted: true, FinishedSuccessfully: true, HasWarningsOrErrors: false, ErrorMessage: null })
    expect(t.CompletedTime).not.toBeNull()
    expect(t.Duration).toBe('9 seconds')
    const done = (await h.get(`/api/Spaces-1/tasks/${id}/details`)).body
    expect(done.Progress.ProgressPercentage).toBe(100)
    expect(done.ActivityLogs[0].Status).toBe('Success')
    const raw = await fetch(`${h.fake.url}/api/Spaces-1/tasks/${id}/raw`, { headers: { 'X-Octopus-ApiKey': h.fake.apiKey } })
    expect(await raw.text()).toContain('Task completed successfully')
  })

  it('batch-queries tasks with comma-joined ids, as the api-client waiter does', async () => {
    h = await harness()
    const a = await deployTo('Dev')
    const b = await deployTo('Test')
    const res = await h.get(`/api/Spaces-1/tasks?skip=0&take=300&ids=${a},${b}`)
    expect(res.status).toBe(200)
    expect(res.body.ItemType).toBe('ServerTask')
    expect(res.body.Items.map((t: { Id: string }) => t.Id).sort()).toEqual([a, b].sort())
    expect((await h.get('/api/Spaces-1/tasks?ids=ServerTasks-99')).body.Items).toEqual([])
    expect((await h.get('/api/Spaces-1/tasks/ServerTasks-99')).status).toBe(404)
    expect((await h.get(`/api/tasks/${a}`)).body.Id).toBe(a)
  })

  it('fails per the environment profile: Failed with the error message; always-run steps still run', async () => {
    h = await harness()
    h.fake.setTaskProfile('Test', { outcome: 'Failed' })
    const id = await deployTo('Test')
    h.fake.clock.advance(60_000)
    const t = await task(id)
    expect(t).toMatchObject({ State: 'Failed', IsCompleted: true, FinishedSuccessfully: false, HasWarningsOrErrors: true })
    expect(t.ErrorMessage).toBe('The deployment failed because one or more steps failed. Please see the deployment log for details.')
    const d = (await h.get(`/api/Spaces-1/tasks/${id}/details`)).body
    expect(d.ActivityLogs[0].Children.map((s: { Status: string }) => s.Status)).toEqual(['Failed', 'Skipped', 'Success'])
  })

  it('times out per profile without a CompletedTime', async () => {
    h = await harness()
    h.fake.setTaskProfile('Dev', { outcome: 'TimedOut' })
    const id = await deployTo('Dev')
    h.fake.clock.advance(60_000)
    const t = await task(id)
    expect(t).toMatchObject({ State: 'TimedOut', IsCompleted: true, FinishedSuccessfully: false, CompletedTime: null })
  })

  it('waits for RunAt and times out when NoRunAfter passes first', async () => {
    h = await harness()
    const now = h.fake.clock.now()
    const id = await deployTo('Dev', { RunAt: new Date(now + 60_000).toISOString() })
    h.fake.clock.advance(30_000)
    expect((await task(id)).State).toBe('Queued')
    h.fake.clock.advance(31_000)
    expect((await task(id)).State).toBe('Executing')
    // A task still queued (here: a long queue) when NoRunAfter passes times out without running.
    h.fake.setTaskProfile('Dev', { queueMs: 120_000 })
    const later = h.fake.clock.now()
    const expiring = await deployTo('Dev', { RunAt: new Date(later + 10_000).toISOString(), NoRunAfter: new Date(later + 20_000).toISOString() })
    h.fake.clock.advance(19_000)
    expect((await task(expiring)).State).toBe('Queued')
    h.fake.clock.advance(2000)
    expect(await task(expiring)).toMatchObject({ State: 'TimedOut', IsCompleted: true, CompletedTime: null, StartTime: null })
  })

  it('cancels: a running task goes Cancelling -> Canceled, a queued one is canceled at once', async () => {
    h = await harness()
    const running = await deployTo('Dev')
    h.fake.clock.advance(2000)
    const c = await h.post(`/api/Spaces-1/tasks/${running}/cancel`, {})
    expect(c.status).toBe(200)
    expect(c.body).toMatchObject({ State: 'Cancelling', IsCompleted: false })
    h.fake.clock.advance(1000)
    expect(await task(running)).toMatchObject({ State: 'Canceled', IsCompleted: true, FinishedSuccessfully: false })
    const queued = await deployTo('Dev')
    const q = await h.post(`/api/tasks/${queued}/cancel`, {})
    expect(q.body.State).toBe('Canceled')
  })

  it('pauses Prod deployments on the manual intervention until it is submitted through the interruptions API', async () => {
    h = await harness()
    const test = await deployTo('Test')
    h.fake.clock.advance(20_000)
    expect((await task(test)).State).toBe('Success')
    const prod = await deployTo('Prod')
    h.fake.clock.advance(60_000)
    let t = await task(prod)
    expect(t).toMatchObject({ State: 'Executing', IsCompleted: false, HasPendingInterruptions: true, PendingInterruptionTypes: ['ManualIntervention'] })
    const list = await h.get(`/api/Spaces-1/interruptions?regarding=${prod}&pendingOnly=true`)
    expect(list.body.Items).toHaveLength(1)
    const i = list.body.Items[0]
    expect(i).toMatchObject({ Type: 'ManualIntervention', IsPending: true, TaskId: prod, CanTakeResponsibility: true })
    expect(i.Form.Elements[0].Control.Text).toBe('Open the application and confirm it meets all the requirements.')
    const early = await h.post(`/api/Spaces-1/interruptions/${i.Id}/submit`, { Result: 'Proceed' })
    expect(early.status).toBe(400)
    expect((await h.send('PUT', `/api/Spaces-1/interruptions/${i.Id}/responsible`)).status).toBe(200)
    expect((await h.post(`/api/Spaces-1/interruptions/${i.Id}/submit`, { Result: 'Maybe' })).status).toBe(400)
    const ok = await h.post(`/api/Spaces-1/interruptions/${i.Id}/submit`, { Notes: 'looks good', Result: 'Proceed' })
    expect(ok.status).toBe(200)
    expect(ok.body.IsPending).toBe(false)
    h.fake.clock.advance(10_000)
    t = await task(prod)
    expect(t).toMatchObject({ State: 'Success', HasPendingInterruptions: false })
    expect((await h.post(`/api/Spaces-1/interruptions/${i.Id}/submit`, { Result: 'Proceed' })).status).toBe(400)
  })

  it('an aborted manual intervention fails the deployment', async () => {
    h = await harness()
    const test = await deployTo('Test')
    h.fake.clock.advance(20_000)
    expect((await task(test)).State).toBe('Success')
    const prod = await deployTo('Prod')
    h.fake.clock.advance(60_000)
    h.fake.submitInterruption(prod, 'Abort', 'not today')
    h.fake.clock.advance(10_000)
    const t = await task(prod)
    expect(t.State).toBe('Failed')
    expect(t.ErrorMessage).toBe('The deployment was aborted by the manual intervention.')
  })

  it('guided failure pauses a failing step; Retry runs it again with the current profile', async () => {
    h = await harness()
    h.fake.setTaskProfile('Dev', { outcome: 'Failed' })
    const id = await deployTo('Dev', { UseGuidedFailure: true })
    h.fake.clock.advance(60_000)
    expect(await task(id)).toMatchObject({ State: 'Executing', PendingInterruptionTypes: ['GuidedFailure'] })
    h.fake.setTaskProfile('Dev', { outcome: 'Success' })
    h.fake.submitInterruption(id, 'Retry')
    h.fake.clock.advance(60_000)
    expect((await task(id)).State).toBe('Success')
  })

  it('runs a test-added project with its own steps, per-environment durations and warnings', async () => {
    h = await harness()
    h.fake.addProject({
      name: 'Billing API',
      lifecycle: 'Default Lifecycle',
      steps: [{ name: 'Migrate database', actionType: 'Octopus.Script' }, { name: 'Deploy API', package: 'billing-api' }]
    })
    h.fake.setTaskProfile('Dev', { queueMs: 0, durationMs: 2000, warnings: true })
    const form = new FormData()
    form.append('fileToUpload', new Blob([new Uint8Array([1, 2, 3])]), 'billing-api.4.2.0.zip')
    const up = await fetch(`${h.fake.url}/api/Spaces-1/packages/raw`, { method: 'POST', headers: { 'X-Octopus-ApiKey': h.fake.apiKey }, body: form })
    expect(up.status).toBe(200)
    const rel = await h.post('/api/Spaces-1/releases/create/v1', { ...space, ProjectName: 'Billing API' })
    expect(rel.status).toBe(201)
    expect((await h.get(`/api/Spaces-1/releases/${rel.body.ReleaseId}`)).body.SelectedPackages).toEqual([
      { ActionName: 'Deploy API', PackageReferenceName: '', Version: '4.2.0' }
    ])
    const dep = await h.post('/api/Spaces-1/deployments/create/untenanted/v1', { ...space, ProjectName: 'Billing API', ReleaseVersion: rel.body.ReleaseVersion, EnvironmentNames: ['Dev'] })
    const id = dep.body.DeploymentServerTasks[0].ServerTaskId
    h.fake.clock.advance(1000)
    const mid = (await h.get(`/api/Spaces-1/tasks/${id}/details`)).body
    expect(mid.ActivityLogs[0].Children.map((c: { Name: string; Status: string }) => `${c.Name}=${c.Status}`)).toEqual([
      'Step 1: Migrate database=SuccessWithWarning',
      'Step 2: Deploy API=Running'
    ])
    h.fake.clock.advance(1000)
    expect(await task(id)).toMatchObject({ State: 'Success', FinishedSuccessfully: true, HasWarningsOrErrors: true, Duration: '2 seconds' })
  })
})
