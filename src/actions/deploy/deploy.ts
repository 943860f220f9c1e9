/**
 * The `deploy` action: connect to Octopus, find the project, channel and release (`latest` = newest), then deploy
 * and wait with the shared `deployRelease`, and set the outputs and job summary from its result. `release_number`
 * is set as soon as the release is found (useful with `latest`).
 */
import type { ActionContext } from '../../core/context.js'
import { setOutputs } from '../../core/outputs.js'
import { connectOctopus } from '../../octopus/connection.js'
import { DEPLOY_OUTPUTS, deployRelease, findRelease, reportDeployment } from '../../octopus/deploy/index.js'
import { findChannel, findProject } from '../../octopus/lookups.js'
import { parseInputs } from './inputs.js'

/** The outputs action.yml declares. */
export const OUTPUTS = [...DEPLOY_OUTPUTS, 'release_number'] as const

export interface DeployDeps {
  /** The poller's sleep and clock (tests advance the fake server's clock instead of waiting). */
  sleep?: (ms: number) => Promise<void>
  now?: () => number
  /** Backoff sleep between HTTP retries. */
  retrySleep?: (ms: number) => Promise<void>
}

export async function deploy(ctx: ActionContext, deps: DeployDeps = {}): Promise<void> {
  const inputs = parseInputs(ctx.inputs)
  const { client, space } = await connectOctopus(inputs.connection, {
    logger: ctx.logger,
    secrets: ctx.secrets,
    env: ctx.env,
    action: 'deploy',
    sleep: deps.retrySleep
  })
  try {
    const project = await findProject(client, space, inputs.project)
    const channel = inputs.channel ? await findChannel(client, space, project, inputs.channel) : undefined
    const release = await findRelease(client, space, project, inputs.releaseNumber, channel)
    setOutputs(ctx, OUTPUTS, { release_number: release.Version })
    const request = { project, release, environments: inputs.environments, options: inputs.options, sleep: deps.sleep, now: deps.now }
    await reportDeployment(ctx, await deployRelease(client, space, ctx.logger, request))
  } finally {
    await client.close()
  }
}
