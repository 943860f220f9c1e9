/**
 * Creating deployments on servers older than 2022.3 (no executions API), the way the docs scripts and the old CLI
 * did: one `POST deployments` per environment (and per tenant), by ids. Names the user gave are resolved here:
 * tenants (`*` = every tenant connected to the project and environment, tags `TagSet/Tag`), steps to skip (action
 * ids from the deployment process) and machines. Each POST is reconciled after an ambiguous failure, so a retry
 * never creates a second deployment.
 *
 * Limits: `update_variable_snapshot` is not supported on these servers by this action; prompted variables are sent
 * as `FormValues` keyed by variable name.
 */
import { ActionError } from '../../core/errors.js'
import type { Logger } from '../../core/logger.js'
import type { OctopusClient } from '../client.js'
import { matchByNameOrId, notFoundError } from '../lookups.js'
import { spaceLink, type OctopusSpace } from '../spaces.js'
import type { EnvironmentResource, NamedResource, ProjectResource, ReleaseResource, TenantResource } from '../types.js'
import type { DeployOptions } from './options.js'
import type { TenantPlan } from './tenants.js'
import { newDeploymentsSince, releaseDeploymentIds, type CreatedRef } from './reconcile.js'
import type { DeploymentResource } from './resources.js'

export interface LegacyPlan {
  project: ProjectResource
  release: ReleaseResource
  environments: EnvironmentResource[]
  /** Set for a tenanted deployment: the tenants of each environment. */
  tenants?: TenantPlan
  options: DeployOptions
}

interface ProcessResource {
  Steps?: { Name: string; Actions?: { Id: string; Name: string }[] }[]
}

const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()

async function skipActionIds(client: OctopusClient, space: OctopusSpace, project: ProjectResource, names: string[], logger: Logger): Promise<string[]> {
  if (!names.length) return []
  const link = project.Links?.DeploymentProcess ?? `/api/${space.Id}/deploymentprocesses/${project.DeploymentProcessId ?? `deploymentprocess-${project.Id}`}`
  const process = await client.get<ProcessResource>(link)
  const ids: string[] = []
  for (const name of names) {
    const step = (process.Steps ?? []).find((s) => eq(s.Name, name) || (s.Actions ?? []).some((a) => eq(a.Name, name)))
    if (!step) logger.warning(`The step '${name}' given in 'skip_steps' is not in the deployment process of '${project.Name}'; it is ignored.`)
    else ids.push(...(step.Actions ?? []).filter((a) => eq(step.Name, name) || eq(a.Name, name)).map((a) => a.Id))
  }
  return ids
}

async function machineIds(client: OctopusClient, space: OctopusSpace, names: string[], input: string, strict: boolean, logger: Logger): Promise<string[]> {
  if (!names.length) return []
  const all = await client.listAll<NamedResource>(spaceLink(space, 'Machines'))
  const ids: string[] = []
  for (const name of names) {
    const m = matchByNameOrId(all, name)
    if (m) ids.push(m.Id)
    else if (strict) throw notFoundError('deployment target', name, `space '${space.Name}'`, all.map((x) => x.Name), `Check the '${input}' input.`)
    else logger.warning(`The deployment target '${name}' given in '${input}' was not found; it is ignored.`)
  }
  return ids
}

/** Creates the deployments, adding each to `created` as soon as it exists (so a later failure can report them). */
export async function createWithLegacyApi(
  client: OctopusClient,
  space: OctopusSpace,
  plan: LegacyPlan,
  logger: Logger,
  created: CreatedRef[] = []
): Promise<CreatedRef[]> {
  const o = plan.options
  if (o.updateVariableSnapshot)
    throw new ActionError(`'update_variable_snapshot' needs Octopus 2022.3 or later (this server is ${client.version}). Update the release's variable snapshot in the Octopus web portal, or leave the input false.`)
  const [skip, specific, excluded] = [
    await skipActionIds(client, space, plan.project, o.skipSteps, logger),
    await machineIds(client, space, o.specificMachines, 'specific_machines', true, logger),
    await machineIds(client, space, o.excludedMachines, 'excluded_machines', false, logger)
  ]
  const targets: { env: EnvironmentResource; tenant?: TenantResource }[] = plan.tenants
    ? plan.tenants.environments.flatMap((e) => e.tenants.map((t) => ({ env: e.environment, tenant: t.tenant })))
    : plan.environments.map((env) => ({ env }))
  const link = spaceLink(space, 'Deployments')
  for (const { env, tenant } of targets) {
    const body: Record<string, unknown> = {
      ReleaseId: plan.release.Id,
      EnvironmentId: env.Id,
      TenantId: tenant?.Id ?? null,
      ForcePackageRedeployment: o.forcePackageRedeployment,
      SkipActions: skip,
      SpecificMachineIds: specific,
      ExcludedMachineIds: excluded,
      FormValues: o.variables,
      QueueTime: o.deployAt ?? null,
      QueueTimeExpiry: o.deployAtExpiry ?? null
    }
    if (o.useGuidedFailure !== undefined) body.UseGuidedFailure = o.useGuidedFailure
    const before = await releaseDeploymentIds(client, space, plan.release)
    const res = await client.post<DeploymentResource>(link, {}, body, {
      reconcile: async () => {
        const [found] = await newDeploymentsSince(client, space, plan.release, before, (d) => d.EnvironmentId === env.Id && (d.TenantId ?? undefined) === tenant?.Id)
        if (!found) return undefined
        logger.info(`The deployment request for ${env.Name}${tenant ? ` / ${tenant.Name}` : ''} reached Octopus: found ${found.deploymentId}; not sending it again.`)
        return { Id: found.deploymentId, TaskId: found.serverTaskId, EnvironmentId: env.Id, TenantId: tenant?.Id ?? null }
      }
    })
    created.push({ deploymentId: res.data.Id, serverTaskId: res.data.TaskId, environmentId: res.data.EnvironmentId ?? env.Id, tenantId: res.data.TenantId ?? null })
  }
  return created
}
