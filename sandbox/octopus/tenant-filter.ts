/**
 * How Octopus selects tenants by tags (docs "Tenant tags" > "Tag-based filters"; OctopusDeploy/Issues #8088, which
 * lists the expected answers of `GET /tenants?tags=`): a tenant matches when, for **every tag set** named in the
 * filter, it carries **at least one** of the filter's tags of that set. Named tenants and tagged tenants are combined
 * as a union (`TenantsNamed(…) UNION TenantsTagged(…)`).
 */
import type { OctopusContext } from './context.js'
import { invalid } from './errors.js'
import type { Environment, Project, Space, Tenant } from './model.js'
import type { OctopusStore } from './store.js'

const key = (s: string) => s.trim().toLowerCase()

/** `Tier/Gold` -> `tier`; canonical names are `TagSet/Tag`. */
function tagSetOf(canonical: string): string {
  const slash = canonical.indexOf('/')
  return key(slash < 0 ? canonical : canonical.slice(0, slash))
}

export function tenantMatchesTags(tenant: Tenant, tags: string[]): boolean {
  if (!tags.length) return true
  const carried = new Set(tenant.TenantTags.map(key))
  const bySet = new Map<string, boolean>()
  for (const tag of tags) bySet.set(tagSetOf(tag), (bySet.get(tagSetOf(tag)) ?? false) || carried.has(key(tag)))
  return [...bySet.values()].every(Boolean)
}

/** Canonical tag names the space's tag sets define (case-insensitive lookup). */
export function unknownTags(store: OctopusStore, spaceId: string, tags: string[]): string[] {
  const known = new Set(store.tagSets.filter((ts) => ts.SpaceId === spaceId).flatMap((ts) => ts.Tags.map((t) => key(t.CanonicalTagName))))
  return tags.filter((t) => !known.has(key(t)))
}

/**
 * The tenants of a tenanted execution (deployment or runbook run) in one environment: `Tenants` (names or ids, `*` =
 * every connected tenant; a named tenant must be connected to the project in the environment) united with the
 * connected tenants `TenantTags` select. Unknown tenants and tags are a 400.
 */
export function selectTenants(ctx: OctopusContext, space: Space, project: Project, env: Environment, names: string[], tags: string[]): Tenant[] {
  const connected = (t: Tenant) => (t.ProjectEnvironments[project.Id] ?? []).includes(env.Id)
  const chosen = new Map<string, Tenant>()
  const spaceTenants = ctx.store.tenants.filter((t) => t.SpaceId === space.Id)
  for (const name of names) {
    if (name === '*') {
      for (const t of spaceTenants.filter(connected)) chosen.set(t.Id, t)
      continue
    }
    const t = ctx.store.tenant(space.Id, name)
    if (!t) throw invalid(`The tenant '${name}' was not found.`)
    if (!connected(t)) throw invalid(`The tenant '${t.Name}' is not connected to project '${project.Name}' in environment '${env.Name}'.`)
    chosen.set(t.Id, t)
  }
  const unknown = unknownTags(ctx.store, space.Id, tags)
  if (unknown.length) throw invalid(...unknown.map((tag) => `The tenant tag '${tag}' was not found. Tenant tags use the canonical form TagSet/Tag.`))
  if (tags.length) for (const t of spaceTenants.filter((x) => connected(x) && tenantMatchesTags(x, tags))) chosen.set(t.Id, t)
  return [...chosen.values()]
}
