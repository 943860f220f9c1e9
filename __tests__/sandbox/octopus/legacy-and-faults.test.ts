import { afterEach, describe, expect, it } from '@jest/globals'
import { Agent } from 'undici'
import { parseTemplate } from 'url-template'
import { sandboxTls } from '../../../sandbox/common/index.js'
import { startOctopusFake } from '../../../sandbox/octopus/index.js'
import { start as startEntry } from '../../../sandbox/octopus/sandbox-entry.js'
import { harness, space, type Harness } from './helpers.js'

describe('Octopus fake: legacy flow, instrumentation, deployment options', () => {
  let h: Harness | undefined
  afterEach(async () => {
    await h?.fake.close()
    h = undefined
  })

  it('supports the pre-executions flow on a 2022.1 server by following links from /api', async () => {
    h = await harness({ version: '2022.1.x' })
    const root = (await h.get('/api')).body
    const spaces = (await h.get(parseTemplate(root.Links.SpacesAll).expand({}))).body
    const spaceId = spaces.find((s: { Name: string }) => s.Name === 'Default').Id
    const home = (await h.get(parseTemplate(root.Links.SpaceHome).expand({ spaceId }))).body
    const projects = (await h.get(parseTemplate(home.Links.ProjectsAll).expand({}))).body
    const project = projects.find((p: { Name: string }) => p.Name === 'Random Quotes')
    const channels = (await h.get(parseTemplate(project.Links.Channels).expand({}))).body
    const channel = channels.Items.find((c: { IsDefault: boolean }) => c.IsDefault)
    const proc = (await h.get(project.Links.DeploymentProcess)).body
    const template = (await h.get(parseTemplate(proc.Links.Template).expand({ channel: channel.Id }))).body
    expect(template.NextVersionIncrement).toBe('0.0.1')
    expect(template.Packages).toEqual([expect.objectContaining({ ActionName: 'Deploy container to Kubernetes', PackageId: 'randomquotes', FeedId: 'feeds-builtin' })])
    const feed = (await h.get(`/api/${spaceId}/feeds/feeds-builtin`)).body
    const versions = (await h.get(parseTemplate(feed.Links.SearchPackageVersionsTemplate).expand({ packageId: 'randomquotes', take: 1 }))).body
    const pkgVersion = versions.Items[0].Version
    const created = await h.post(`/api/${spaceId}/releases`, {
      ProjectId: project.Id,
      ChannelId: channel.Id,
      Version: template.NextVersionIncrement,
      SelectedPackages: [{ ActionName: 'Deploy container to Kubernetes', PackageReferenceName: '', Version: pkgVersion }]
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ Version: '0.0.1', ProjectId: project.Id, ChannelId: channel.Id })
    const envs = (await h.get(`/api/${spaceId}/environments?name=Test`)).body
    const dep = await h.post(`/api/${spaceId}/deployments`, { ReleaseId: created.body.Id, EnvironmentId: envs.Items[0].Id })
    expect(dep.status).toBe(201)
    expect(dep.body.TaskId).toMatch(/^ServerTasks-/)
    h.fake.clock.advance(20_000)
    expect((await h.get(dep.body.Links.Task)).body.State).toBe('Success')
    const missing = await h.post(`/api/${spaceId}/releases`, { ProjectId: project.Id, Version: '0.0.2' })
    expect(missing.status).toBe(400)
    expect(missing.body.Errors).toEqual(["A package version must be selected for step 'Deploy container to Kubernetes'."])
    const prod = await h.post(`/api/${spaceId}/deployments`, { ReleaseId: created.body.Id, EnvironmentId: 'Environments-3', FormValues: {} })
    expect(prod.status).toBe(201)
  })

  it('counts creations exactly once when the response is lost, and injects per-route faults', async () => {
    h = await harness()
    h.fake.server.faults.next('POST', '/api/Spaces-1/releases/create/v1', { kind: 'lost-response' })
    await expect(fetch(`${h.fake.url}/api/Spaces-1/releases/create/v1`, {
      method: 'POST',
      headers: { 'X-Octopus-ApiKey': h.fake.apiKey, 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...space, ProjectName: 'Random Quotes', ReleaseVersion: '1.0.0' })
    })).rejects.toThrow()
    expect(h.fake.server.ledger.count('release')).toBe(1)
    // A client retrying safely with IgnoreIfAlreadyExists gets the same release, still one in the ledger.
    const retry = await h.post('/api/Spaces-1/releases/create/v1', { ...space, ProjectName: 'Random Quotes', ReleaseVersion: '1.0.0', IgnoreIfAlreadyExists: true })
    expect(retry.body.ReleaseId).toBe('Releases-1')
    expect(h.fake.server.ledger.count('release')).toBe(1)
    h.fake.server.faults.next('GET', /^\/api\/Spaces-1\/tasks/, { kind: 'status', status: 429, headers: { 'Retry-After': '2' } })
    const limited = await h.get('/api/Spaces-1/tasks')
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('2')
    expect((await h.get('/api/Spaces-1/tasks')).status).toBe(200)
    const logged = h.fake.server.log.filter('POST', '/api/Spaces-1/releases/create/v1')
    expect(logged[0].headers['x-octopus-apikey']).toBe('[redacted]')
    expect(JSON.stringify(h.fake.server.log.entries)).not.toContain(h.fake.apiKey)
  })

  it('serves under a virtual directory and over TLS', async () => {
    const tls = sandboxTls()
    const fake = await startOctopusFake({ basePath: '/octopus', tls: { key: tls.key, cert: tls.cert } })
    try {
      expect(fake.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/octopus$/)
      const dispatcher = new Agent({ connect: { ca: tls.ca } })
      const res = await fetch(`${fake.url}/api/Spaces-1/projects/all`, { headers: { 'X-Octopus-ApiKey': fake.apiKey }, dispatcher } as RequestInit)
      expect(res.status).toBe(200)
      const outside = await fetch(fake.url.replace('/octopus', '') + '/api', { dispatcher } as RequestInit)
      expect(outside.status).toBe(404)
      await dispatcher.close()
    } finally {
      await fake.close()
    }
  })

  it('starts from the sandbox CLI entry with the state the CLI writes', async () => {
    const entry = await startEntry({ started: {} })
    try {
      expect(entry.key).toBe('octopus')
      expect(entry.state).toMatchObject({ space: 'Default', spaceId: 'Spaces-1', apiKey: expect.stringMatching(/^API-/), url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:/) })
      const res = await fetch(`${entry.state.url as string}/api/users/me`, { headers: { 'X-Octopus-ApiKey': entry.state.apiKey as string } })
      expect(res.status).toBe(200)
    } finally {
      await entry.close()
    }
  })
})
