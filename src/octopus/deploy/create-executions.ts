/**
 * Creating deployments with the executions API (Octopus 2022.3.5512+): one `POST deployments/create/untenanted/v1`
 * for all environments, or one `POST deployments/create/tenanted/v1` per environment (the command takes a single
 * environment) naming the planned tenants in `Tenants` (tenants.ts decides them, tags included, as Octopus does; an
 * environment without a planned tenant gets no request). A POST whose answer is lost is reconciled against the release's
 * deployments before any retry, so a retry never creates a second deployment.
 */
import type { OctopusClient } from '../client.js'
import type { OctopusSpace } from '../spaces.js'
import type { EnvironmentResource, ProjectResource, ReleaseResource } from '../types.js'
import type { DeployOptions } from './options.js'
import type { TenantPlan } from './tenants.js'
import { newDeploymentsSince, releaseDeploymentIds, type CreatedRef } from './reconcile.js'
import type { CreateDeploymentsResponse } from './resources.js'

const UNTENANTED = '/api/{spaceId}/deployments/create/untenanted/v1'
const TENANTED = '/api/{spaceId}/deployments/create/tenanted/v1'

export interface ExecutionsPlan {
  project: ProjectResource
  release: ReleaseResource
  environments: EnvironmentResource[]
  /** Set for a tenanted deployment: the tenants of each environment. */
  tenants?: TenantPlan
  options: DeployOptions
}

function commonBody(space: OctopusSpace, plan: ExecutionsPlan): Record<string, unknown> {
  const o = plan.options
  const body: Record<string, unknown> = {
    SpaceId: space.Id,
    SpaceIdOrName: space.Id,
    ProjectName: plan.project.Name,
    ReleaseVersion: plan.release.Version,
    ForcePackageRedeployment: o.forcePackageRedeployment,
    UpdateVariableSnapshot: o.updateVariableSnapshot
  }
  if (o.useGuidedFailure !== undefined) body.UseGuidedFailure = o.useGuidedFailure
  if (o.skipSteps.length) body.SkipStepNames = o.skipSteps
  if (o.specificMachines.length) body.SpecificMachineNames = o.specificMachines
  if (o.excludedMachines.length) body.ExcludedMachineNames = o.excludedMachines
  if (o.deployAt) body.RunAt = o.deployAt
  if (o.deployAtExpiry) body.NoRunAfter = o.deployAtExpiry
  if (Object.keys(o.variables).length) body.Variables = o.variables
  return body
}

/** Reads `DeploymentServerTasks` in either casing (some server versions answered camelCase). */
export function parseServerTasks(res: CreateDeploymentsResponse | undefined): CreatedRef[] {
  const list = res?.DeploymentServerTasks ?? res?.deploymentServerTasks ?? []
  return list
    .map((x) => ({ deploymentId: x.DeploymentId ?? x.deploymentId ?? '', serverTaskId: x.ServerTaskId ?? x.serverTaskId ?? '' }))
    .filter((x) => x.deploymentId && x.serverTaskId)
}

/** Creates the deployments, adding each to `created` as soon as it exists (so a later failure can report them). */
export async function createWithExecutionsApi(client: OctopusClient, space: OctopusSpace, plan: ExecutionsPlan, created: CreatedRef[] = []): Promise<CreatedRef[]> {
  const tenanted = plan.tenants !== undefined
  const link = client.rootLink(tenanted ? 'CreateDeploymentTenantedCommandV1' : 'CreateDeploymentUntenantedCommandV1') ?? (tenanted ? TENANTED : UNTENANTED)
  const requests: { body: Record<string, unknown>; environments: EnvironmentResource[] }[] = plan.tenants
    ? plan.tenants.environments
        .filter((e) => e.tenants.length)
        .map((e) => ({
          body: { ...commonBody(space, plan), EnvironmentName: e.environment.Name, Tenants: e.tenants.map((t) => t.tenant.Name), TenantTags: [] },
          environments: [e.environment]
        }))
    : [{ body: { ...commonBody(space, plan), EnvironmentNames: plan.environments.map((e) => e.Name) }, environments: plan.environments }]
  for (const req of requests) {
    const before = await releaseDeploymentIds(client, space, plan.release)
    const envIds = new Set(req.environments.map((e) => e.Id))
    const res = await client.post<CreateDeploymentsResponse>(link, { spaceId: space.Id }, req.body, {
      reconcile: async () => {
        const fresh = await newDeploymentsSince(client, space, plan.release, before, (d) => envIds.has(d.EnvironmentId) && Boolean(d.TenantId) === tenanted)
        if (!fresh.length) return undefined
        client.logger.info(`The deployment request reached Octopus: found ${fresh.map((d) => d.deploymentId).join(', ')}; not sending it again.`)
        return { DeploymentServerTasks: fresh.map((d) => ({ DeploymentId: d.deploymentId, ServerTaskId: d.serverTaskId })) }
      }
    })
    created.push(...parseServerTasks(res.data))
  }
  return created
}
