/** Runs the create-release logic in memory against an Octopus fake, as the runner would (inputs as strings). */
import { testContext, type TestContext } from '../../helpers/test-context.js'
import { createReleaseAction } from '../../../src/actions/create-release/create-release.js'
import type { OctopusFake } from '../../../sandbox/octopus/index.js'

export const noSleep = async (): Promise<void> => undefined

export interface Run extends TestContext {
  code: number
}

/** `server` and `api_key` default to the fake's; pass '' to leave one unset. */
export async function runCreateRelease(fake: OctopusFake, inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const t = testContext('create-release', { server: fake.url, api_key: fake.apiKey, ...inputs }, { NO_PROXY: '*', ...env })
  const code = await t.run((ctx) => createReleaseAction(ctx, { sleep: noSleep }))
  return Object.assign(t, { code })
}

/** The releases the fake created (its ledger), e.g. to prove a retried request created exactly one. */
export function releasesCreated(fake: OctopusFake): { id: string; project: string; version: string }[] {
  return fake.server.ledger.of('release').map((e) => ({ id: e.id, ...(e.detail as { project: string; version: string }) }))
}
