/**
 * How Octopus selects tenants by tags (docs "Tenant tags" > "Tag-based filters"; OctopusDeploy/Issues #8088, which
 * lists the expected answers of `GET /tenants?tags=`): a tenant matches when, for **every tag set** named in the
 * filter, it carries **at least one** of the filter's tags of that set. Named tenants and tagged tenants are combined
 * as a union (`TenantsNamed(…) UNION TenantsTagged(…)`).
 */
import type { OctopusStore } from './store.js'
import type { Tenant } from './model.js'

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
