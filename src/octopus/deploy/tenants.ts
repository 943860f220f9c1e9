/**
 * Which tenants a tenanted deployment goes to, decided the way Octopus decides it (docs "Tenant tags" > "Tag-based
 * filters"; OctopusDeploy/Issues #8088):
 *
 * - tags **within one tag set are OR'ed**, tags of **different tag sets are AND'ed**: `Tier/Gold, Region/US` means
 *   "Gold tenants in the US"; `Tier/Gold, Tier/Silver` means "Gold or Silver tenants";
 * - tenants named in `tenants` are added to the tag selection (a **union**: `TenantsNamed(…) UNION TenantsTagged(…)`);
 *   `*` means every tenant of the project;
 * - only tenants connected to the project in the environment (and not disabled) are deployed to.
 *
 * The plan is computed once, from the project's tenants, and used on every server version: the legacy flow creates
 * one deployment per planned tenant, and the executions API is sent the planned tenants by name (so what is deployed
 * is exactly what the plan, the log and the job summary say, whatever the server's own tag query does).
 */
import { ActionError } from '../../core/errors.js'
import type { OctopusClient } from '../client.js'
import { matchByNameOrId, notFoundError } from '../lookups.js'
import { spaceLink, type OctopusSpace } from '../spaces.js'
import { didYouMean } from '../suggest.js'
import type { EnvironmentResource, NamedResource, ProjectResource, TenantResource } from '../types.js'

export interface TenantSelection {
  /** Tenant names or ids; `*` = every tenant of the project. */
  tenants: string[]
  /** Canonical tags `TagSet/Tag`. */
  tenantTags: string[]
}

export type TenantVia = 'named' | 'all' | 'tags'

export interface PlannedTenant {
  tenant: TenantResource
  /** Why it was selected: named in `tenants`, `*`, or matched by `tenant_tags`. */
  via: TenantVia[]
}

export interface LeftOutTenant {
  name: string
  via: TenantVia[]
  /** Why no deployment is created for it in this environment. */
  reason: string
}

export interface EnvironmentTenants {
  environment: EnvironmentResource
  tenants: PlannedTenant[]
  leftOut: LeftOutTenant[]
}

export interface TenantPlan {
  environments: EnvironmentTenants[]
  /** The tag filter as Octopus evaluates it, e.g. `Tier/Gold AND (Region/EU OR Region/US)`; undefined without tags. */
  tagFilter?: string
  /** Names of the project's tenants the tag filter matched (before the environment check). */
  tagMatches: string[]
  /** Given tags that no tenant of the project carries. */
  unmatchedTags: string[]
}

const lower = (s: string) => s.trim().toLowerCase()

/** Tags grouped by tag set (the part before `/`), case-insensitively, in the order given. */
export function groupTagsBySet(tags: string[]): string[][] {
  const groups = new Map<string, string[]>()
  for (const tag of tags) {
    const set = lower(tag.slice(0, Math.max(0, tag.indexOf('/'))))
    const group = groups.get(set) ?? []
    if (!group.some((t) => lower(t) === lower(tag))) group.push(tag.trim())
    groups.set(set, group)
  }
  return [...groups.values()]
}

/** True when the tenant carries at least one tag of every tag set in the filter. */
export function matchesTagFilter(tenantTags: readonly string[] | undefined, groups: string[][]): boolean {
  if (!groups.length) return false
  const carried = new Set((tenantTags ?? []).map(lower))
  return groups.every((group) => group.some((tag) => carried.has(lower(tag))))
}

/** `Tier/Gold AND (Region/EU OR Region/US)`. */
export function describeTagFilter(groups: string[][]): string {
  const parts = groups.map((g) => (g.length > 1 ? `(${g.join(' OR ')})` : g[0]))
  return parts.length > 1 ? parts.join(' AND ') : (parts[0] ?? '')
}

function connectedEnvironments(t: TenantResource, project: ProjectResource): string[] {
  return t.ProjectEnvironments?.[project.Id] ?? []
}

function isDisabled(t: TenantResource): boolean {
  return (t as TenantResource & { IsDisabled?: boolean }).IsDisabled === true
}

