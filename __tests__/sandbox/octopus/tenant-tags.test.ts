/**
 * The fake selects tenants by tags as Octopus does (OR within a tag set, AND across sets; OctopusDeploy/Issues #8088
 * lists the expected answers of `GET tenants?tags=`), and the action's own plan (src/octopus/deploy/tenants.ts)
 * agrees with what the fake deploys for the same selection.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { OctopusClient } from '../../../src/octopus/client.js'
import { loadTenantPlan } from '../../../src/octopus/deploy/tenants.js'
import { findEnvironments, findProject } from '../../../src/octopus/lookups.js'
import { resolveSpace } from '../../../src/octopus/spaces.js'
import { addTagSet } from '../../../sandbox/octopus/builders.js'
import { addTenantFixture, PROJECT } from '../../integration/actions/deploy/tenant-fixture.js'
import { testContext } from '../../helpers/test-context.js'
import { harness, space, type Harness } from './helpers.js'

const names = (body: { Items?: { Name: string }[] } | { Name: string }[]) => (Array.isArray(body) ? body : (body.Items ?? [])).map((t) => t.Name).sort()

describe('Octopus fake: tenant tag filters', () => {
  let h: Harness
  beforeAll(async () => {
    h = await harness()
    // The example of OctopusDeploy/Issues #8088 (its expected answers imply these tags).
    addTagSet(h.fake.store, h.fake.spaceId, 'Continent', ['Australia', 'NorthAmerica', 'Europe'])
    addTagSet(h.fake.store, h.fake.spaceId, 'Ring', ['Alpha', 'Beta', 'Main'])
    h.fake.addTenant('A', {}, ['Continent/Australia', 'Ring/Alpha', 'Ring/Main'])
    h.fake.addTenant('B', {}, ['Continent/Australia', 'Ring/Beta'])
    h.fake.addTenant('C', {}, ['Continent/Europe', 'Ring/Alpha'])
  })
  afterAll(() => h.fake.close())

  it.each([
    ['Continent/Australia,Ring/Beta', ['B']],
    ['Continent/Australia,Ring/Alpha,Ring/Beta', ['A', 'B']],
    ['Continent/Australia,Ring/Main,Ring/Beta', ['A', 'B']],
    ['Continent/Europe', ['C']],
    ['Continent/Europe,Ring/Beta', []]
  ])('GET tenants?tags=%s answers %j (and tenants/all the same)', async (tags, expected) => {
    const q = `tags=${encodeURIComponent(tags)}&partialName=`
    const paged = await h.get(`/api/Spaces-1/tenants?${q}`)
    expect(paged.status).toBe(200)
    expect(names(paged.body)).toEqual(expected)
    const all = await h.get(`/api/Spaces-1/tenants/all?${q}`)
    expect(names(all.body)).toEqual(expected)
  })

  it('repeated tags= parameters are one filter, tag names are case-insensitive, projectId narrows', async () => {
    const r = await h.get('/api/Spaces-1/tenants?tags=continent%2Faustralia&tags=RING%2Fbeta')
    expect(names(r.body)).toEqual(['B'])
    const saas = h.fake.store.project('Spaces-1', 'Random Quotes SaaS')!.Id
    const gold = await h.get(`/api/Spaces-1/tenants?projectId=${saas}&tags=Tier%2FGold`)
    expect(names(gold.body)).toEqual(['Acme', 'Initech'])
  })
})

describe('the fake and the action select the same tenants', () => {
  let h: Harness
  let client: OctopusClient
  let version = 0
  beforeAll(async () => {
    h = await harness()
    addTenantFixture(h.fake)
    const t = testContext('tenant-plan')
    client = await OctopusClient.connect({
      server: h.fake.url,
      credential: { kind: 'apiKey', apiKey: h.fake.apiKey },
      logger: t.ctx.logger,
      secrets: t.ctx.secrets,
      sleep: async () => undefined
    })
  })
  afterAll(async () => {
    await client.close()
    await h.fake.close()
  })

  it.each([
    [[], ['Tier/Gold', 'Region/US']],
    [[], ['Tier/Gold', 'Region/US', 'Ring/Alpha']],
    [[], ['Tier/Gold', 'Tier/Silver', 'Region/EU']],
    [[], ['Ring/Beta']],
    [['Globex'], ['Tier/Gold', 'Region/US']],
    [['Hooli', 'Acme'], ['Ring/Alpha']],
    [['*'], []],
    [['Acme'], []]
  ])('tenants %j, tenant_tags %j', async (tenants, tenantTags) => {
    // What the fake deploys when asked as the official deploy-release-tenanted action asks (Tenants + TenantTags).
    const ReleaseVersion = `2.0.${++version}`
    expect((await h.post('/api/Spaces-1/releases/create/v1', { ...space, ProjectName: PROJECT, ReleaseVersion })).status).toBe(201)
    const res = await h.post('/api/Spaces-1/deployments/create/tenanted/v1', {
      ...space,
      ProjectName: PROJECT,
      ReleaseVersion,
      EnvironmentName: 'Dev',
      Tenants: tenants,
      TenantTags: tenantTags
    })
    expect(res.status).toBe(200)
    const taskIds = new Set(res.body.DeploymentServerTasks.map((d: { ServerTaskId: string }) => d.ServerTaskId))
    const byServer = h.fake.store.deployments
      .filter((d) => taskIds.has(d.TaskId))
      .map((d) => h.fake.store.tenants.find((t) => t.Id === d.TenantId)!.Name)
      .sort()

    // The action's own plan for the same selection.
    const s = await resolveSpace(client)
    const project = await findProject(client, s, PROJECT)
    const environments = await findEnvironments(client, s, ['Dev'])
    const plan = await loadTenantPlan(client, s, project, environments, { tenants, tenantTags })
    const planned = plan.environments[0].tenants.map((t) => t.tenant.Name).sort()

    expect(byServer.length).toBeGreaterThan(0)
    expect(planned).toEqual(byServer)
  })
})
