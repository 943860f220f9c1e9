/**
 * The `deploy` action: connect to Octopus, find the project, channel and release (`latest` = newest), then deploy
 * and wait with the shared `deployRelease` (outputs `server_tasks`, `task_state`, `deployment_urls`, job summary).
 * Also sets `release_number` (useful with `latest`).
 */
import type { ActionContext } from '../../core/context.js'
import { connectOctopus } from '../../octopus/connection.js'
import { deployRelease } from '../../octopus/deploy/deploy-release.js'
import { findRelease } from '../../octopus/deploy/releases.js'
import { findChannel, findProject } from '../../octopus/lookups.js'
import { parseInputs } from './inputs.js'

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
    ctx.setOutput('release_number', release.Version)
    await deployRelease(client, space, ctx, {
      project,
      release,
      environments: inputs.environments,
      options: inputs.options,
      sleep: deps.sleep,
      now: deps.now
    })
  } finally {
    await client.close()
  }
}
