/** Seeds a release on an Octopus fake (for the tests that deploy one), through the API its server generation has. */
import type { OctopusFake } from '../../sandbox/octopus/index.js'

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
