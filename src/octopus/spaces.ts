/**
 * Space resolution: by name (exact, then case-insensitive) or by id (`Spaces-N`), or the default space when no
 * space is given. Returns the space with the links of its home document (`/api/{spaceId}`), which every
 * space-scoped request starts from.
 */
import { ActionError } from '../core/errors.js'
import type { OctopusClient } from './client.js'
import { didYouMean, knownNames } from './suggest.js'
import type { Links, SpaceResource } from './types.js'

export interface OctopusSpace {
  Id: string
  Name: string
  /** Links of the space home document: Projects, Environments, Releases, Tasks... */
  Links: Links
}

const SPACE_ID = /^Spaces-\d+$/i

/** Space-scoped link of the space home, e.g. `link(space, 'Projects')`. Throws when the server lacks it. */
export function spaceLink(space: OctopusSpace, name: string): string {
  const link = space.Links[name]
  if (!link) throw new ActionError(`The Octopus space '${space.Name}' has no '${name}' link; this server version may not support the operation.`)
  return link
}

async function allSpaces(client: OctopusClient): Promise<SpaceResource[]> {
  const link = client.rootLink('SpacesAll') ?? client.rootLink('Spaces') ?? '/api/spaces{?skip,take,partialName}'
  return client.listAll<SpaceResource>(link)
}

/** Finds a space by name or id (`undefined` = the default space) and loads its home document. */
export async function resolveSpace(client: OctopusClient, ident?: string): Promise<OctopusSpace> {
  const spaces = await allSpaces(client)
  let space: SpaceResource | undefined
  if (!ident) {
    space = spaces.find((s) => s.IsDefault)
    if (!space)
      throw new ActionError(
        `The Octopus server has no default space, so a space must be named: set the 'space' input (or OCTOPUS_SPACE) to one of the spaces.${knownNames(spaces.map((s) => s.Name))}`
      )
  } else {
    const lower = ident.toLowerCase()
    space =
      spaces.find((s) => s.Name === ident) ??
      spaces.find((s) => s.Id.toLowerCase() === lower || s.Name.toLowerCase() === lower) ??
      spaces.find((s) => s.Slug?.toLowerCase() === lower)
    if (!space) {
      const kind = SPACE_ID.test(ident) ? 'id' : 'name'
      throw new ActionError(
        `The Octopus space with ${kind} '${ident}' was not found (or the credential cannot see it).${didYouMean(ident, spaces.map((s) => s.Name)) || knownNames(spaces.map((s) => s.Name))} Set 'space' (or OCTOPUS_SPACE) to a space name or Spaces-N id.`
      )
    }
  }
  const homeLink = space.Links?.SpaceHome ?? client.rootLink('SpaceHome') ?? '/api/{spaceId}'
  const home = await client.get<{ Id?: string; Name?: string; Links: Links }>(homeLink, { spaceId: space.Id })
  client.logger.info(`Using space '${space.Name}' (${space.Id})`)
  return { Id: space.Id, Name: space.Name, Links: home.Links ?? {} }
}
