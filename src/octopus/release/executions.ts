/**
 * Release creation with the executions API (Octopus 2022.3.5512+): one `POST /api/{spaceId}/releases/create/v1`
 * by project and channel *names*; the server selects packages, channel and version. Answers 201
 * `{ReleaseId, ReleaseVersion}`. An ambiguous failure is reconciled (see existing.ts), never blindly retried.
 */
import type { OctopusClient } from '../client.js'
import type { OctopusSpace } from '../spaces.js'
import type { ChannelResource, ProjectResource } from '../types.js'
import { findReleaseByVersion, releaseCreatedSince, releaseSnapshot } from './existing.js'
import type { ReleaseRequest } from './request.js'

export interface CreateReleaseResponseV1 {
  ReleaseId: string
  ReleaseVersion: string
}

export const CREATE_RELEASE_V1 = '/api/{spaceId}/releases/create/v1'

/** Creating a release snapshots the process and variables, which takes a while on large projects. */
export const CREATE_TIMEOUT_MS = 180_000

/** The request body (PascalCase as api-client sends it; `SpaceIdOrName` carries the id as the docs advise). */
export function createReleaseCommand(space: OctopusSpace, project: ProjectResource, channel: ChannelResource | undefined, req: ReleaseRequest): Record<string, unknown> {
  const body: Record<string, unknown> = {
    SpaceId: space.Id,
    SpaceIdOrName: space.Id,
    ProjectName: project.Name,
    ChannelName: channel?.Name,
    ReleaseVersion: req.releaseNumber,
    PackageVersion: req.packageVersion,
    Packages: req.packages.length ? req.packages : undefined,
    GitResources: req.gitResources.length ? req.gitResources : undefined,
    GitRef: req.gitRef,
    GitCommit: req.gitCommit,
    IgnoreIfAlreadyExists: req.ignoreExisting,
    IgnoreChannelRules: req.ignoreChannelRules,
    PackagePrerelease: req.packagePrerelease,
    ReleaseNotes: req.releaseNotes,
    CustomFields: Object.keys(req.customFields).length ? req.customFields : undefined
  }
  for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k]
  return body
}

export async function createViaExecutionsApi(
  client: OctopusClient,
  space: OctopusSpace,
  project: ProjectResource,
  channel: ChannelResource | undefined,
  req: ReleaseRequest
): Promise<{ response: CreateReleaseResponseV1; reconciled: boolean }> {
  const before = req.releaseNumber ? undefined : await releaseSnapshot(client, space, project)
  const reconcile = async (): Promise<CreateReleaseResponseV1 | undefined> => {
    const found = req.releaseNumber
      ? await findReleaseByVersion(client, space, project, req.releaseNumber)
      : await releaseCreatedSince(client, space, project, before!, channel?.Id)
    return found ? { ReleaseId: found.Id, ReleaseVersion: found.Version } : undefined
  }
  const link = client.rootLink('CreateReleaseCommandV1') ?? CREATE_RELEASE_V1
  const res = await client.post<CreateReleaseResponseV1>(link, { spaceId: space.Id }, createReleaseCommand(space, project, channel, req), {
    reconcile,
    timeoutMs: CREATE_TIMEOUT_MS
  })
  if (res.reconciled) client.logger.info(`The create request's answer was lost, but release ${res.data.ReleaseVersion} exists now: it was created by that request.`)
  return { response: res.data, reconciled: Boolean(res.reconciled) }
}
