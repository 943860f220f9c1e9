/**
 * Tenants with three tag sets for the tag-selection tests, on top of the seed's tenanted project "Random Quotes SaaS"
 * (seed tenants Acme, Globex, Initech; tag sets Tier and Region):
 *
 * | tenant   | Tier   | Region | Ring  | connected to Random Quotes SaaS in |
 * |----------|--------|--------|-------|------------------------------------|
 * | Acme     | Gold   | EU     | Alpha | Dev, Test, Prod                    |
 * | Globex   | Silver | US     | Beta  | Dev, Test, Prod                    |
 * | Initech  | Gold   | US     | Beta  | Dev, Test                          |
 * | Umbrella | Gold   | US     | Alpha | Dev, Test, Prod                    |
 * | Hooli    | Silver | EU     |       | Dev, Test, Prod                    |
 * | Stark    | Gold   | US     |       | (not connected to the project)     |
 *
 * The tag set Ring also has `Stable`, which no tenant carries.
 */
import { addTagSet } from '../../../../sandbox/octopus/builders.js'
import type { OctopusFake } from '../../../../sandbox/octopus/index.js'

export const PROJECT = 'Random Quotes SaaS'

export function addTenantFixture(fake: OctopusFake): void {
  addTagSet(fake.store, fake.spaceId, 'Ring', ['Alpha', 'Beta', 'Stable'])
  const tag = (name: string, ...tags: string[]) => fake.store.tenants.find((t) => t.Name === name)!.TenantTags.push(...tags)
  tag('Acme', 'Ring/Alpha')
  tag('Globex', 'Ring/Beta')
  tag('Initech', 'Ring/Beta')
  const all = { [PROJECT]: ['Dev', 'Test', 'Prod'] }
  fake.addTenant('Umbrella', all, ['Tier/Gold', 'Region/US', 'Ring/Alpha'])
  fake.addTenant('Hooli', all, ['Tier/Silver', 'Region/EU'])
  fake.addTenant('Stark', {}, ['Tier/Gold', 'Region/US'])
}
