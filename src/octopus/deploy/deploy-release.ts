/**
 * `deployRelease`: deploy a release to environments (or tenants), wait for every task, and report. This is the code
 * behind the `deploy` action and create-release's `deploy_to`.
 *
 * 1. Resolves the environments (one error listing unknown names, with suggestions); for a tenanted deployment, plans
 *    the tenants of each environment (tenants.ts: tags OR'ed within a tag set, AND'ed across sets, named tenants
 *    added), failing before anything is created when the selection is empty or names something that does not exist.
 * 2. Creates the deployments: executions API on 2022.3.5512+, legacy `POST deployments` per environment/tenant on
 *    older servers; a request whose answer was lost is reconciled, never sent twice.
 * 3. Sets `server_tasks` and `deployment_urls` at once (so they exist even if waiting fails), then waits for ALL tasks
 *    with one batched task query per poll, streaming logs and progress (see waiter.ts).
 * 4. Sets `task_state`, writes the job summary, and throws an `ActionError` naming each environment/tenant that did
 *    not succeed with the server's ErrorMessage, or saying plainly that our own timeout elapsed.
 */
import { ActionError, errorMessage } from '../../core/errors.js'
import type { Logger } from '../../core/logger.js'
import { formatDuration } from '../../core/parse.js'
import type { SummaryWriter } from '../../core/summary.js'
import type { OctopusClient } from '../client.js'
import { findEnvironments } from '../lookups.js'
import type { OctopusSpace } from '../spaces.js'
import type { ProjectResource, ReleaseResource } from '../types.js'
import { releaseWebUrl } from '../web.js'
import { createWithExecutionsApi } from './create-executions.js'
import { createWithLegacyApi } from './create-legacy.js'
import { describeCreated } from './describe-created.js'
import { withDeployHint } from './errors.js'
import type { DeployOptions } from './options.js'
import { setDeployOutputs, type SetOutput } from './outputs.js'
import type { CreatedRef } from './reconcile.js'
import { addDeploySummary, type TenantSelectionSummary } from './summary.js'
import { octopusTaskApi, type TaskApi } from './task-api.js'
import { isTerminal, isUnsuccessful, worstState, type TaskState } from './task-state.js'
import { describeTarget, type CreatedDeployment, type DeploymentOutcome } from './targets.js'
import { describeTenantPlan, emptyPlanError, loadTenantPlan, type TenantPlan } from './tenants.js'
import { waitForDeployments } from './waiter.js'

/** What deployRelease needs from the action: an `ActionContext` satisfies it. */
export interface DeployHost {
  logger: Logger
  summary: SummaryWriter
  setOutput: SetOutput
}

export interface DeployRequest {
  project: ProjectResource
  release: ReleaseResource
  /** Environment names or ids (one tenanted deployment request per environment when tenants/tags are set). */
  environments: string[]
  options: DeployOptions
  /** Injected in tests: the poller's sleep and clock (e.g. advancing a fake server's clock). */
  sleep?: (ms: number) => Promise<void>
  now?: () => number
  /** Injected in tests: a TaskApi other than the client's. */
  taskApi?: TaskApi
}

export interface DeployResult {
  deployments: CreatedDeployment[]
  /** With `wait`: the outcome of every deployment. */
  outcomes?: DeploymentOutcome[]
  /** With `wait`: the worst state. */
  taskState?: TaskState
}

