/** Test helpers for the deploy code: a started Octopus fake, a connected client, releases, and a virtual clock. */
import { OctopusClient } from '../../../../src/octopus/client.js'
import { resolveSpace, type OctopusSpace } from '../../../../src/octopus/spaces.js'
import { findProject } from '../../../../src/octopus/lookups.js'
import type { ProjectResource, ReleaseResource } from '../../../../src/octopus/types.js'
import { startOctopusFake, type OctopusFake, type OctopusFakeOptions } from '../../../../sandbox/octopus/index.js'
import { testContext, type TestContext } from '../../../helpers/test-context.js'

export interface DeployHarness {
  fake: OctopusFake
  t: TestContext
  client: OctopusClient
  space: OctopusSpace
  /** Sleeping moves the fake's clock instead of waiting. */
  sleep: (ms: number) => Promise<void>
  now: () => number
  project(name: string): Promise<ProjectResource>
  /** Creates a release through the API the server generation has. */
  release(project: string, version: string): Promise<ReleaseResource>
  close(): Promise<void>
}

export async function deployHarness(options: OctopusFakeOptions = {}, inputs: Record<string, string> = {}): Promise<DeployHarness> {
  const fake = await startOctopusFake({ taskProfile: { queueMs: 1000, durationMs: 4000, cancelMs: 1000 }, ...options })
  const t = testContext('deploy', inputs)
  const sleep = async (ms: number) => fake.clock.advance(ms)
  const client = await OctopusClient.connect({
    server: fake.url,
    credential: { kind: 'apiKey', apiKey: fake.apiKey },
    logger: t.ctx.logger,
    secrets: t.ctx.secrets,
    sleep: async () => undefined
  })
  const space = await resolveSpace(client)
  const headers = { 'X-Octopus-ApiKey': fake.apiKey, 'Content-Type': 'application/json' }
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${fake.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) })
    const json = (await res.json()) as Record<string, unknown>
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`)
    return json
  }
  return {
    fake,
    t,
    client,
    space,
    sleep,
    now: () => fake.clock.now(),
    project: (name) => findProject(client, space, name),
    async release(projectName, version) {
      const project = await findProject(client, space, projectName)
      if (fake.modern) {
        const r = await post(`/api/${space.Id}/releases/create/v1`, { SpaceId: space.Id, SpaceIdOrName: space.Id, ProjectName: projectName, ReleaseVersion: version })
        return client.get<ReleaseResource>(`/api/${space.Id}/releases/${r.ReleaseId as string}`)
      }
      const template = await client.get<{ Packages: { ActionName: string; PackageReferenceName: string }[] }>(
        `/api/${space.Id}/deploymentprocesses/deploymentprocess-${project.Id}/template`
      )
      const selected = template.Packages.map((p) => ({ ActionName: p.ActionName, PackageReferenceName: p.PackageReferenceName, Version: '1.0.0' }))
      return (await post(`/api/${space.Id}/releases`, { ProjectId: project.Id, Version: version, SelectedPackages: selected })) as unknown as ReleaseResource
    },
    async close() {
      await client.close()
      await fake.close()
    }
  }
}
