/**
 * The create-release action: connect, create (or reuse) the release, set its outputs and write the job summary and,
 * with `deploy_to`, deploy it with the `deploy` action's code (`deployRelease`: the same creation, waiting,
 * outputs `server_tasks` / `task_state` / `deployment_urls` and summary as the deploy action).
 */
import type { ActionContext } from '../../core/context.js'
import { setOutputs } from '../../core/outputs.js'
import { connectOctopus } from '../../octopus/connection.js'
import { DEPLOY_OUTPUTS, deployRelease, reportDeployment } from '../../octopus/deploy/index.js'
import { createRelease } from '../../octopus/release/create.js'
import { addReleaseSummary } from '../../octopus/release/summary.js'
import { parseInputs, releaseRequest } from './inputs.js'

/** The outputs action.yml declares. */
export const OUTPUTS = ['release_number', 'release_id', 'release_url', 'channel', ...DEPLOY_OUTPUTS] as const

export interface CreateReleaseDeps {
  /** Injected in tests to skip retry backoff. */
  sleep?: (ms: number) => Promise<void>
  /** Injected in tests: how waiting for deployments sleeps and reads the time (e.g. a fake server's clock). */
  pollSleep?: (ms: number) => Promise<void>
  now?: () => number
}

export async function createReleaseAction(ctx: ActionContext, deps: CreateReleaseDeps = {}): Promise<void> {
  const inputs = parseInputs(ctx.inputs)
  const request = await releaseRequest(inputs, ctx.env)
  const { client, space } = await connectOctopus(inputs.connection, { logger: ctx.logger, secrets: ctx.secrets, env: ctx.env, action: 'create-release', sleep: deps.sleep })
  try {
    const created = await createRelease(client, space, request)
    setOutputs(ctx, OUTPUTS, { release_number: created.release.Version, release_id: created.release.Id, release_url: created.url, channel: created.channel.Name })
    addReleaseSummary(ctx.summary, client, space, created)
    await ctx.summary.write()
    if (!inputs.deployTo.length) return
    const deploy = { project: created.project, release: created.release, environments: inputs.deployTo, options: inputs.deploy, sleep: deps.pollSleep, now: deps.now }
    await reportDeployment(ctx, await deployRelease(client, space, ctx.logger, deploy))
  } finally {
    await client.close()
  }
}
