/** Runs the create-release logic in memory against an Octopus fake, as the runner would (inputs as strings). */
import { testContext, type TestContext } from '../../../helpers/test-context.js'
import { createReleaseAction } from '../../../../src/actions/create-release/create-release.js'
import type { OctopusFake } from '../../../../sandbox/octopus/index.js'

export const noSleep = async (): Promise<void> => undefined

export interface Run extends TestContext {
  code: number
}

/** `server` and `api_key` default to the fake's; pass '' to leave one unset. */
export async function runCreateRelease(fake: OctopusFake, inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const t = testContext('create-release', { server: fake.url, api_key: fake.apiKey, ...inputs }, { NO_PROXY: '*', ...env })
  // Waiting for deployments moves the fake's clock instead of sleeping.
  const deps = { sleep: noSleep, pollSleep: async (ms: number) => fake.clock.advance(ms), now: () => fake.clock.now() }
  const code = await t.run((ctx) => createReleaseAction(ctx, deps))
  return Object.assign(t, { code })
}

/** The releases the fake created (its ledger), e.g. to prove a retried request created exactly one. */
export function releasesCreated(fake: OctopusFake): { id: string; project: string; version: string }[] {
  return fake.server.ledger.of('release').map((e) => ({ id: e.id, ...(e.detail as { project: string; version: string }) }))
}

/** Adds a package version to the fake's built-in feed (as a push would). */
export function addFeedPackage(fake: OctopusFake, packageId: string, version: string): void {
  const bytes = Buffer.from(`${packageId} ${version}`)
  fake.packages.put({
    SpaceId: fake.spaceId,
    PackageId: packageId,
    Version: version,
    FileExtension: '.zip',
    FeedId: 'feeds-builtin',
    Sha256: '',
    Sha1: '',
    Size: bytes.length,
    Published: '2026-02-01T00:00:00.000Z',
    bytes
  })
}

/** The fake's stored release with this version of a project. */
export function storedRelease(fake: OctopusFake, project: string, version: string) {
  const p = fake.store.projects.find((x) => x.Name === project)!
  return fake.store.releasesOf(p.Id).find((r) => r.Version === version)
}
