/**
 * CONFORMANCE: `@octopusdeploy/api-client`, unchanged, against the Octopus fake: tenants with tag filters, releases
 * in a channel with version rules, tenanted deployments, and task details with activity logs.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  BuildInformationRepository,
  Client,
  DeploymentRepository,
  OverwriteMode,
  ReleaseRepository,
  RunbookRunRepository,
  ServerTaskWaiter,
  SpaceServerTaskRepository,
  TenantRepository
} from '@octopusdeploy/api-client'
import { SEED, startOctopusFake, type OctopusFake } from '../../sandbox/octopus/index.js'
import { addTenantFixture } from '../integration/actions/deploy/tenant-fixture.js'

const names = (items: { Name: string }[]) => items.map((t) => t.Name).sort()

describe('CONFORMANCE: @octopusdeploy/api-client against the Octopus fake', () => {
  let fake: OctopusFake
  let client: Client
  beforeAll(async () => {
    fake = await startOctopusFake({ clockSpeed: 0, taskProfile: { queueMs: 1000, durationMs: 6000 } })
    addTenantFixture(fake)
    client = await Client.create({ instanceURL: fake.url, apiKey: fake.apiKey, userAgentApp: 'conformance-test' })
  })
  afterAll(() => fake.close())

  it('lists tenants with tag filters: OR within a tag set, AND across tag sets', async () => {
    const tenants = new TenantRepository(client, 'Default')
    expect(names((await tenants.list({ tags: 'Tier/Gold,Region/US' })).Items)).toEqual(['Initech', 'Stark', 'Umbrella'])
    expect(names((await tenants.list({ tags: 'Tier/Gold,Tier/Silver,Region/EU' })).Items)).toEqual(['Acme', 'Hooli'])
    expect(names((await tenants.list({ tags: 'Tier/Gold,Region/US,Ring/Alpha' })).Items)).toEqual(['Umbrella'])
    const saas = fake.store.project(fake.spaceId, SEED.tenantedProject)!.Id
    expect(names((await tenants.list({ projectId: saas, tags: 'Tier/Gold,Region/US' })).Items)).toEqual(['Initech', 'Umbrella'])
    const wire = fake.server.log.filter('GET', '/api/Spaces-1/tenants')[0]
    expect(wire.query.tags).toBe('Tier/Gold,Region/US')
  })

  it('creates releases in a channel that satisfy its version rules, and is refused one that does not', async () => {
    const releases = new ReleaseRepository(client, 'Default')
    const ok = await releases.create({ spaceName: 'Default', ProjectName: SEED.project, ChannelName: SEED.hotfixChannel, ReleaseVersion: '2.0.1', Packages: ['randomquotes:2.0.0'] })
    expect(ok.ReleaseVersion).toBe('2.0.1')
    const stored = fake.store.releases.find((r) => r.Id === ok.ReleaseId)!
    expect(fake.store.channels.find((c) => c.Id === stored.ChannelId)!.Name).toBe('Hotfix')
    await expect(
      releases.create({ spaceName: 'Default', ProjectName: SEED.project, ChannelName: SEED.hotfixChannel, ReleaseVersion: '2.0.2', Packages: ['randomquotes:1.0.1'] })
    ).rejects.toMatchObject({
      StatusCode: 400,
      message: expect.stringContaining("The version '1.0.1' of package 'randomquotes' used by step 'Deploy container to Kubernetes' does not satisfy the version rules of channel 'Hotfix'.")
    })
  })

  it('deploys to tenants by name and tags (union), then maps the tasks as the official tenanted action does', async () => {
    await new ReleaseRepository(client, 'Default').create({ spaceName: 'Default', ProjectName: SEED.tenantedProject, ReleaseVersion: '4.0.0' })
    const deployments = new DeploymentRepository(client, 'Default')
    const created = await deployments.createTenanted({
      spaceName: 'Default',
      ProjectName: SEED.tenantedProject,
      ReleaseVersion: '4.0.0',
      EnvironmentName: 'Dev',
      Tenants: ['Hooli'],
      TenantTags: ['Tier/Gold', 'Region/US']
    })
    expect(created.DeploymentServerTasks).toHaveLength(3)
    const listed = await deployments.list({ ids: created.DeploymentServerTasks.map((d) => d.DeploymentId), take: 3 })
    const tenants = await new TenantRepository(client, 'Default').list({ ids: listed.Items.map((d) => d.TenantId!) })
    expect(names(tenants.Items)).toEqual(['Hooli', 'Initech', 'Umbrella'])
  })

  it('reads task details with activity logs after waiting for the task', async () => {
    await new ReleaseRepository(client, 'Default').create({ spaceName: 'Default', ProjectName: SEED.project, ReleaseVersion: '1.5.0', Packages: ['*:1.0.1'] })
    const created = await new DeploymentRepository(client, 'Default').create({ spaceName: 'Default', ProjectName: SEED.project, ReleaseVersion: '1.5.0', EnvironmentNames: ['Test'] })
    const taskId = created.DeploymentServerTasks[0].ServerTaskId
    const task = await new ServerTaskWaiter(client, 'Default').waitForServerTaskToComplete(taskId, 10, 10_000, () => fake.clock.advance(2000))
    expect(task.State).toBe('Success')
    const tasks = new SpaceServerTaskRepository(client, 'Default')
    const details = await tasks.getDetails(taskId)
    expect(details.Task.Id).toBe(taskId)
    expect(details.Progress.ProgressPercentage).toBe(100)
    const root = details.ActivityLogs[0]
    expect(root.Status).toBe('Success')
    expect(root.Children.map((c) => [c.Name, c.Status])).toEqual([
      ['Step 1: Deploy container to Kubernetes', 'Success'],
      ['Step 2: Deployment Sign Off', 'Skipped'],
      ['Step 3: Random quotes deployment status', 'Success']
    ])
    expect(root.Children[0].LogElements.map((l) => l.MessageText)).toContain('Deploying package randomquotes')
    expect(root.LogElements.at(-1)).toMatchObject({ Category: 'Info', MessageText: 'Task completed successfully' })
    expect(await tasks.getRaw(taskId)).toContain('Step 1: Deploy container to Kubernetes')
  })

  it('runs runbooks: a published database runbook, a tenanted one, and a Git runbook on a branch', async () => {
    const runs = new RunbookRunRepository(client, 'Default')
    const db = await runs.create({ spaceName: 'Default', ProjectName: SEED.project, RunbookName: SEED.runbooks.flush, EnvironmentNames: ['Dev'] })
    expect(db.RunbookRunServerTasks).toEqual([{ RunbookRunId: expect.stringMatching(/^RunbookRuns-/), ServerTaskId: expect.stringMatching(/^ServerTasks-/) }])
    const task = await new ServerTaskWaiter(client, 'Default').waitForServerTaskToComplete(db.RunbookRunServerTasks[0].ServerTaskId, 10, 10_000, () => fake.clock.advance(2000))
    expect(task.State).toBe('Success')
    const listed = await runs.list({ runbooks: [fake.store.runbooks.find((r) => r.Name === SEED.runbooks.flush)!.Id] })
    expect(listed.Items.map((r) => r.Id)).toEqual([db.RunbookRunServerTasks[0].RunbookRunId])
    const tenanted = await runs.create({
      spaceName: 'Default',
      ProjectName: SEED.tenantedProject,
      RunbookName: SEED.runbooks.tenantKeys,
      EnvironmentNames: ['Dev'],
      TenantTags: ['Tier/Gold', 'Region/US']
    })
    expect(tenanted.RunbookRunServerTasks).toHaveLength(2) // Initech and Umbrella
    const git = await runs.createGit({ spaceName: 'Default', ProjectName: SEED.gitProject, RunbookName: SEED.runbooks.reload, EnvironmentNames: ['Dev'] }, 'refs/heads/main')
    expect(git.RunbookRunServerTasks).toHaveLength(1)
    expect(fake.store.runbookRuns.at(-1)!.GitReference?.GitRef).toBe('refs/heads/main')
  })

  it('pushes build information that a later release shows', async () => {
    await new BuildInformationRepository(client, 'Default').push(
      {
        spaceName: 'Default',
        BuildEnvironment: 'GitHub Actions',
        Branch: 'main',
        BuildNumber: '7',
        BuildUrl: 'https://github.com/acme/quotes/actions/runs/7',
        VcsType: 'Git',
        VcsRoot: 'https://github.com/acme/quotes',
        VcsCommitNumber: 'abc1234',
        Commits: [{ Id: 'abc1234', Comment: 'Hotfix the quote of the day' }],
        Packages: [{ Id: 'randomquotes', Version: '2.0.0' }]
      },
      OverwriteMode.FailIfExists
    )
    const created = await new ReleaseRepository(client, 'Default').create({ spaceName: 'Default', ProjectName: SEED.project, ChannelName: SEED.hotfixChannel, ReleaseVersion: '2.0.5', Packages: ['randomquotes:2.0.0'] })
    const release = await new ReleaseRepository(client, 'Default').get(created.ReleaseId)
    expect((release as unknown as { BuildInformation: { PackageId: string; Commits: { Comment: string }[] }[] }).BuildInformation).toEqual([
      expect.objectContaining({ PackageId: 'randomquotes', Commits: [expect.objectContaining({ Comment: 'Hotfix the quote of the day' })] })
    ])
  })
})
