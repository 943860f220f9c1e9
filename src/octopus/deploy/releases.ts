/**
 * Finding the release to deploy: by version (`1.2.3`), or `latest` = the newest release of the project (of the
 * given channel when one is set). Octopus lists a project's releases newest first.
 */
import { ActionError } from '../../core/errors.js'
import type { OctopusClient } from '../client.js'
import type { OctopusSpace } from '../spaces.js'
import type { ChannelResource, Collection, ProjectResource, ReleaseResource } from '../types.js'

/** How many of the newest releases `latest` looks through for one of the channel. */
const LATEST_WINDOW = 100

function releasesLink(space: OctopusSpace, project: ProjectResource): string {
  return project.Links?.Releases ?? `/api/${space.Id}/projects/${project.Id}/releases{/version}{?skip,take,searchByVersion}`
}

export async function findRelease(
  client: OctopusClient,
  space: OctopusSpace,
  project: ProjectResource,
  releaseNumber: string,
  channel?: ChannelResource
): Promise<ReleaseResource> {
  const link = releasesLink(space, project)
  if (releaseNumber.trim().toLowerCase() === 'latest') {
    const page = await client.get<Collection<ReleaseResource>>(link, { skip: 0, take: LATEST_WINDOW })
    const release = (page.Items ?? []).find((r) => !channel || r.ChannelId === channel.Id)
    if (!release)
      throw new ActionError(
        `The Octopus project '${project.Name}' has no release${channel ? ` in channel '${channel.Name}'` : ''} to deploy as 'latest'. Create one first (the create-release action), or set 'release_number' to an existing version.`
      )
    return release
  }
  const release = await client.find<ReleaseResource>(link, { version: releaseNumber.trim() })
  if (!release) {
    const recent = await client.get<Collection<ReleaseResource>>(link, { skip: 0, take: 5 })
    const versions = (recent.Items ?? []).map((r) => r.Version)
    throw new ActionError(
      `Release '${releaseNumber}' of the Octopus project '${project.Name}' was not found.${versions.length ? ` Newest releases: ${versions.join(', ')}.` : ' The project has no releases yet.'} Check 'release_number' (a release version such as 1.2.3, or 'latest'), or create the release first.`
    )
  }
  if (channel && release.ChannelId !== channel.Id)
    throw new ActionError(
      `Release '${release.Version}' of '${project.Name}' belongs to another channel than '${channel.Name}'. Leave 'channel' empty to deploy it, or pick a release of that channel.`
    )
  return release
}
