/**
 * The outputs shared by `deploy` and `create-release` (with `deploy_to`):
 * - `server_tasks`: JSON `[{serverTaskId, deploymentId, environmentName, tenantName, state, url}]` (`url` = task log),
 * - `task_state`: the worst state of all tasks (empty when the action did not wait),
 * - `deployment_urls`: the web portal links of the deployments, one per line.
 */
import { worstState, type TaskState } from './task-state.js'
import type { CreatedDeployment } from './targets.js'

export interface ServerTaskOutput {
  serverTaskId: string
  deploymentId: string
  environmentName: string
  tenantName: string | null
  state: TaskState | null
  url: string
}

export type SetOutput = (name: string, value: unknown) => void

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

export function setDeployOutputs(setOutput: SetOutput, deployments: readonly (CreatedDeployment & { state?: TaskState })[], waited: boolean): void {
  setOutput('server_tasks', JSON.stringify(serverTasksOutput(deployments)))
  setOutput('deployment_urls', deployments.map((d) => d.deploymentUrl).join('\n'))
  const states = deployments.map((d) => d.state).filter((s): s is TaskState => s !== undefined)
  setOutput('task_state', waited && states.length === deployments.length && states.length ? worstState(states) : '')
}
