import { afterEach, describe, expect, it } from '@jest/globals'
import { parseTemplate } from 'url-template'
import { harness, space, type Harness, type Json } from './helpers.js'

/** Links that name the web UI or need a POST are not followed. */
const NOT_GET = new Set(['Web', 'Cancel', 'Submit', 'PackageUpload', 'CreateReleaseCommandV1', 'CreateDeploymentUntenantedCommandV1', 'CreateDeploymentTenantedCommandV1'])
/** Root-document links to collections the fake does not model (kept because real root documents carry them). */
const UNMODELLED = new Set(['RunbookProcesses', 'RunbookRuns', 'Runbooks', 'RunbookSnapshots', 'Variables', 'DeploymentProcesses'])

describe('Octopus fake: every resource link resolves', () => {
  let h: Harness | undefined
  afterEach(async () => {
    await h?.fake.close()
    h = undefined
  })

  async function follow(links: Record<string, string>, vars: Record<string, string> = { packageId: 'randomquotes' }): Promise<string[]> {
    const broken: string[] = []
    for (const [name, template] of Object.entries(links)) {
      if (NOT_GET.has(name) || UNMODELLED.has(name) || template.startsWith('http')) continue
      const path = parseTemplate(template).expand(vars)
      const res = await h!.get(path)
      if (res.status !== 200) broken.push(`${name} ${path} -> ${res.status}`)
    }
    return broken
  }

  it('from the root document, the space home and each kind of resource', async () => {
    h = await harness()
    await h.post('/api/Spaces-1/releases/create/v1', { ...space, ProjectName: 'Random Quotes', ReleaseVersion: '1.0.0' })
    const dep = await h.post('/api/Spaces-1/deployments/create/untenanted/v1', { ...space, ProjectName: 'Random Quotes', ReleaseVersion: '1.0.0', EnvironmentNames: ['Dev'] })
    expect(dep.status).toBe(200)
    const root = (await h.get('/api')).body
    const broken = await follow(root.Links, { spaceId: 'Spaces-1', packageId: 'randomquotes' })
    const home = (await h.get('/api/Spaces-1')).body
    broken.push(...(await follow(home.Links)))
    const collections = ['projects', 'environments', 'lifecycles', 'channels', 'tenants', 'tagsets', 'machines', 'feeds', 'releases', 'deployments', 'tasks', 'packages']
    for (const c of collections) {
      const list = (await h.get(`/api/Spaces-1/${c}`)).body
      expect(list.Items.length).toBeGreaterThan(0)
      broken.push(...(await follow(list.Links)))
      for (const item of list.Items as Json[]) broken.push(...(await follow(item.Links)))
    }
    broken.push(...(await follow((await h.get('/api/users/me')).body.Links)))
    broken.push(...(await follow((await h.get('/api/spaces/Spaces-1')).body.Links)))
    expect(broken).toEqual([])
  })
})
