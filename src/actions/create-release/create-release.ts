/**
 * The create-release action: connect, create (or reuse) the release, set the outputs, write the job summary and,
 * with `deploy_to`, deploy it with the `deploy` action's code (`deployRelease`: the same creation, waiting,
 * outputs `server_tasks` / `task_state` / `deployment_urls` and summary as the deploy action).
 */
import type { ActionContext } from '../../core/context.js'
import { connectOctopus } from '../../octopus/connection.js'
import { deployRelease } from '../../octopus/deploy/index.js'
import { createRelease } from '../../octopus/release/create.js'
import { addReleaseSummary } from '../../octopus/release/summary.js'
import { parseInputs, releaseRequest } from './inputs.js'

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
    ctx.setOutput('release_number', created.release.Version)
    ctx.setOutput('release_id', created.release.Id)
    ctx.setOutput('release_url', created.url)
    ctx.setOutput('channel', created.channel.Name)
    addReleaseSummary(ctx.summary, client, space, created)
    await ctx.summary.write()
    if (inputs.deployTo.length)
      await deployRelease(client, space, ctx, {
        project: created.project,
        release: created.release,
        environments: inputs.deployTo,
        options: inputs.deploy,
        sleep: deps.pollSleep,
        now: deps.now
      })
  } finally {
    await client.close()
  }
}
