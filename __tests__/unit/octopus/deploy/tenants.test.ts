import { describe, expect, it } from '@jest/globals'
import { describeTagFilter, groupTagsBySet, matchesTagFilter, planTenants } from '../../../../src/octopus/deploy/tenants.js'
import type { EnvironmentResource, ProjectResource, TenantResource } from '../../../../src/octopus/types.js'

const project: ProjectResource = { Id: 'Projects-1', Name: 'Shop', SpaceId: 'Spaces-1' }
const dev: EnvironmentResource = { Id: 'Environments-1', Name: 'Dev' }
const prod: EnvironmentResource = { Id: 'Environments-3', Name: 'Prod' }
const tenant = (Id: string, Name: string, tags: string[], envs: string[] | null, extra: object = {}): TenantResource =>
  ({ Id, Name, TenantTags: tags, ProjectEnvironments: envs ? { 'Projects-1': envs } : {}, ...extra }) as TenantResource
const a = tenant('Tenants-1', 'A', ['Tier/Gold', 'Region/EU'], ['Environments-1', 'Environments-3'])
const b = tenant('Tenants-2', 'B', ['Tier/Gold', 'Region/US'], ['Environments-1'])
const c = tenant('Tenants-3', 'C', ['tier/silver', 'Region/US'], ['Environments-1', 'Environments-3'])
const off = tenant('Tenants-4', 'Off', ['Tier/Gold', 'Region/US'], ['Environments-1', 'Environments-3'], { IsDisabled: true })
const outside = tenant('Tenants-9', 'Outside', ['Tier/Gold'], null)

describe('tenant tag filters', () => {
  it('groups by tag set case-insensitively and describes the filter as Octopus evaluates it', () => {
    const groups = groupTagsBySet(['Tier/Gold', 'Region/US', 'tier/Silver', 'Tier/gold'])
    expect(groups).toEqual([['Tier/Gold', 'tier/Silver'], ['Region/US']])
    expect(describeTagFilter(groups)).toBe('(Tier/Gold OR tier/Silver) AND Region/US')
    expect(matchesTagFilter(['TIER/SILVER', 'region/us'], groups)).toBe(true)
    expect(matchesTagFilter(['Tier/Gold', 'Region/EU'], groups)).toBe(false)
    expect(matchesTagFilter(['Tier/Gold'], [])).toBe(false)
  })

  it('plans the union of named and tagged tenants, connected and enabled only, with reasons', () => {
    const plan = planTenants({
      project,
      environments: [dev, prod],
      selection: { tenants: ['C', 'Outside'], tenantTags: ['Tier/Gold', 'Region/US'] },
      projectTenants: [a, b, c, off],
      spaceTenants: [a, b, c, off, outside]
    })
    expect(plan.tagFilter).toBe('Tier/Gold AND Region/US')
    expect(plan.tagMatches).toEqual(['B', 'Off'])
    const [d, p] = plan.environments
    expect(d.tenants.map((t) => `${t.tenant.Name}:${t.via.join('+')}`)).toEqual(['C:named', 'B:tags'])
    expect(p.tenants.map((t) => t.tenant.Name)).toEqual(['C'])
    expect(p.leftOut).toEqual([
      { name: 'Outside', via: ['named'], reason: "not connected to project 'Shop'" },
      { name: 'B', via: ['tags'], reason: "not connected to project 'Shop' in environment 'Prod' (connected in Dev)" },
      { name: 'Off', via: ['tags'], reason: 'the tenant is disabled' }
    ])
  })

  it("'*' takes every connected tenant without listing the ones it skips", () => {
    const plan = planTenants({ project, environments: [prod], selection: { tenants: ['*'], tenantTags: [] }, projectTenants: [a, b, c] })
    expect(plan.environments[0].tenants.map((t) => t.tenant.Name)).toEqual(['A', 'C'])
    expect(plan.environments[0].leftOut).toEqual([])
  })

  it('refuses a tag filter that matches nothing and a tenant that does not exist', () => {
    const run = (tenants: string[], tenantTags: string[]) => () =>
      planTenants({ project, environments: [dev], selection: { tenants, tenantTags }, projectTenants: [a, b, c], spaceTenants: [a, b, c] })
    expect(run([], ['Tier/Gold', 'Region/APAC'])).toThrow("no tenant connected to the project carries 'Region/APAC'")
    expect(run([], ['Tier/Silver', 'Region/EU'])).toThrow('no tenant connected to the project carries a tag of every tag set')
    expect(run(['Bee'], [])).toThrow("The Octopus tenant 'Bee' was not found in project 'Shop'")
  })
})
