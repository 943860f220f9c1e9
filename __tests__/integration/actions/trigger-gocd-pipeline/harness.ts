/** Runs the trigger logic against the GoCD fake on its frozen clock: every poll sleep advances the fake's time. */
import { startGocdFake, type GocdFake, type GocdFakeOptions } from '../../../../sandbox/gocd/index.js'
import { triggerGocdPipeline } from '../../../../src/actions/trigger-gocd-pipeline/trigger-gocd-pipeline.js'
import { testContext, type TestContext } from '../../../helpers/test-context.js'

export const NAME = 'trigger-gocd-pipeline'

export async function startFake(opts: GocdFakeOptions = {}): Promise<GocdFake> {
  return startGocdFake({ speed: 0, scheduleDelayMs: 1000, defaultStagePlan: { outcome: 'pass', durationMs: 5000 }, ...opts })
}

export interface TriggerRun {
  t: TestContext
  code: number
  /** Sleeps the action asked for (fake clock advances). */
  sleeps: number[]
}

export async function trigger(
  fake: GocdFake,
  inputs: Record<string, string>,
  opts: { env?: Record<string, string>; auth?: 'token' | 'basic' | 'none'; onSleep?: (ms: number, count: number) => void; approvalGraceMs?: number } = {}
): Promise<TriggerRun> {
  const auth = opts.auth ?? 'token'
  const credentials: Record<string, string> =
    auth === 'token' ? { token: fake.token } : auth === 'basic' ? { username: fake.username, password: fake.password } : {}
  const t = testContext(NAME, { server: fake.goUrl, ...credentials, ...inputs }, opts.env ?? {})
  const sleeps: number[] = []
  const clock = {
    now: () => fake.clock.now(),
    sleep: async (ms: number) => {
      if (sleeps.length > 5000) throw new Error('test guard: too many polls')
      sleeps.push(ms)
      opts.onSleep?.(ms, sleeps.length)
      fake.clock.advance(ms)
    }
  }
  const code = await t.run((ctx) =>
    triggerGocdPipeline(ctx, { clock, client: { retry: { baseDelayMs: 1, maxDelayMs: 2 }, timeoutMs: 5000 }, approvalGraceMs: opts.approvalGraceMs })
  )
  return { t, code, sleeps }
}

export function infoLines(t: TestContext): string[] {
  return t.logger.lines.filter((l) => l.level === 'info').map((l) => l.message)
}

/** Schedules a pipeline as another user (the admin), as a colleague or GoCD's UI would. */
export async function scheduleAsAdmin(fake: GocdFake, pipeline: string): Promise<number> {
  const res = await fetch(`${fake.goUrl}/api/pipelines/${pipeline}/schedule`, {
    method: 'POST',
    headers: {
      Accept: 'application/vnd.go.cd.v1+json',
      'X-GoCD-Confirm': 'true',
      Authorization: `Basic ${Buffer.from(`${fake.admin.username}:${fake.admin.password}`).toString('base64')}`
    }
  })
  await res.text()
  return res.status
}
