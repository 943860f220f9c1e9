/**
 * Release creation on servers without the executions API (before 2022.3.5512), by link navigation as the docs
 * scripts and the old CLI do it:
 *
 * project -> channel -> deployment process -> its release template for the channel (package slots and the next
 * version) -> for each slot without a chosen version, the feed's latest version -> `POST {space}/releases`
 * (`?ignoreChannelRules=`) with the selected packages. Gives the same result as the executions API.
 */
import { ActionError } from '../../core/errors.js'
import type { OctopusClient } from '../client.js'
import { parsePackageSpec, selectPackageVersions, type PackageSlot } from '../package-specs.js'
import { spaceLink, type OctopusSpace } from '../spaces.js'
import type { ChannelResource, Collection, Links, ProjectResource, ReleaseResource } from '../types.js'
import { findReleaseByVersion } from './existing.js'
import { CREATE_TIMEOUT_MS } from './executions.js'
import type { ReleasePackage, ReleaseRequest } from './request.js'

export interface ReleaseTemplate {
  NextVersionIncrement?: string
  Packages: (PackageSlot & { IsResolvable?: boolean })[]
}

/** The deployment process's release template for a channel. */
export async function releaseTemplate(client: OctopusClient, space: OctopusSpace, project: ProjectResource, channel: ChannelResource): Promise<ReleaseTemplate> {
  const processLink = project.Links?.DeploymentProcess ?? `/api/${space.Id}/deploymentprocesses/${project.DeploymentProcessId ?? `deploymentprocess-${project.Id}`}`
  const process = await client.get<{ Links?: Links }>(processLink)
  const templateLink = process.Links?.Template ?? `${processLink}/template{?channel,releaseId}`
  const template = await client.get<ReleaseTemplate>(templateLink, { channel: channel.Id })
  return { NextVersionIncrement: template.NextVersionIncrement, Packages: template.Packages ?? [] }
}

interface PackageVersion {
  Version: string
}

/** The pre-release part of a version (`1.0.0-beta.1+sha` -> `beta.1`). */
export function prereleaseTag(version: string): string {
  const noMeta = version.split('+')[0]
  const dash = noMeta.indexOf('-')
  return dash < 0 ? '' : noMeta.slice(dash + 1)
}

function tagMatches(tag: string, wanted: string): boolean {
  try {
    return new RegExp(wanted).test(tag)
  } catch {
    return tag === wanted
  }
}

/** The newest version of a package in its feed (stable only, or with a matching pre-release tag). */
async function latestVersion(
  client: OctopusClient,
  space: OctopusSpace,
  feeds: Map<string, Links>,
  slot: PackageSlot,
  prerelease: string | undefined
): Promise<string> {
  const feedId = slot.FeedId ?? 'feeds-builtin'
  let links = feeds.get(feedId)
  if (!links) {
    links = (await client.get<{ Links?: Links }>(spaceLink(space, 'Feeds'), { id: feedId })).Links ?? {}
    feeds.set(feedId, links)
  }
  const search = links.SearchPackageVersionsTemplate ?? `/api/${space.Id}/feeds/${feedId}/packages/versions{?packageId,take,skip,includePreRelease,preReleaseTag}`
  const page = await client.get<Collection<PackageVersion>>(search, {
    packageId: slot.PackageId,
    take: prerelease ? 100 : 1,
    includePreRelease: Boolean(prerelease),
    preReleaseTag: prerelease
  })
  const found = (page.Items ?? []).find((p) => (prerelease ? tagMatches(prereleaseTag(p.Version), prerelease) : prereleaseTag(p.Version) === ''))
  if (!found)
    throw new ActionError(
      `No ${prerelease ? `version with pre-release tag '${prerelease}'` : 'stable version'} of package '${slot.PackageId}' (step '${slot.ActionName}') was found in feed '${feedId}'. Push the package first, or choose its version with 'packages' or 'package_version'.`
    )
  return found.Version
}

export async function createViaLegacyFlow(
  client: OctopusClient,
  space: OctopusSpace,
  project: ProjectResource,
  channel: ChannelResource,
  req: ReleaseRequest
): Promise<{ release: ReleaseResource; reconciled: boolean; packages: ReleasePackage[] }> {
  if (req.gitResources.length)
    throw new ActionError(
      `'git_resources' needs the executions API (Octopus 2022.3.5512 or later); this server is version ${client.version}. Remove git_resources or upgrade the server.`
    )
  const template = await releaseTemplate(client, space, project, channel)
  let choices
  try {
    choices = selectPackageVersions(template.Packages, req.packages.map(parsePackageSpec), req.packageVersion)
  } catch (err) {
    throw new ActionError(`input 'packages': ${(err as Error).message}`)
  }
  const feeds = new Map<string, Links>()
  const packages: ReleasePackage[] = []
  for (const c of choices) {
    const version = c.version ?? (await latestVersion(client, space, feeds, c.slot, req.packagePrerelease))
    packages.push({ step: c.slot.ActionName, reference: c.slot.PackageReferenceName ?? '', packageId: c.slot.PackageId, version })
  }
  const version = req.releaseNumber ?? template.NextVersionIncrement
  if (!version) throw new ActionError(`Octopus did not suggest a next release version for project '${project.Name}': set 'release_number'.`)

  const body: Record<string, unknown> = {
    ProjectId: project.Id,
    SpaceId: space.Id,
    ChannelId: channel.Id,
    Version: version,
    ReleaseNotes: req.releaseNotes,
    SelectedPackages: packages.map((p) => ({ ActionName: p.step, PackageReferenceName: p.reference, Version: p.version })),
    VersionControlReference: req.gitRef ? { GitRef: req.gitRef, GitCommit: req.gitCommit } : undefined,
    CustomFields: Object.keys(req.customFields).length ? req.customFields : undefined
  }
  for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k]
  // The version is known here (given, or the template's next one), so a lost answer is checked exactly.
  const reconcile = () => findReleaseByVersion(client, space, project, version)
  const res = await client.post<ReleaseResource>(spaceLink(space, 'Releases'), {}, body, {
    reconcile,
    query: req.ignoreChannelRules ? { ignoreChannelRules: true } : undefined,
    timeoutMs: CREATE_TIMEOUT_MS
  })
  if (res.reconciled) client.logger.info(`The create request's answer was lost, but release ${res.data.Version} exists now: it was created by that request.`)
  return { release: res.data, reconciled: Boolean(res.reconciled), packages }
}
