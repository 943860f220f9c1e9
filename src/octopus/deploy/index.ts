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
 * await deployRelease(client, space, ctx, { project, release, environments: ['Dev'], options: deploy })
 * ```
 *
 * `deployRelease` sets the outputs `server_tasks`, `task_state` and `deployment_urls`, writes the job summary, and
 * throws an `ActionError` when a deployment fails or the wait times out (after the outputs and summary are written).
 */
export { readDeployOptions, parseInstant, DEFAULT_TIMEOUT_MS, type DeployOptions, type ReadDeployOptions } from './options.js'
export { deployRelease, type DeployHost, type DeployRequest, type DeployResult } from './deploy-release.js'
export { findRelease } from './releases.js'
export { serverTasksOutput, type ServerTaskOutput } from './outputs.js'
export { describeTarget, type CreatedDeployment, type DeploymentOutcome, type DeploymentTarget } from './targets.js'
export { worstState, isTerminal, isUnsuccessful, type TaskState } from './task-state.js'
