/**
 * Finding projects, channels, environments and tenants by name or id, as users write them in workflow files.
 * A name matches exactly first, then case-insensitively (or by slug); an id (`Projects-12`) matches the id. When
 * nothing matches, the error names what was looked for, where, and the closest existing names ("did you mean").
 */
import { ActionError } from '../core/errors.js'
import type { OctopusClient } from './client.js'
import { spaceLink, type OctopusSpace } from './spaces.js'
import { didYouMean, knownNames } from './suggest.js'
import type { ChannelResource, EnvironmentResource, NamedResource, ProjectResource, TenantResource } from './types.js'

/**
 * The longest name or version an input may hold: they travel in URLs and query strings, so an oversized value fails
 * when the input is read, naming the input, instead of as a server's 414 or 431.
 */
export const NAME_MAX = 200

/** The item whose id, name (exact, then case-insensitive) or slug is `ident`. */
export function matchByNameOrId<T extends NamedResource>(items: T[], ident: string): T | undefined {
  const lower = ident.trim().toLowerCase()
  return (
    items.find((x) => x.Id.toLowerCase() === lower) ??
    items.find((x) => x.Name === ident.trim()) ??
    items.find((x) => x.Name.toLowerCase() === lower) ??
    items.find((x) => x.Slug?.toLowerCase() === lower)
  )
}

/** `The Octopus project 'X' was not found in space 'S'. Did you mean 'Y'?` plus what to do next. */
export function notFoundError(kind: string, ident: string, where: string, existing: string[], fix: string): ActionError {
  const hint = didYouMean(ident, existing) || (existing.length ? knownNames(existing) : ` There are no ${kind}s there.`)
  return new ActionError(`The Octopus ${kind} '${ident}' was not found in ${where} (or the credential cannot see it).${hint} ${fix}`)
}

/** A project by name, slug or id. */
export async function findProject(client: OctopusClient, space: OctopusSpace, ident: string): Promise<ProjectResource> {
  const link = spaceLink(space, 'Projects')
  // Narrow by partial name first (cheap on large instances); fall back to the whole list for ids and suggestions.
  const candidates = /^Projects-\d+$/i.test(ident.trim()) ? [] : await client.listAll<ProjectResource>(link, { partialName: ident.trim() })
  const found = matchByNameOrId(candidates, ident)
  if (found) return found
  const all = await client.listAll<ProjectResource>(space.Links.ProjectsAll ?? link)
  const match = matchByNameOrId(all, ident)
  if (match) return match
  throw notFoundError('project', ident, `space '${space.Name}'`, all.map((p) => p.Name), "Check the 'project' input: it takes the project's name or id.")
}

/** The channels of a project. */
export async function projectChannels(client: OctopusClient, space: OctopusSpace, project: ProjectResource): Promise<ChannelResource[]> {
  const link = project.Links?.Channels ?? `/api/${space.Id}/projects/${project.Id}/channels{?skip,take,partialName}`
  return client.listAll<ChannelResource>(link)
}

/** A channel of the project by name or id; the default channel when `ident` is empty. */
export async function findChannel(client: OctopusClient, space: OctopusSpace, project: ProjectResource, ident?: string): Promise<ChannelResource> {
  const channels = await projectChannels(client, space, project)
  if (!ident) {
    const def = channels.find((c) => c.IsDefault) ?? channels[0]
    if (!def) throw new ActionError(`The Octopus project '${project.Name}' has no channel.`)
    return def
  }
  const found = matchByNameOrId(channels, ident)
  if (found) return found
  throw notFoundError('channel', ident, `project '${project.Name}'`, channels.map((c) => c.Name), "Check the 'channel' input, or leave it empty to use the project's default channel.")
}

/** Environments by name or id, in the order given; one error listing every unknown name. */
export async function findEnvironments(client: OctopusClient, space: OctopusSpace, idents: string[]): Promise<EnvironmentResource[]> {
  if (!idents.length) return []
  const all = await client.listAll<EnvironmentResource>(space.Links.EnvironmentsAll ?? spaceLink(space, 'Environments'))
  return matchAll(all, idents, 'environment', `space '${space.Name}'`, 'Environment names are case-insensitive; check the spelling in the Octopus web portal (Infrastructure > Environments).')
}

/** Tenants by name or id; one error listing every unknown name. */
export async function findTenants(client: OctopusClient, space: OctopusSpace, idents: string[]): Promise<TenantResource[]> {
  if (!idents.length) return []
  const all = await client.listAll<TenantResource>(spaceLink(space, 'Tenants'))
  return matchAll(all, idents, 'tenant', `space '${space.Name}'`, "Check the 'tenants' input (names or ids, '*' for all tenants of the project).")
}

function matchAll<T extends NamedResource>(all: T[], idents: string[], kind: string, where: string, fix: string): T[] {
  const found: T[] = []
  const missing: string[] = []
  for (const ident of idents) {
    const m = matchByNameOrId(all, ident)
    if (m) found.push(m)
    else missing.push(ident)
  }
  if (missing.length === 1) throw notFoundError(kind, missing[0], where, all.map((x) => x.Name), fix)
  if (missing.length > 1) {
    const hints = missing.map((m) => `'${m}'${didYouMean(m, all.map((x) => x.Name)).replace(/^ Did you mean/, ' (did you mean').replace(/\?$/, '?)')}`)
    throw new ActionError(`These Octopus ${kind}s were not found in ${where}: ${hints.join(', ')}.${knownNames(all.map((x) => x.Name))} ${fix}`)
  }
  return found
}
