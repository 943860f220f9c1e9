/**
 * Finding a release that already exists, before creating one and after an ambiguous failure (a lost response or a
 * 5xx on the create request): a retried create must never produce a second release.
 *
 * With a release number the check is exact (project + version). Without one the server chooses the number, so
 * the client takes a snapshot of the project's newest releases before the create request; afterwards a single
 * release that is new since the snapshot (and in the requested channel, if one was named) is the one the first
 * attempt created. Several new releases cannot be told apart, and the action stops rather than guess or retry.
 */
import { ActionError } from '../../core/errors.js'
import type { OctopusClient } from '../client.js'
import type { OctopusSpace } from '../spaces.js'
import type { Collection, ProjectResource, ReleaseResource } from '../types.js'

function releasesLink(space: OctopusSpace, project: ProjectResource): string {
  return project.Links?.Releases ?? `/api/${space.Id}/projects/${project.Id}/releases{/version}{?skip,take,searchByVersion}`
}

/** The project's release with exactly this version, or undefined. */
export async function findReleaseByVersion(client: OctopusClient, space: OctopusSpace, project: ProjectResource, version: string): Promise<ReleaseResource | undefined> {
  const release = await client.find<ReleaseResource>(releasesLink(space, project), { version })
  return release && release.Version === version ? release : undefined
}

const SNAPSHOT_SIZE = 30

/** Ids of the project's newest releases. */
export async function releaseSnapshot(client: OctopusClient, space: OctopusSpace, project: ProjectResource): Promise<Set<string>> {
  const page = await client.get<Collection<ReleaseResource>>(releasesLink(space, project), { take: SNAPSHOT_SIZE })
  return new Set((page.Items ?? []).map((r) => r.Id))
}

/** The one release created since `before` (in `channelId`, when given); undefined when there is none. */
export async function releaseCreatedSince(
  client: OctopusClient,
  space: OctopusSpace,
  project: ProjectResource,
  before: Set<string>,
  channelId?: string
): Promise<ReleaseResource | undefined> {
  const page = await client.get<Collection<ReleaseResource>>(releasesLink(space, project), { take: SNAPSHOT_SIZE })
  const fresh = (page.Items ?? []).filter((r) => !before.has(r.Id) && (!channelId || r.ChannelId === channelId))
  if (fresh.length > 1)
    throw new ActionError(
      `The create-release request for project '${project.Name}' failed without an answer, and meanwhile ${fresh.length} new releases appeared (${fresh.map((r) => r.Version).join(', ')}), so it is unclear which one (if any) this run created. Not retrying, to avoid a duplicate. Set 'release_number' to make retries exact.`
    )
  return fresh[0]
}
