/** An Octopus fake set up for deployment benchmarks: N environments in one lifecycle phase and a released project. */
import { addLifecycle } from '../../sandbox/octopus/builders.js'
import { startOctopusFake, type OctopusFake } from '../../sandbox/octopus/index.js'

export const BENCH_PROJECT = 'Bench Service'

export async function benchOctopus(envCount: number, taskMs: number, queueMs: number): Promise<{ fake: OctopusFake; environments: string[] }> {
  const fake = await startOctopusFake({ clockSpeed: 1, taskProfile: { queueMs, durationMs: taskMs, outcome: 'Success' } })
  const environments = Array.from({ length: envCount }, (_, i) => `Bench ${String(i + 1).padStart(2, '0')}`)
  for (const e of environments) fake.addEnvironment(e)
  addLifecycle(fake.store, fake.spaceId, 'Bench Lifecycle', [{ name: 'All', environments }])
  fake.addProject({ name: BENCH_PROJECT, lifecycle: 'Bench Lifecycle', steps: [{ name: 'Run a script' }] })
  const res = await fetch(`${fake.url}/api/${fake.spaceId}/releases/create/v1`, {
    method: 'POST',
    headers: { 'X-Octopus-ApiKey': fake.apiKey, 'Content-Type': 'application/json' },
    body: JSON.stringify({ SpaceId: fake.spaceId, SpaceIdOrName: fake.spaceId, ProjectName: BENCH_PROJECT, ReleaseVersion: '1.0.0' })
  })
  if (res.status !== 201) throw new Error(`creating the bench release failed: ${res.status} ${await res.text()}`)
  fake.server.log.clear()
  return { fake, environments }
}
