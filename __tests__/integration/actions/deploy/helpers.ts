/** Runs the deploy action's logic against an Octopus fake with an in-memory context and the fake's clock. */
import { deploy } from '../../../../src/actions/deploy/deploy.js'
import type { OctopusFake } from '../../../../sandbox/octopus/index.js'
import { testContext, type TestContext } from '../../../helpers/test-context.js'

export interface DeployRun {
  t: TestContext
  code: number
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv
  /** Called on every poll sleep after the clock moved (e.g. to answer a manual intervention). */
  onSleep?: (t: TestContext) => void
}

export async function runDeploy(fake: OctopusFake, inputs: Record<string, string>, opts: RunOptions = {}): Promise<DeployRun> {
  const t = testContext('deploy', { server: fake.url, api_key: fake.apiKey, ...inputs }, opts.env ?? {})
  let sleeps = 0
  const code = await t.run((ctx) =>
    deploy(ctx, {
      sleep: async (ms) => {
        if (++sleeps > 10_000) throw new Error('test guard: too many polls')
        fake.clock.advance(ms)
        opts.onSleep?.(t)
      },
      now: () => fake.clock.now(),
      retrySleep: async () => undefined
    })
  )
  return { t, code }
}

export const deployments = (fake: OctopusFake) => fake.server.ledger.of('deployment').map((e) => e.detail as { environment: string; tenant: string | null; task: string })