export interface PlanInput {
  project: ProjectResource
  environments: EnvironmentResource[]
  selection: TenantSelection
  /** Tenants connected to the project (`GET tenants?projectId=`). */
  projectTenants: TenantResource[]
  /** Every tenant of the space; needed only when a named tenant is not among the project's. */
  spaceTenants?: TenantResource[]
  /** Every environment of the space, to name the environments a tenant is connected to (ids otherwise). */
  environmentNames?: Map<string, string>
}

/**
 * The pure selection. Throws an `ActionError` (nothing is deployed) for a named tenant that does not exist and for a
 * tag filter that matches no tenant of the project.
 */
export function planTenants(input: PlanInput): TenantPlan {
  const { project, environments, selection, projectTenants } = input
  const groups = groupTagsBySet(selection.tenantTags)
  const tagMatches = groups.length ? projectTenants.filter((t) => matchesTagFilter(t.TenantTags, groups)) : []
  const carried = new Set(projectTenants.flatMap((t) => (t.TenantTags ?? []).map(lower)))
  const unmatchedTags = selection.tenantTags.filter((tag) => !carried.has(lower(tag)))
  const tagFilter = groups.length ? describeTagFilter(groups) : undefined
  if (groups.length && !tagMatches.length) {
    const why = unmatchedTags.length
      ? `no tenant connected to the project carries ${unmatchedTags.map((t) => `'${t}'`).join(', ')}`
      : 'no tenant connected to the project carries a tag of every tag set (tags of different tag sets must all match)'
    throw new ActionError(
      `'tenant_tags' (${tagFilter}) matched no tenant of project '${project.Name}': ${why}. Tags within one tag set are OR'ed, tag sets are AND'ed. Nothing was deployed; check the tags on the tenants in Octopus (Tenants), or the 'tenant_tags' input.`
    )
  }

  const all = selection.tenants.some((t) => t.trim() === '*')
  const named: TenantResource[] = []
  const notInProject: TenantResource[] = []
  for (const ident of selection.tenants.filter((t) => t.trim() !== '*')) {
    const inProject = matchByNameOrId(projectTenants, ident)
    if (inProject) {
      if (!named.includes(inProject)) named.push(inProject)
      continue
    }
    const elsewhere = input.spaceTenants ? matchByNameOrId(input.spaceTenants, ident) : undefined
    if (!elsewhere) {
      const candidates = (input.spaceTenants ?? projectTenants).map((t) => t.Name)
      throw notFoundError('tenant', ident, `project '${project.Name}'`, candidates, "Check the 'tenants' input (names or ids, '*' for every tenant of the project).")
    }
    if (!notInProject.includes(elsewhere)) notInProject.push(elsewhere)
  }

  const envName = (id: string) => input.environmentNames?.get(id) ?? environments.find((e) => e.Id === id)?.Name ?? id
  const plans = environments.map((environment): EnvironmentTenants => {
    const chosen = new Map<string, PlannedTenant>()
    const add = (t: TenantResource, via: TenantVia) => {
      const p = chosen.get(t.Id) ?? { tenant: t, via: [] }
      if (!p.via.includes(via)) p.via.push(via)
      chosen.set(t.Id, p)
    }
    for (const t of named) add(t, 'named')
    if (all) for (const t of projectTenants) add(t, 'all')
    for (const t of tagMatches) add(t, 'tags')
    const tenants: PlannedTenant[] = []
    const leftOut: LeftOutTenant[] = notInProject.map((t) => ({
      name: t.Name,
      via: ['named'],
      reason: `not connected to project '${project.Name}'`
    }))
    for (const p of chosen.values()) {
      const envs = connectedEnvironments(p.tenant, project)
      if (isDisabled(p.tenant)) leftOut.push({ name: p.tenant.Name, via: p.via, reason: 'the tenant is disabled' })
      else if (envs.includes(environment.Id)) tenants.push(p)
      else if (p.via.includes('named') || p.via.includes('tags'))
        // '*' alone means "the connected ones": tenants it skips are not worth a line each.
        leftOut.push({
          name: p.tenant.Name,
          via: p.via,
          reason: `not connected to project '${project.Name}' in environment '${environment.Name}'${envs.length ? ` (connected in ${envs.map(envName).join(', ')})` : ''}`
        })
    }
    return { environment, tenants, leftOut }
  })
  return { environments: plans, tagFilter, tagMatches: tagMatches.map((t) => t.Name), unmatchedTags }
}