export async function deployRelease(client: OctopusClient, space: OctopusSpace, host: DeployHost, req: DeployRequest): Promise<DeployResult> {
  const { project, release, options } = req
  const { logger } = host
  const tenanted = options.tenants.length > 0 || options.tenantTags.length > 0
  if (!req.environments.length) throw new ActionError(`No environment to deploy ${project.Name} ${release.Version} to: name at least one environment.`)
  if (project.TenantedDeploymentMode === 'Tenanted' && !tenanted)
    throw new ActionError(`The Octopus project '${project.Name}' only deploys to tenants: set 'tenants' (names, or '*' for all connected tenants) and/or 'tenant_tags'.`)
  if (project.TenantedDeploymentMode === 'Untenanted' && tenanted)
    throw new ActionError(`The Octopus project '${project.Name}' is not tenanted: remove 'tenants' and 'tenant_tags', or enable tenanted deployments for the project in Octopus.`)
  const environments = uniqueById(await findEnvironments(client, space, req.environments))
  const releaseUrl = releaseWebUrl(client, space.Id, project, release.Version)
  const tenantPlan = tenanted ? await loadTenantPlan(client, space, project, environments, options) : undefined
  const selection = tenantPlan && selectionSummary(tenantPlan)
  const who = tenanted ? ` for tenants ${[...options.tenants, ...(tenantPlan?.tagFilter ? [`tagged ${tenantPlan.tagFilter}`] : [])].join(', ')}` : ''
  logger.info(
    `Deploying ${project.Name} ${release.Version} to ${environments.map((e) => e.Name).join(', ')}${who} (${client.hasExecutionsApi ? 'executions API' : `legacy API, Octopus ${client.version}`})`
  )
  if (tenantPlan) {
    for (const line of describeTenantPlan(tenantPlan)) logger.info(line)
    for (const e of tenantPlan.environments)
      for (const l of e.leftOut.filter((x) => x.via.includes('named'))) logger.warning(`Tenant '${l.name}' is left out of ${e.environment.Name}: ${l.reason}.`)
    if (!tenantPlan.environments.some((e) => e.tenants.length)) {
      addDeploySummary(host.summary, { project: project.Name, release: release.Version, releaseUrl, outcomes: [], waited: options.wait, selection })
      await host.summary.write()
      throw emptyPlanError(project, tenantPlan, options)
    }
  }

  const refs: CreatedRef[] = []
  try {
    const plan = { project, release, environments, tenants: tenantPlan, options }
    if (client.hasExecutionsApi) await createWithExecutionsApi(client, space, plan, refs)
    else await createWithLegacyApi(client, space, plan, logger, refs)
  } catch (err) {
    const hinted = withDeployHint(err)
    if (!refs.length) throw hinted
    // Some requests succeeded before one was refused (one request per environment/tenant): those deployments run.
    const partial = await describeCreated(client, space, project, release, environments, refs)
    setDeployOutputs(host.setOutput, partial, false)
    throw new ActionError(
      `${errorMessage(hinted)}\nCreated before this failure, and running in Octopus: ${partial.map((d) => `${describeTarget(d)} (${d.deploymentId}) ${d.taskUrl}`).join(', ')}`
    )
  }
  const deployments = await describeCreated(client, space, project, release, environments, refs)
  for (const d of deployments) logger.info(`Created ${d.deploymentId} (task ${d.serverTaskId}) for ${describeTarget(d)}: ${d.deploymentUrl}`)
  setDeployOutputs(host.setOutput, deployments, false)

  if (!deployments.length) {
    addDeploySummary(host.summary, { project: project.Name, release: release.Version, releaseUrl, outcomes: [], waited: options.wait, selection })
    await host.summary.write()
    throw new ActionError(
      `Octopus created no deployment of ${project.Name} ${release.Version}: no tenant matched ${[...options.tenants, ...options.tenantTags].join(', ')} in ${environments.map((e) => e.Name).join(', ')}. Check that the tenants are connected to the project in those environments.`
    )
  }

  if (!options.wait) {
    addDeploySummary(host.summary, { project: project.Name, release: release.Version, releaseUrl, outcomes: deployments.map((d) => ({ ...d, state: 'Queued', pendingInterruptions: [] })), waited: false, selection })
    await host.summary.write()
    logger.info(`Not waiting for the deployments ('wait' is false).`)
    return { deployments }
  }

  const api = req.taskApi ?? octopusTaskApi(client, space)
  let result
  try {
    result = await waitForDeployments(api, deployments, logger, {
      timeoutMs: options.timeoutMs,
      cancelOnTimeout: options.cancelOnTimeout,
      pollIntervalMs: options.pollIntervalMs,
      showTaskLog: options.showTaskLog,
      sleep: req.sleep,
      now: req.now
    })
  } catch (err) {
    // Lost track of the tasks (e.g. Octopus unreachable for longer than the retries): say where they are.
    logger.info(`The deployments were created and may still be running in Octopus: ${deployments.map((d) => `${describeTarget(d)} ${d.taskUrl}`).join(', ')}`)
    addDeploySummary(host.summary, {
      project: project.Name,
      release: release.Version,
      releaseUrl,
      outcomes: deployments.map((d) => ({ ...d, state: 'Queued', pendingInterruptions: [] })),
      waited: false,
      waitError: errorMessage(err),
      selection
    })
    await host.summary.write()
    throw err
  }
  const outcomes = result.outcomes
  setDeployOutputs(host.setOutput, outcomes, true)
  const taskState = worstState(outcomes.map((o) => o.state))
  addDeploySummary(host.summary, {
    project: project.Name,
    release: release.Version,
    releaseUrl,
    outcomes,
    waited: true,
    timedOutAfterMs: result.timedOut ? options.timeoutMs : undefined,
    canceledOnTimeout: result.canceled.length > 0,
    selection
  })
  await host.summary.write()

  const failed = outcomes.filter((o) => isUnsuccessful(o.state) && !result.canceled.includes(o.serverTaskId))
  const problems: string[] = failed.map((o) => `${describeTarget(o)}: ${o.state} — ${o.errorMessage ?? 'Octopus gave no error message'} (task log: ${o.taskUrl})`)
  if (result.timedOut) {
    const running = outcomes.filter((o) => !isTerminal(o.state))
    const waitingForPerson = outcomes.some((o) => o.pendingInterruptions.length)
    problems.push(
      `timed out after ${formatDuration(options.timeoutMs)} ('timeout') while waiting for: ${result.unfinishedAtTimeout.join('; ')}. ` +
        (result.canceled.length
          ? `The unfinished task${result.canceled.length === 1 ? ' was' : 's were'} canceled ('cancel_on_timeout').`
          : `The task${running.length === 1 ? ' keeps' : 's keep'} running in Octopus: ${running.map((o) => o.taskUrl).join(' ')}. ` +
            `${waitingForPerson ? 'Someone has to respond to the interruption in Octopus; ' : ''}raise 'timeout', or set 'cancel_on_timeout: true' to cancel on timeout.`)
    )
  }
  if (problems.length) {
    const total = outcomes.length
    const notOk = total - outcomes.filter((o) => o.state === 'Success').length
    const head = total === 1 ? 'the deployment did not succeed' : `${notOk} of ${total} deployments did not succeed`
    throw new ActionError(`${project.Name} ${release.Version}: ${head}:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
  }
  logger.info(`All ${outcomes.length} deployment${outcomes.length === 1 ? '' : 's'} of ${project.Name} ${release.Version} succeeded.`)
  return { deployments, outcomes, taskState }
}

function selectionSummary(plan: TenantPlan): TenantSelectionSummary {
  return {
    tagFilter: plan.tagFilter,
    tagMatches: plan.tagMatches,
    unmatchedTags: plan.unmatchedTags,
    leftOut: plan.environments.flatMap((e) => e.leftOut.map((l) => ({ environment: e.environment.Name, tenant: l.name, named: l.via.includes('named'), reason: l.reason })))
  }
}

function uniqueById<T extends { Id: string }>(items: T[]): T[] {
  return [...new Map(items.map((x) => [x.Id, x])).values()]
}
