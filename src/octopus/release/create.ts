/**
 * Creates a release: checks what can be checked before asking the server (project and channel exist, Git
 * settings fit the project, the version is free or may be reused), creates it with the executions API or the
 * legacy flow depending on the server, then reads the release back for the outputs and the summary.
 */
import { ActionError, ApiError } from '../../core/errors.js'
import type { OctopusClient } from '../client.js'
import { findChannel, findProject, projectChannels } from '../lookups.js'
import { spaceLink, type OctopusSpace } from '../spaces.js'
import type { ChannelResource, ProjectResource, ReleaseResource } from '../types.js'
import { releaseWebUrl } from '../web.js'
import { findReleaseByVersion } from './existing.js'
import { createViaExecutionsApi } from './executions.js'
import { createViaLegacyFlow, releaseTemplate } from './legacy.js'
import type { CreatedRelease, ReleasePackage, ReleaseRequest } from './request.js'

/** Errors the server reports for the project's Git settings, with the input that fixes them. */
function checkGitSettings(project: ProjectResource, req: ReleaseRequest): void {
  if (project.IsVersionControlled && !req.gitRef) {
    const branch = project.PersistenceSettings?.DefaultBranch
    throw new ActionError(
      `Project '${project.Name}' stores its deployment process in Git (config as code), so a release needs a Git reference: set 'git_ref' to the branch or tag to build from${branch ? ` (its default branch is '${branch}')` : ''}, e.g. git_ref: \${{ github.ref_name }}.`
    )
  }
  if (!project.IsVersionControlled && (req.gitRef || req.gitCommit))
    throw new ActionError(
      `Project '${project.Name}' is stored in the Octopus database, not in Git, so 'git_ref' and 'git_commit' must be left empty (they only apply to version-controlled projects).`
    )
}

function alreadyExists(project: ProjectResource, version: string, url: string): ActionError {
  return new ActionError(
    `Release ${version} of project '${project.Name}' already exists (${url}). To reuse it, set 'ignore_existing: true'; to create a new release, change 'release_number' or leave it empty so Octopus picks the next number.`
  )
}

/** Adds the input that fixes common rejections of the create request. */
function explainRejection(err: unknown, project: ProjectResource, req: ReleaseRequest): unknown {
  if (!(err instanceof ApiError) || err.status !== 400) return err
  const m = err.serverMessage
  if (/already exists/i.test(m))
    return err.withHint("A release with this version exists: set 'ignore_existing: true' to reuse it, or change 'release_number'.")
  if (/GitRef/i.test(m)) return err.withHint(`Check 'git_ref' / 'git_commit' for project '${project.Name}'.`)
  if (/channel/i.test(m) && !req.ignoreChannelRules)
    return err.withHint("The package versions break the channel's version rules: pick matching versions, another 'channel', or set 'ignore_channel_rules: true'.")
  if (/package/i.test(m)) return err.withHint("Check 'packages' / 'package_version': each version must exist in the package's feed.")
  return err
}

async function channelOf(client: OctopusClient, space: OctopusSpace, project: ProjectResource, channelId: string, known?: ChannelResource): Promise<ChannelResource> {
  if (known && known.Id === channelId) return known
  const channels = await projectChannels(client, space, project)
  const found = channels.find((c) => c.Id === channelId)
  if (!found) throw new ActionError(`Release was created in channel ${channelId}, which project '${project.Name}' does not list.`)
  return found
}

/** Packages of a release; package ids come from the release template when the server offers it. */
async function releasePackages(client: OctopusClient, space: OctopusSpace, project: ProjectResource, channel: ChannelResource, release: ReleaseResource): Promise<ReleasePackage[]> {
  let ids = new Map<string, string>()
  try {
    const template = await releaseTemplate(client, space, project, channel)
    ids = new Map(template.Packages.map((p) => [`${p.ActionName}\n${p.PackageReferenceName ?? ''}`.toLowerCase(), p.PackageId]))
  } catch (err) {
    client.logger.debug(`package ids for the summary are not available: ${(err as Error).message}`)
  }
  return (release.SelectedPackages ?? []).map((p) => ({
    step: p.ActionName,
    reference: p.PackageReferenceName ?? '',
    packageId: ids.get(`${p.ActionName}\n${p.PackageReferenceName ?? ''}`.toLowerCase()),
    version: p.Version
  }))
}

export async function createRelease(client: OctopusClient, space: OctopusSpace, req: ReleaseRequest): Promise<CreatedRelease> {
  const log = client.logger
  const project = await findProject(client, space, req.project)
  if (project.IsDisabled) throw new ActionError(`Project '${project.Name}' is disabled in Octopus, so no release can be created for it. Enable it in the project settings.`)
  checkGitSettings(project, req)
  const flow = client.hasExecutionsApi ? 'executions' : 'legacy'
  // The executions API picks the best channel itself; the legacy flow needs one (the default unless named).
  const channel = req.channel || flow === 'legacy' ? await findChannel(client, space, project, req.channel) : undefined

  if (req.releaseNumber) {
    const existing = await findReleaseByVersion(client, space, project, req.releaseNumber)
    if (existing) {
      const url = releaseWebUrl(client, space.Id, project, existing.Version)
      if (!req.ignoreExisting) throw alreadyExists(project, existing.Version, url)
      log.info(`Release ${existing.Version} of '${project.Name}' already exists; reusing it (ignore_existing is true).`)
      const ch = await channelOf(client, space, project, existing.ChannelId, channel)
      return { release: existing, project, channel: ch, existing: true, reconciled: false, url, flow, packages: await releasePackages(client, space, project, ch, existing) }
    }
  }

  log.info(
    `Creating a release of '${project.Name}'${req.releaseNumber ? ` with version ${req.releaseNumber}` : ''}${channel ? ` in channel '${channel.Name}'` : ''} (${flow === 'executions' ? 'executions API' : `legacy flow for Octopus ${client.version}`})`
  )
  let release: ReleaseResource
  let reconciled: boolean
  let packages: ReleasePackage[] | undefined
  try {
    if (flow === 'executions') {
      const res = await createViaExecutionsApi(client, space, project, channel, req)
      reconciled = res.reconciled
      release = await client.get<ReleaseResource>(spaceLink(space, 'Releases'), { id: res.response.ReleaseId })
    } else {
      const res = await createViaLegacyFlow(client, space, project, channel!, req)
      ;({ release, reconciled, packages } = res)
    }
  } catch (err) {
    throw explainRejection(err, project, req)
  }
  const ch = await channelOf(client, space, project, release.ChannelId, channel)
  packages ??= await releasePackages(client, space, project, ch, release)
  const url = releaseWebUrl(client, space.Id, project, release.Version)
  log.info(`Created release ${release.Version} (${release.Id}) of '${project.Name}' in channel '${ch.Name}': ${url}`)
  return { release, project, channel: ch, existing: false, reconciled, url, flow, packages }
}
