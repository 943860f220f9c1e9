/**
 * How a deployment POST whose answer was lost is reconciled: the ids of the release's deployments are taken before
 * the POST; afterwards, deployments that are new and match what was asked for are the ones the lost request created.
 * (A deployment of the same release to the same environment started by someone else at the same moment would be
 * taken as ours; Octopus offers no idempotency key for deployments.)
 */
import type { OctopusClient } from '../client.js'
import type { OctopusSpace } from '../spaces.js'
import type { ReleaseResource } from '../types.js'
import type { DeploymentResource } from './resources.js'

export interface CreatedRef {
  deploymentId: string
  serverTaskId: string
  /** Known when the server returned the deployment resource (legacy flow, reconcile). */
  environmentId?: string
  tenantId?: string | null
}

function deploymentsLink(space: OctopusSpace, release: ReleaseResource): string {
  return release.Links?.Deployments ?? `/api/${space.Id}/releases/${release.Id}/deployments{?skip,take}`
}

export async function releaseDeployments(client: OctopusClient, space: OctopusSpace, release: ReleaseResource): Promise<DeploymentResource[]> {
  return client.listAll<DeploymentResource>(deploymentsLink(space, release))
}

export async function releaseDeploymentIds(client: OctopusClient, space: OctopusSpace, release: ReleaseResource): Promise<Set<string>> {
  return new Set((await releaseDeployments(client, space, release)).map((d) => d.Id))
}

export async function newDeploymentsSince(
  client: OctopusClient,
  space: OctopusSpace,
  release: ReleaseResource,
  before: Set<string>,
  matches: (d: DeploymentResource) => boolean
): Promise<CreatedRef[]> {
  const now = await releaseDeployments(client, space, release)
  return now
    .filter((d) => !before.has(d.Id) && matches(d))
    .sort(byCreation)
    .map((d) => ({ deploymentId: d.Id, serverTaskId: d.TaskId, environmentId: d.EnvironmentId, tenantId: d.TenantId ?? null }))
}

const idNumber = (id: string) => Number(/-(\d+)$/.exec(id)?.[1] ?? Number.NaN)

/** Oldest first (collections list newest first): by `Created`, then by the number in the id. */
function byCreation(a: DeploymentResource, b: DeploymentResource): number {
  const ta = a.Created ? Date.parse(a.Created) : Number.NaN
  const tb = b.Created ? Date.parse(b.Created) : Number.NaN
  if (!Number.isNaN(ta) && !Number.isNaN(tb) && ta !== tb) return ta - tb
  const na = idNumber(a.Id)
  const nb = idNumber(b.Id)
  return !Number.isNaN(na) && !Number.isNaN(nb) ? na - nb : a.Id.localeCompare(b.Id)
}
