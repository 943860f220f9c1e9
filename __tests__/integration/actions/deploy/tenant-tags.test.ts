/**
 * Tenant tags select tenants as Octopus does: OR within a tag set, AND across tag sets, named tenants added (union),
 * only tenants connected to the project in the environment. On both server flavours (executions API and legacy).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startOctopusFake, type OctopusFake } from '../../../../sandbox/octopus/index.js'
import { createRelease } from '../../../helpers/octopus-release.js'
import { deployments, runDeploy } from './helpers.js'
import { addTenantFixture, PROJECT } from './tenant-fixture.js'

const PROFILE = { queueMs: 1000, durationMs: 2000, cancelMs: 1000 }

describe.each([
  ['modern (executions API)', '2025.x'],
  ['2022.1 (legacy API)', '2022.1.x']
])('tenant selection on %s', (_label, version) => {
  let fake: OctopusFake
  let release = 0
  beforeAll(async () => {
    fake = await startOctopusFake({ version, taskProfile: PROFILE })
    addTenantFixture(fake)
  })
  afterAll(() => fake.close())

  /** Deploys a fresh release to `environment` with the given inputs; returns the tenants deployed to. */
  async function deploy(environment: string, inputs: Record<string, string>) {
    const version = `1.0.${++release}`
    await createRelease(fake, PROJECT, version)
    const before = deployments(fake).length
    const run = await runDeploy(fake, { project: PROJECT, release_number: version, environment, ...inputs })
    const deployed = deployments(fake)
      .slice(before)
      .map((d) => `${d.environment}/${d.tenant}`)
      .sort()
    return { ...run, deployed }
  }

  it('two tag sets are AND-ed: Gold tenants in the US', async () => {
    const r = await deploy('Dev', { tenant_tags: 'Tier/Gold\nRegion/US' })
    expect(r.t.failures).toEqual([])
    expect(r.deployed).toEqual(['Dev/Initech', 'Dev/Umbrella'])
    expect(JSON.parse(r.t.outputs.server_tasks).map((x: { tenantName: string }) => x.tenantName).sort()).toEqual(['Initech', 'Umbrella'])
    expect(r.t.logger.text()).toContain('Tenant tags Tier/Gold AND Region/US matched: Initech, Umbrella')
    expect(r.t.summary.text()).toContain('Tags <code>Tier/Gold AND Region/US</code> matched <b>Initech</b>, <b>Umbrella</b>')
  })

  it('three tag sets: Gold, US and Alpha', async () => {
    const r = await deploy('Dev', { tenant_tags: 'Tier/Gold, Region/US, Ring/Alpha' })
    expect(r.t.failures).toEqual([])
    expect(r.deployed).toEqual(['Dev/Umbrella'])
  })

  it('several tags of one set are OR-ed, then AND-ed with the other set', async () => {
    const r = await deploy('Dev', { tenant_tags: 'Tier/Gold\nTier/Silver\nRegion/EU' })
    expect(r.t.failures).toEqual([])
    expect(r.deployed).toEqual(['Dev/Acme', 'Dev/Hooli'])
    expect(r.t.logger.text()).toContain('Tenant tags (Tier/Gold OR Tier/Silver) AND Region/EU matched: Acme, Hooli')
  })

  it('a tag that no tenant carries is a clear error and nothing is deployed', async () => {
    for (const tags of ['Ring/Stable', 'Tier/Gold\nRing/Stable']) {
      const r = await deploy('Dev', { tenant_tags: tags })
      expect(r.code).toBe(1)
      expect(r.t.failures[0]).toContain("no tenant connected to the project carries 'Ring/Stable'")
      expect(r.t.failures[0]).toContain('Nothing was deployed')
      expect(r.deployed).toEqual([])
    }
    const typo = await deploy('Dev', { tenant_tags: 'Tier/Gld' })
    expect(typo.t.failures[0]).toContain("These tenant tags do not exist in space 'Default': 'Tier/Gld' (did you mean 'Tier/Gold'?)")
    expect(typo.deployed).toEqual([])
  })

  it('tenants and tenant_tags together deploy to the union', async () => {
    const r = await deploy('Dev', { tenants: 'Globex', tenant_tags: 'Tier/Gold\nRegion/US' })
    expect(r.t.failures).toEqual([])
    expect(r.deployed).toEqual(['Dev/Globex', 'Dev/Initech', 'Dev/Umbrella'])
  })

  it('says which tag matches are not connected to the environment, and deploys the rest', async () => {
    const version = `1.0.${++release}`
    await createRelease(fake, PROJECT, version)
    // Octopus promotes per tenant: every tenant goes through Dev and Test first.
    for (const environment of ['Dev', 'Test']) expect((await runDeploy(fake, { project: PROJECT, release_number: version, environment, tenants: '*' })).t.failures).toEqual([])
    const before = deployments(fake).length
    const prod = await runDeploy(fake, { project: PROJECT, release_number: version, environment: 'Prod', tenant_tags: 'Tier/Gold\nRegion/US' })
    expect(prod.t.failures).toEqual([])
    expect(deployments(fake).slice(before).map((d) => `${d.environment}/${d.tenant}`)).toEqual(['Prod/Umbrella'])
    expect(prod.t.summary.text()).toContain(
      "<b>Initech</b> (matched by the tags) left out of Prod: not connected to project 'Random Quotes SaaS' in environment 'Prod' (connected in Dev, Test)"
    )
  })

  it('a named tenant that is not connected is left out with the reason; the others are deployed', async () => {
    const r = await deploy('Dev', { tenants: 'Stark\nAcme' })
    expect(r.t.failures).toEqual([])
    expect(r.deployed).toEqual(['Dev/Acme'])
    expect(r.t.logger.text()).toContain("Tenant 'Stark' is left out of Dev: not connected to project 'Random Quotes SaaS'.")
    expect(r.t.summary.text()).toContain("<b>Stark</b> (named in <code>tenants</code>) left out of Dev: not connected to project 'Random Quotes SaaS'")
    const unknown = await deploy('Dev', { tenants: 'Acmee' })
    expect(unknown.t.failures[0]).toContain("The Octopus tenant 'Acmee' was not found in project 'Random Quotes SaaS'")
    expect(unknown.t.failures[0]).toContain("Did you mean 'Acme'?")
    expect(unknown.deployed).toEqual([])
  })

  it('sends the planned tenants by name on the executions API (or one POST per tenant on legacy servers)', async () => {
    const r = await deploy('Dev', { tenant_tags: 'Tier/Gold\nRegion/US' })
    expect(r.t.failures).toEqual([])
    if (fake.modern) {
      const body = fake.server.log.filter('POST', /deployments\/create\/tenanted\/v1$/).at(-1)!.body as { Tenants: string[]; TenantTags: string[] }
      expect(body.Tenants.sort()).toEqual(['Initech', 'Umbrella'])
      expect(body.TenantTags).toEqual([])
    } else {
      const posts = fake.server.log.filter('POST', /\/deployments$/).slice(-2)
      expect(posts.map((p) => (p.body as { TenantId: string }).TenantId).sort()).toEqual(
        ['Initech', 'Umbrella'].map((n) => fake.store.tenants.find((t) => t.Name === n)!.Id).sort()
      )
    }
  })
})
