/**
 * The outputs shared by `deploy` and `create-release` (with `deploy_to`), from a deploy result:
 * - `server_tasks`: JSON `[{serverTaskId, deploymentId, environmentName, tenantName, state, url}]` (`url` = task log),
 * - `task_state`: the worst state of all tasks (empty when the action did not wait),
 * - `deployment_urls`: the web portal links of the deployments, one per line.
 */
import type { ActionContext } from '../../core/context.js'
import { setOutputs, type OutputValues } from '../../core/outputs.js'
import type { DeployResult } from './deploy-release.js'
import { addDeploySummary } from './summary.js'
import { worstState, type TaskState } from './task-state.js'
import type { CreatedDeployment } from './deployments.js'

export interface ServerTaskOutput {
  serverTaskId: string
  deploymentId: string
  environmentName: string
  tenantName: string | null
  state: TaskState | null
  url: string
}

export function serverTasksOutput(deployments: readonly (CreatedDeployment & { state?: TaskState })[]): ServerTaskOutput[] {
  return deployments.map((d) => ({
    serverTaskId: d.serverTaskId,
    deploymentId: d.deploymentId,
    environmentName: d.environmentName,
    tenantName: d.tenantName ?? null,
    state: d.state ?? null,
    url: d.taskUrl
  }))
}

/** The outputs every action that deploys declares (deploy, and create-release for `deploy_to`). */
export const DEPLOY_OUTPUTS = ['server_tasks', 'task_state', 'deployment_urls'] as const

/** The deploy outputs of a result. */
export function deployOutputs(result: DeployResult): OutputValues<typeof DEPLOY_OUTPUTS> {
  const deployments = result.outcomes ?? result.deployments
  return {
    server_tasks: JSON.stringify(serverTasksOutput(deployments)),
    deployment_urls: deployments.map((d) => d.deploymentUrl).join('\n'),
    task_state: result.outcomes?.length ? worstState(result.outcomes.map((o) => o.state)) : ''
  }
}

/** Sets the deploy outputs and writes the deploy summary of a result, then throws the failure it carries, if any. */
export async function reportDeployment(ctx: Pick<ActionContext, 'setOutput' | 'summary'>, result: DeployResult): Promise<void> {
  setOutputs(ctx, DEPLOY_OUTPUTS, deployOutputs(result))
  await addDeploySummary(ctx.summary, result.summary).write()
  if (result.error) throw result.error
}
