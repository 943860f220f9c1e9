import { afterEach, describe, expect, it } from '@jest/globals'
import { harness, space, type Harness } from './helpers.js'

const CREATE = '/api/Spaces-1/releases/create/v1'
const DEPLOY = '/api/Spaces-1/deployments/create/untenanted/v1'
const TENANTED = '/api/Spaces-1/deployments/create/tenanted/v1'

describe('Octopus fake: executions API', () => {
  let h: Harness | undefined
  afterEach(async () => {
    await h?.fake.close()
    h = undefined
  })

  const release = (body: Record<string, unknown>) => h!.post(CREATE, { ...space, ProjectName: 'Random Quotes', ...body })
  const deploy = (version: string, envs: string[], extra: Record<string, unknown> = {}) =>
    h!.post(DEPLOY, { ...space, ProjectName: 'Random Quotes', ReleaseVersion: version, EnvironmentNames: envs, ...extra })

  it('creates a release (201 {ReleaseId, ReleaseVersion}), picking the latest stable package for the default channel', async () => {
    h = await harness()
    const res = await release({ ReleaseVersion: '1.0.0' })
    expect(res.status).toBe(201)
    expect(res.body).toEqual({ ReleaseId: 'Releases-1', ReleaseVersion: '1.0.0' })
    const r = await h.get('/api/Spaces-1/releases/Releases-1')
    // Default channel has no rules: the highest version in the feed (2.0.0) is selected.
    expect(r.body.SelectedPackages).toEqual([{ ActionName: 'Deploy container to Kubernetes', PackageReferenceName: '', Version: '2.0.0' }])
    expect(h.fake.server.ledger.count('release')).toBe(1)
  })

  it('accepts camelCase property names and a space id in SpaceIdOrName (go-octopusdeploy style)', async () => {
    h = await harness()
    const res = await h.post(CREATE, { spaceId: 'Spaces-1', spaceIdOrName: 'Spaces-1', projectName: 'Random Quotes', releaseVersion: '3.0.0', packageVersion: '1.0.1' })
    expect(res.status).toBe(201)
    const r = await h.get(`/api/Spaces-1/releases/${res.body.ReleaseId}`)
    expect(r.body.SelectedPackages[0].Version).toBe('1.0.1')
  })

  it('requires ProjectName, SpaceId and SpaceIdOrName and rejects a space that is not the route space', async () => {
    h = await harness()
    const res = await h.post(CREATE, { ReleaseVersion: '1.0.0' })
    expect(res.status).toBe(400)
    expect(res.body.ErrorMessage).toBe('There was a problem with your request.')
    expect(res.body.Errors).toEqual(['The ProjectName field is required.', 'The SpaceId field is required.', 'The SpaceIdOrName field is required.'])
    const other = await h.post(CREATE, { SpaceId: 'Spaces-2', SpaceIdOrName: 'Operations', ProjectName: 'Random Quotes' })
    expect(other.status).toBe(400)
  })

  it('auto-increments the version, honours IgnoreIfAlreadyExists and rejects duplicates', async () => {
    h = await harness()
    expect((await release({})).body.ReleaseVersion).toBe('0.0.1')
    expect((await release({})).body.ReleaseVersion).toBe('0.0.2')
    const again = await release({ ReleaseVersion: '0.0.2', IgnoreIfAlreadyExists: true })
    expect(again.status).toBe(201)
    expect(again.body).toEqual({ ReleaseId: 'Releases-2', ReleaseVersion: '0.0.2' })
    const dup = await release({ ReleaseVersion: '0.0.2' })
    expect(dup.status).toBe(400)
    expect(dup.body.Errors[0]).toContain("'0.0.2' already exists")
    expect(h.fake.server.ledger.count('release')).toBe(2)
    expect((await release({ ReleaseVersion: 'not a version' })).status).toBe(400)
  })

  it('selects packages by Step:Version, PackageId:Version, Step:Ref:Version and wildcards, and rejects unknown ones', async () => {
    h = await harness()
    const check = async (packages: string[], expected: string) => {
      const res = await release({ Packages: packages, IgnoreChannelRules: true })
      expect(res.status).toBe(201)
      const r = await h!.get(`/api/Spaces-1/releases/${res.body.ReleaseId}`)
      expect(r.body.SelectedPackages[0].Version).toBe(expected)
    }
    await check(['Deploy container to Kubernetes:1.0.0'], '1.0.0')
    await check(['randomquotes:1.0.1'], '1.0.1')
    await check(['Deploy container to Kubernetes:randomquotes:1.0.0'], '1.0.0')
    await check(['*:1.0.1'], '1.0.1')
    await check(['*:1.0.0', 'Deploy container to Kubernetes:1.0.1'], '1.0.1')
    const unknownStep = await release({ Packages: ['No Such Step:1.0.0'] })
    expect(unknownStep.status).toBe(400)
    const missingVersion = await release({ Packages: ['randomquotes:9.9.9'] })
    expect(missingVersion.status).toBe(400)
    expect(missingVersion.body.Errors[0]).toContain("Could not find package 'randomquotes' version '9.9.9'")
  })

  it('applies channel version rules: explicit channel, rule violations, and best-channel choice', async () => {
    h = await harness()
    const hot = await release({ ChannelName: 'Hotfix', ReleaseVersion: '5.0.0' })
    expect(hot.status).toBe(201)
    const r = await h.get(`/api/Spaces-1/releases/${hot.body.ReleaseId}`)
    expect(r.body.SelectedPackages[0].Version).toBe('2.0.0')
    const bad = await release({ ChannelName: 'Hotfix', PackageVersion: '1.0.0' })
    expect(bad.status).toBe(400)
    expect(bad.body.Errors[0]).toContain("does not satisfy the version rules of channel 'Hotfix'")
    const ignored = await release({ ChannelName: 'Hotfix', PackageVersion: '1.0.0', IgnoreChannelRules: true, ReleaseVersion: '5.0.1' })
    expect(ignored.status).toBe(201)
    const unknown = await release({ ChannelName: 'Nope' })
    expect(unknown.status).toBe(400)
  })

  it('enforces GitRef rules for version-controlled and database projects, and stores CustomFields', async () => {
    h = await harness()
    const git = (body: Record<string, unknown>) => h!.post(CREATE, { ...space, ProjectName: 'Random Quotes Config', ...body })
    expect((await git({})).status).toBe(400)
    const ok = await git({ GitRef: 'main' })
    expect(ok.status).toBe(201)
    const r = await h.get(`/api/Spaces-1/releases/${ok.body.ReleaseId}`)
    expect(r.body.VersionControlReference.GitRef).toBe('refs/heads/main')
    expect(r.body.VersionControlReference.GitCommit).toMatch(/^[0-9a-f]{40}$/)
    expect((await git({ GitRef: 'refs/heads/nope' })).status).toBe(400)
    expect((await release({ GitRef: 'main' })).status).toBe(400)
    const cf = await release({ ReleaseVersion: '7.0.0', CustomFields: { Ticket: 'CHG-1:a' } })
    expect((await h.get(`/api/Spaces-1/releases/${cf.body.ReleaseId}`)).body.CustomFields).toEqual({ Ticket: 'CHG-1:a' })
  })

  it('fails for an unknown project with the real message', async () => {
    h = await harness()
    const res = await h.post(CREATE, { ...space, ProjectName: 'XYZ' })
    expect(res.status).toBe(404)
    expect(res.body.ErrorMessage).toBe(
      "Cannot find the project with name or id 'XYZ'. Please check the spelling and that you have permissions to view it. Please use Configuration > Test Permissions to confirm."
    )
  })

  it('deploys (200 DeploymentServerTasks) and enforces the lifecycle: Dev optional, Test before Prod', async () => {
    h = await harness()
    await release({ ReleaseVersion: '1.0.0' })
    const prod = await deploy('1.0.0', ['Prod'])
    expect(prod.status).toBe(400)
    expect(prod.body.ErrorMessage).toBe(
      "Release '1.0.0' of project 'Random Quotes' cannot be deployed to environment 'Prod' because the environment is not in the list of environments that this release can be deployed to. This may be because a) the environment does not exist, b) the name is misspelled, c) you don't have permission to deploy to this environment, or d) the environment is not in the list of environments defined by the lifecycle."
    )
    const test = await deploy('1.0.0', ['Test'])
    expect(test.status).toBe(200)
    expect(test.body).toEqual({ DeploymentServerTasks: [{ DeploymentId: 'Deployments-1', ServerTaskId: 'ServerTasks-1' }] })
    // Still running: Prod stays closed until the Test deployment succeeded.
    expect((await deploy('1.0.0', ['Prod'])).status).toBe(400)
    h.fake.clock.advance(20_000)
    expect((await h.get('/api/Spaces-1/tasks/ServerTasks-1')).body.State).toBe('Success')
    const ok = await deploy('1.0.0', ['Prod'])
    expect(ok.status).toBe(200)
    expect(h.fake.server.ledger.count('deployment')).toBe(2)
    const nothing = await deploy('1.0.0', [])
    expect(nothing.body).toEqual({ DeploymentServerTasks: [] })
    const unknownEnv = await deploy('1.0.0', ['Staging'])
    expect(unknownEnv.status).toBe(400)
    const lookups = await h.get('/api/Spaces-1/deployments?ids=Deployments-1,Deployments-2&take=2')
    expect(lookups.body.Items.map((d: { EnvironmentId: string }) => d.EnvironmentId).sort()).toEqual(['Environments-2', 'Environments-3'])
    const envs = await h.get('/api/Spaces-1/environments/v2?ids=Environments-2')
    expect(envs.body.Items[0].Name).toBe('Test')
  })

  it('validates deploy options: machines, prompted variables, freezes, RunAt/NoRunAfter, tenanted mode', async () => {
    h = await harness()
    await release({ ReleaseVersion: '1.0.0' })
    expect((await deploy('1.0.0', ['Dev'], { SpecificMachineNames: ['Nope'] })).status).toBe(400)
    const machines = await deploy('1.0.0', ['Dev'], { SpecificMachineNames: ['Kubernetes'], SkipStepNames: ['Unknown step'] })
    expect(machines.status).toBe(200)
    const freeze = await deploy('1.0.0', ['Dev'], { DeploymentFreezeNames: ['Xmas'] })
    expect(freeze.status).toBe(400)
    expect(freeze.body.Errors).toEqual(['DeploymentFreezeOverrideReason is required when DeploymentFreezeNames are specified.'])
    expect((await deploy('1.0.0', ['Dev'], { NoRunAfter: '2030-01-01T00:00:00Z' })).status).toBe(400)
    const prompted = (vars?: Record<string, string>) =>
      h!.post(DEPLOY, { ...space, ProjectName: 'Random Quotes Maintenance', ReleaseVersion: '0.0.1', EnvironmentNames: ['Dev'], Variables: vars })
    await h.post(CREATE, { ...space, ProjectName: 'Random Quotes Maintenance' })
    const missing = await prompted()
    expect(missing.status).toBe(400)
    expect(missing.body.Errors).toEqual(["Please provide a value for the required prompted variable 'Change Ticket'."])
    const given = await prompted({ 'Change Ticket': 'CHG-42' })
    expect(given.status).toBe(200)
    const d = await h.get(`/api/Spaces-1/deployments/${given.body.DeploymentServerTasks[0].DeploymentId}`)
    expect(d.body.FormValues).toEqual({ 'Change Ticket': 'CHG-42', 'Maintenance Window': '30' })
    const details = await h.get(`/api/Spaces-1/tasks/${machines.body.DeploymentServerTasks[0].ServerTaskId}/details`)
    expect(details.body.ActivityLogs[0].LogElements.some((l: { Category: string }) => l.Category === 'Warning')).toBe(true)
    expect(details.body.Task.HasWarningsOrErrors).toBe(true)
    const dep = await h.get(`/api/Spaces-1/deployments/${machines.body.DeploymentServerTasks[0].DeploymentId}`)
    expect(dep.body.SpecificMachineIds).toEqual(['Machines-1'])
  })

  it('deploys tenanted releases to tenants by name, "*" and TenantTags', async () => {
    h = await harness()
    const created = await h.post(CREATE, { ...space, ProjectName: 'Random Quotes SaaS' })
    expect(created.status).toBe(201)
    const t = (body: Record<string, unknown>) =>
      h!.post(TENANTED, { ...space, ProjectName: 'Random Quotes SaaS', ReleaseVersion: created.body.ReleaseVersion, EnvironmentName: 'Dev', ...body })
    const none = await t({})
    expect(none.body).toEqual({ DeploymentServerTasks: [] })
    expect((await t({ Tenants: ['Acme'] })).body.DeploymentServerTasks).toHaveLength(1)
    expect((await t({ Tenants: ['*'] })).body.DeploymentServerTasks).toHaveLength(3)
    const gold = await t({ TenantTags: ['Tier/Gold'] })
    expect(gold.body.DeploymentServerTasks).toHaveLength(2)
    expect((await t({ Tenants: ['Nobody'] })).status).toBe(400)
    const untenanted = await h.post(DEPLOY, { ...space, ProjectName: 'Random Quotes SaaS', ReleaseVersion: created.body.ReleaseVersion, EnvironmentNames: ['Dev'] })
    expect(untenanted.status).toBe(400)
    const tenants = await h.get('/api/Spaces-1/tenants?ids=Tenants-1,Tenants-3')
    expect(tenants.body.Items.map((x: { Name: string }) => x.Name)).toEqual(['Acme', 'Initech'])
  })

  it('can answer with camelCase deploymentId/serverTaskId, as some server versions did', async () => {
    h = await harness()
    h.fake.knobs.camelCaseDeploymentTasks = true
    await release({ ReleaseVersion: '1.0.0' })
    const res = await deploy('1.0.0', ['Dev'])
    expect(res.body.DeploymentServerTasks[0]).toEqual({ deploymentId: 'Deployments-1', serverTaskId: 'ServerTasks-1' })
  })
})
