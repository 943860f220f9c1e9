/**
 * The shared deploy API (used by the `deploy` action and by create-release's `deploy_to`):
 *
 * ```ts
 * import { readDeployOptions, deployRelease } from '../../octopus/deploy/index.js'
 *
 * // in parseInputs(reader), with the other inputs (reads variables, tenants, tenant_tags, wait, timeout,
 * // cancel_on_timeout; `{ extended: true }` also reads the deploy-only inputs):
 * const deploy = readDeployOptions(reader)
 * reader.finish()
 *
 * // after connecting and creating/finding the release:
 * const result = await deployRelease(client, space, ctx.logger, { project, release, environments: ['Dev'], options: deploy })
 * // the outputs server_tasks, task_state, deployment_urls (DEPLOY_OUTPUTS) and the summary, then throws
 * // result.error (a deployment failed, or the wait timed out):
 * await reportDeployment(ctx, result)
 * ```
 *
 * `deployRelease` throws only when no deployment was created; afterwards a failure comes back as `result.error`.
 */
export { readDeployOptions, parseInstant, DEFAULT_TIMEOUT_MS, type DeployOptions, type ReadDeployOptions } from './options.js'
export { deployRelease, type DeployRequest, type DeployResult } from './deploy-release.js'
export { findRelease } from './releases.js'
export { DEPLOY_OUTPUTS, deployOutputs, reportDeployment, serverTasksOutput, type ServerTaskOutput } from './outputs.js'
export { addDeploySummary } from './summary.js'
export { describeEnvironmentTenant, type CreatedDeployment, type DeploymentOutcome, type EnvironmentTenant } from './deployments.js'
export { worstState, isTerminal, isUnsuccessful, type TaskState } from './task-state.js'
