/**
 * Turns what the create calls returned (deployment and task ids) into named deployments with portal links: the
 * executions API answers ids only, so the deployments are read in one `deployments?ids=` request (environment and
 * tenant of each), and tenant names in one `tenants?ids=` request.
 */
import type { OctopusClient } from '../client.js'
import type { OctopusSpace } from '../spaces.js'
import type { Collection, EnvironmentResource, ProjectResource, ReleaseResource, TenantResource } from '../types.js'
import { deploymentWebUrl, taskWebUrl } from '../web.js'
import type { CreatedRef } from './reconcile.js'
import type { DeploymentResource } from './resources.js'
import type { CreatedDeployment } from './deployments.js'

const DEPLOYMENTS = '/api/{spaceId}/deployments{?ids,skip,take}'
const TENANTS = '/api/{spaceId}/tenants{?ids,skip,take}'

export async function describeCreated(
  client: OctopusClient,
  space: OctopusSpace,
  project: ProjectResource,
  release: ReleaseResource,
  environments: EnvironmentResource[],
  refs: CreatedRef[]
): Promise<CreatedDeployment[]> {
  if (!refs.length) return []
  const unknown = refs.filter((r) => r.environmentId === undefined)
  if (unknown.length) {
    const page = await client.get<Collection<DeploymentResource>>(DEPLOYMENTS, { spaceId: space.Id, ids: unknown.map((r) => r.deploymentId), skip: 0, take: unknown.length })
    const byId = new Map((page.Items ?? []).map((d) => [d.Id, d]))
    for (const r of unknown) {
      const d = byId.get(r.deploymentId)
      r.environmentId = d?.EnvironmentId
      r.tenantId = d?.TenantId ?? null
    }
  }
  const tenantIds = [...new Set(refs.map((r) => r.tenantId).filter((t): t is string => Boolean(t)))]
  const tenantNames = new Map<string, string>()
  if (tenantIds.length) {
    const page = await client.get<Collection<TenantResource>>(TENANTS, { spaceId: space.Id, ids: tenantIds, skip: 0, take: tenantIds.length })
    for (const t of page.Items ?? []) tenantNames.set(t.Id, t.Name)
  }
  const envNames = new Map(environments.map((e) => [e.Id, e.Name]))
  return refs.map((r) => ({
    deploymentId: r.deploymentId,
    serverTaskId: r.serverTaskId,
    environmentId: r.environmentId,
    environmentName: (r.environmentId && envNames.get(r.environmentId)) || r.environmentId || 'unknown environment',
    tenantId: r.tenantId ?? undefined,
    tenantName: r.tenantId ? (tenantNames.get(r.tenantId) ?? r.tenantId) : undefined,
    deploymentUrl: deploymentWebUrl(client, space.Id, project, release.Version, r.deploymentId),
    taskUrl: taskWebUrl(client, space.Id, r.serverTaskId)
  }))
}
