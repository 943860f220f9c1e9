/** Runs the rotate-secret logic in an in-memory context against the fakes, and checks output for leaks. */
import { expect } from '@jest/globals'
import type { GithubFake } from '../../../../sandbox/github/index.js'
import { rotateSecret, type RotateSecretOptions } from '../../../../src/actions/rotate-secret/rotate-secret.js'
import { leakForms, testContext, type TestContext } from '../../../helpers/test-context.js'

/** GitHub client tuning for tests: no pacing between writes, millisecond back-offs. */
export const FAST: RotateSecretOptions = {
  github: { writeIntervalMs: 0, retryBaseMs: 1, retryAfterUnitMs: 1, timeoutMs: 5000 },
  sleep: async () => undefined
}

/** Matches requests to `path` only once a request matching `after` has been answered with `status` (a later step). */
export function pathAfter(log: { filter(method: string, path: RegExp): { status?: number }[] }, path: RegExp, after: { method: string; path: RegExp; status: number[] }): RegExp {
  return new (class extends RegExp {
    override test(p: string): boolean {
      return path.test(p) && log.filter(after.method, after.path).some((e) => e.status !== undefined && after.status.includes(e.status))
    }
  })(path.source)
}

export async function runRotation(
  fake: GithubFake,
  inputs: Record<string, string>,
  env: NodeJS.ProcessEnv = {},
  options: RotateSecretOptions = FAST
): Promise<TestContext & { code: number }> {
  const t = testContext('rotate-secret', { github_token: fake.token, github_api_url: fake.apiUrl, ...inputs }, env)
  const code = await t.run((ctx) => rotateSecret(ctx, options))
  return { ...t, code }
}

/** No form of any of the values appears in anything a user could see. */
export function expectNoLeak(t: TestContext, values: string[]): void {
  const visible = t.visibleText()
  for (const v of values) for (const form of leakForms(v)) expect(visible).not.toContain(form)
}

export const parseJson = (text: string | undefined): unknown => JSON.parse(text ?? 'null')
