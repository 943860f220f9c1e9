/**
 * CONFORMANCE: the official @octopusdeploy/api-client, unchanged, against the fake: create a release, deploy it,
 * wait for the task, push a package.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  BuildInformationRepository,
  Client,
  DeploymentRepository,
  OverwriteMode,
  PackageRepository,
  ReleaseRepository,
  ServerTaskWaiter,
  SpaceServerTaskRepository,
  userGetCurrent
} from '@octopusdeploy/api-client'
import type { Archiver } from 'archiver'
import { createHash } from 'node:crypto'
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { octopusStatusFault, startOctopusFake, type OctopusFake } from '../../sandbox/octopus/index.js'

const archiver = createRequire(import.meta.url)('archiver') as (format: 'zip') => Archiver

function writeZip(path: string, entries: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(path)
    const archive = archiver('zip')
    out.on('close', () => resolve())
    archive.on('error', reject)
    archive.pipe(out)
    for (const [name, content] of Object.entries(entries)) archive.append(content, { name })
    void archive.finalize()
  })
}

describe('CONFORMANCE: @octopusdeploy/api-client against the Octopus fake', () => {
  let fake: OctopusFake
  let client: Client
  let dir: string
  beforeAll(async () => {
    fake = await startOctopusFake({ clockSpeed: 0, taskProfile: { queueMs: 1000, durationMs: 9000 } })
    client = await Client.create({ instanceURL: fake.url, apiKey: fake.apiKey, userAgentApp: 'conformance-test' })
    dir = mkdtempSync(join(tmpdir(), 'octo-conformance-'))
  })
  afterAll(async () => {
    await fake.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('creates a release, deploys it and waits for the task', async () => {
    const releases = new ReleaseRepository(client, 'Default')
    const created = await releases.create({ spaceName: 'Default', ProjectName: 'Random Quotes', ReleaseVersion: '1.2.3', Packages: ['*:1.0.1'] })
    expect(created).toEqual({ ReleaseId: expect.stringMatching(/^Releases-\d+$/), ReleaseVersion: '1.2.3' })

    const deployments = new DeploymentRepository(client, 'Default')
    const deployed = await deployments.create({ spaceName: 'Default', ProjectName: 'Random Quotes', ReleaseVersion: '1.2.3', EnvironmentNames: ['Test'] })
    expect(deployed.DeploymentServerTasks).toHaveLength(1)
    const taskId = deployed.DeploymentServerTasks[0].ServerTaskId

    const seen: string[] = []
    const waiter = new ServerTaskWaiter(client, 'Default')
    // Each poll moves the fake's clock on, so the task progresses without real waiting.
    const task = await waiter.waitForServerTaskToComplete(taskId, 10, 10_000, (t) => {
      seen.push(t.State)
      fake.clock.advance(2500)
    })
    expect(task.State).toBe('Success')
    expect(task.IsCompleted).toBe(true)
    expect(seen[0]).toBe('Queued')
    expect(seen).toContain('Executing')
    const wire = fake.server.log.filter('GET', '/api/Spaces-1/tasks')
    expect(wire[0].query).toMatchObject({ skip: '0', take: '300', ids: taskId })
    expect(wire[0].headers['user-agent']).toBe('ts-octopusdeploy conformance-test')

    const details = await new SpaceServerTaskRepository(client, 'Default').getDetails(taskId)
    expect(details.ActivityLogs[0].Children[0].Name).toBe('Step 1: Deploy container to Kubernetes')
    const body = fake.server.log.filter('POST', '/api/Spaces-1/releases/create/v1')[0].body
    expect(body).toMatchObject({ spaceIdOrName: 'Default', spaceId: 'Spaces-1', ProjectName: 'Random Quotes' })
  })

  it('surfaces Octopus errors through OctopusError messages', async () => {
    const releases = new ReleaseRepository(client, 'Default')
    await expect(releases.create({ spaceName: 'Default', ProjectName: 'No Such Project' })).rejects.toThrow(/Cannot find the project with name or id 'No Such Project'/)
    const deployments = new DeploymentRepository(client, 'Default')
    await expect(
      deployments.create({ spaceName: 'Default', ProjectName: 'Random Quotes', ReleaseVersion: '1.2.3', EnvironmentNames: ['Prod'] })
    ).resolves.toMatchObject({ DeploymentServerTasks: [expect.objectContaining({ ServerTaskId: expect.any(String) })] })
    const me = await userGetCurrent(client)
    expect(me.Username).toBe('admin')
  })

  it('pushes a package with each overwrite mode', async () => {
    const file = join(dir, 'randomquotes.3.0.0.zip')
    await writeZip(file, { 'index.html': '<h1>Random Quotes</h1>', 'quotes.txt': 'To be or not to be\n' })
    const packages = new PackageRepository(client, 'Default')
    await packages.push([file], OverwriteMode.FailIfExists)
    const stored = fake.storedPackage('randomquotes', '3.0.0')
    const bytes = readFileSync(file)
    expect(stored?.Sha256).toBe(createHash('sha256').update(bytes).digest('hex'))
    expect(Buffer.compare(await fake.packageBytes('randomquotes', '3.0.0'), bytes)).toBe(0)
    await expect(packages.push([file], OverwriteMode.FailIfExists)).rejects.toThrow(/A package with the same ID and version already exists/)
    await packages.push([file], OverwriteMode.IgnoreIfExists)
    await packages.push([file], OverwriteMode.OverwriteExisting)
    expect(fake.server.ledger.count('package')).toBe(2)
    const upload = fake.server.log.filter('POST', '/api/Spaces-1/packages/raw')
    expect(upload.map((u) => u.query.overwriteMode)).toEqual(['FailIfExists', 'FailIfExists', 'IgnoreIfExists', 'OverwriteExisting'])
    expect(upload.map((u) => u.status)).toEqual([200, 409, 200, 200])
  })

  it('pushes build information', async () => {
    const repo = new BuildInformationRepository(client, 'Default')
    const info = {
      spaceName: 'Default',
      BuildEnvironment: 'GitHub Actions',
      BuildNumber: '42',
      BuildUrl: 'https://github.com/octo-org/random-quotes/actions/runs/42',
      Branch: 'main',
      VcsType: 'Git',
      VcsRoot: 'https://github.com/octo-org/random-quotes',
      VcsCommitNumber: 'a3d1744b13da8b7cb9e3e451a812ec7fb728bb72',
      Commits: [{ Id: 'a3d1744b13da8b7cb9e3e451a812ec7fb728bb72', Comment: 'Add quotes' }],
      Packages: [{ Id: 'randomquotes', Version: '3.0.0' }]
    }
    await repo.push(info)
    await expect(repo.push(info)).rejects.toThrow(/already exists/)
    await repo.push(info, OverwriteMode.OverwriteExisting)
    expect(fake.server.ledger.count('build-information')).toBe(2)
    const stored = await client.get<{ Items: { VcsCommitUrl: string; Commits: { LinkUrl: string }[] }[] }>('~/api/Spaces-1/build-information?packageId=randomquotes')
    expect(stored.Items[0].VcsCommitUrl).toBe('https://github.com/octo-org/random-quotes/commit/a3d1744b13da8b7cb9e3e451a812ec7fb728bb72')
  })

  it("the api-client waiter retries injected 503/429 answers and still sees the task complete", async () => {
    const deployments = new DeploymentRepository(client, 'Default')
    const deployed = await deployments.create({ spaceName: 'Default', ProjectName: 'Random Quotes', ReleaseVersion: '1.2.3', EnvironmentNames: ['Dev'] })
    const taskId = deployed.DeploymentServerTasks[0].ServerTaskId
    fake.server.faults.next('GET', '/api/Spaces-1/tasks', octopusStatusFault(503))
    fake.server.faults.next('GET', '/api/Spaces-1/tasks', octopusStatusFault(429, 1))
    const before = fake.server.faults.fired.length
    const waiter = new ServerTaskWaiter(client, 'Default', { maxRetries: 3, retryBackoffMs: 5 })
    const task = await waiter.waitForServerTaskToComplete(taskId, 10, 10_000, () => fake.clock.advance(5000))
    expect(task.State).toBe('Success')
    expect(fake.server.faults.fired.slice(before).map((f) => f.kind)).toEqual(['status', 'status'])
  })
})
