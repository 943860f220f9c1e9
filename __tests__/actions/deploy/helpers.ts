/** Runs the deploy action's logic against an Octopus fake with an in-memory context and the fake's clock. */
import { deploy } from '../../../src/actions/deploy/deploy.js'
import type { OctopusFake } from '../../../sandbox/octopus/index.js'
import { testContext, type TestContext } from '../../helpers/test-context.js'

export interface DeployRun {
  t: TestContext
  code: number
}

/** Creates a release through the API the server generation has; returns its version. */
export async function createRelease(fake: OctopusFake, project: string, version: string): Promise<void> {
  const headers = { 'X-Octopus-ApiKey': fake.apiKey, 'Content-Type': 'application/json' }
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${fake.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) })
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`)
    return (await res.json()) as Record<string, unknown>
  }
  if (fake.modern) {
    await post(`/api/${fake.spaceId}/releases/create/v1`, { SpaceId: fake.spaceId, SpaceIdOrName: fake.spaceId, ProjectName: project, ReleaseVersion: version })
    return
  }
  const p = fake.store.projects.find((x) => x.Name === project)!
  const template = (await (await fetch(`${fake.url}/api/${fake.spaceId}/deploymentprocesses/deploymentprocess-${p.Id}/template`, { headers })).json()) as {
    Packages: { ActionName: string; PackageReferenceName: string }[]
  }
  const selected = template.Packages.map((x) => ({ ActionName: x.ActionName, PackageReferenceName: x.PackageReferenceName, Version: '1.0.0' }))
  await post(`/api/${fake.spaceId}/releases`, { ProjectId: p.Id, Version: version, SelectedPackages: selected })
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