interface TagSetResource extends NamedResource {
  Tags?: { Name: string; CanonicalTagName?: string }[]
}

/** Checks the tags exist (a typo gets "did you mean"), before anything is deployed. */
async function checkTagsExist(client: OctopusClient, space: OctopusSpace, tags: string[]): Promise<void> {
  if (!tags.length || !space.Links.TagSets) return
  const sets = await client.listAll<TagSetResource>(spaceLink(space, 'TagSets'))
  const known = sets.flatMap((s) => (s.Tags ?? []).map((t) => t.CanonicalTagName ?? `${s.Name}/${t.Name}`))
  const knownLower = new Set(known.map(lower))
  const missing = tags.filter((t) => !knownLower.has(lower(t)))
  if (missing.length)
    throw new ActionError(
      `These tenant tags do not exist in space '${space.Name}': ${missing.map((m) => `'${m}'${didYouMean(m, known).replace(/^ Did you mean (.*)\?$/, ' (did you mean $1?)')}`).join(', ')}. ` +
        `Tags are written TagSet/Tag (canonical names, Library > Tenant Tag Sets). Nothing was deployed.`
    )
}

/** Loads the project's tenants (and what else the selection needs) and plans the deployments. */
export async function loadTenantPlan(
  client: OctopusClient,
  space: OctopusSpace,
  project: ProjectResource,
  environments: EnvironmentResource[],
  selection: TenantSelection
): Promise<TenantPlan> {
  await checkTagsExist(client, space, selection.tenantTags)
  const link = spaceLink(space, 'Tenants')
  const projectTenants = (await client.listAll<TenantResource>(link, { projectId: project.Id })).filter((t) => t.ProjectEnvironments?.[project.Id])
  const named = selection.tenants.filter((t) => t.trim() !== '*')
  const needSpace = named.some((ident) => !matchByNameOrId(projectTenants, ident))
  const spaceTenants = needSpace ? await client.listAll<TenantResource>(link) : undefined
  const input: PlanInput = { project, environments, selection, projectTenants, spaceTenants }
  const plan = planTenants(input)
  if (!plan.environments.some((e) => e.leftOut.length)) return plan
  // Someone is left out: name the environments it is connected to (one more request, only in this case).
  const all = await client.listAll<EnvironmentResource>(space.Links.EnvironmentsAll ?? spaceLink(space, 'Environments'))
  return planTenants({ ...input, environmentNames: new Map(all.map((e) => [e.Id, e.Name])) })
}

/** One line per fact, for the job log: what the tags matched and who was left out where. */
export function describeTenantPlan(plan: TenantPlan): string[] {
  const lines: string[] = []
  if (plan.tagFilter)
    lines.push(`Tenant tags ${plan.tagFilter} matched: ${plan.tagMatches.join(', ')}${plan.unmatchedTags.length ? ` (no tenant carries ${plan.unmatchedTags.join(', ')})` : ''}`)
  for (const e of plan.environments) {
    lines.push(`${e.environment.Name}: ${e.tenants.length ? e.tenants.map((t) => t.tenant.Name).join(', ') : 'no tenant'}`)
    for (const l of e.leftOut) lines.push(`${e.environment.Name}: ${l.name} left out: ${l.reason}`)
  }
  return lines
}

/** The error when the plan deploys nothing at all. */
export function emptyPlanError(project: ProjectResource, plan: TenantPlan, selection: TenantSelection): ActionError {
  const asked = [...selection.tenants, ...(plan.tagFilter ? [`tags ${plan.tagFilter}`] : [])].join(', ')
  const reasons = plan.environments.flatMap((e) => e.leftOut.map((l) => `${l.name} in ${e.environment.Name}: ${l.reason}`))
  return new ActionError(
    `No tenant to deploy ${project.Name} to: ${asked} selected no tenant connected to the project in ${plan.environments.map((e) => e.environment.Name).join(', ')}.` +
      `${reasons.length ? ` ${reasons.join('; ')}.` : ''} Nothing was deployed. Connect the tenants to the project and environment in Octopus (Tenants > Connect project), or change 'tenants' / 'tenant_tags'.`
  )
}
