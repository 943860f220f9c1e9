import { afterEach, describe, expect, it } from '@jest/globals'
import { harness, space, type Harness } from './helpers.js'

describe('Octopus fake: root, auth, spaces', () => {
  let h: Harness | undefined
  afterEach(async () => {
    await h?.fake.close()
    h = undefined
  })

  it('serves the root document anonymously with RFC 6570 link templates', async () => {
    h = await harness()
    const res = await h.get('/api', {})
    expect(res.status).toBe(200)
    expect(Object.keys(res.body)).toEqual(expect.arrayContaining(['Application', 'Version', 'ApiVersion', 'InstallationId', 'Links']))
    expect(res.body.Application).toBe('Octopus Deploy')
    expect(res.body.ApiVersion).toBe('3.0.0')
    expect(res.body.Version).toBe('2025.4.10384')
    expect(res.body.Links.Self).toBe('/api')
    expect(res.body.Links.Environments).toBe('/api/Spaces-1/environments{/id}{?name,skip,ids,take,partialName}')
    expect(res.body.Links.Spaces).toBe('/api/spaces{/id}{?skip,ids,take,partialName}')
    expect(res.body.Links.CurrentUser).toBe('/api/users/me')
    expect(res.body.Links.CreateReleaseCommandV1).toBe('/api/{spaceId}/releases/create/v1')
  })

  it('legacy 2022.1 servers report their version and have no executions API routes', async () => {
    h = await harness({ version: '2022.1.x' })
    const root = await h.get('/api', {})
    expect(root.body.Version).toBe('2022.1.2386')
    expect(root.body.Links.CreateReleaseCommandV1).toBeUndefined()
    const res = await h.post('/api/Spaces-1/releases/create/v1', { ...space, ProjectName: 'Random Quotes' })
    expect(res.status).toBe(404)
    expect(res.body).toEqual({ ErrorMessage: 'The resource you requested was not found.', Errors: [] })
    const dep = await h.post('/api/Spaces-1/deployments/create/untenanted/v1', { ...space, ProjectName: 'Random Quotes', ReleaseVersion: '1', EnvironmentNames: [] })
    expect(dep.status).toBe(404)
    expect((await h.get('/.well-known/openid-configuration', {})).status).toBe(404)
  })

  it('authenticates by header, query parameter, and rejects missing, empty and wrong keys with 401 bodies', async () => {
    h = await harness()
    expect((await h.get('/api/users/me')).status).toBe(200)
    expect((await h.get(`/api/users/me?apikey=${h.fake.apiKey}`, {})).status).toBe(200)
    const none = await h.get('/api/users/me', {})
    expect(none.status).toBe(401)
    expect(none.body).toEqual({
      ErrorMessage: 'You must be logged in to perform this action. Please provide a valid API key or log in again.',
      Errors: []
    })
    const empty = await h.get('/api/users/me', { 'X-Octopus-ApiKey': '' })
    expect(empty.status).toBe(401)
    const wrong = await h.get('/api/users/me', { 'X-Octopus-ApiKey': 'API-WRONGWRONGWRONGWRONGWRONG' })
    expect(wrong.status).toBe(401)
    expect(wrong.body.ErrorMessage).toMatch(/^The API key you provided was not valid/)
    const bearer = await h.get('/api/users/me', { Authorization: 'Bearer not-a-token' })
    expect(bearer.status).toBe(401)
    expect(bearer.body.Errors).toEqual([])
  })

  it('stops accepting a key the moment it is revoked or expires', async () => {
    h = await harness()
    const { apiKey, id } = h.fake.createApiKey('Users-1', 'short lived', new Date(h.fake.clock.now() + 60_000).toISOString())
    expect((await h.get('/api/users/me', { 'X-Octopus-ApiKey': apiKey })).status).toBe(200)
    h.fake.clock.advance(61_000)
    expect((await h.get('/api/users/me', { 'X-Octopus-ApiKey': apiKey })).status).toBe(401)
    const other = h.fake.createApiKey('Users-1', 'revoked', null)
    expect((await h.get('/api/users/me', { 'X-Octopus-ApiKey': other.apiKey })).status).toBe(200)
    h.fake.revokeApiKey(other.id)
    expect((await h.get('/api/users/me', { 'X-Octopus-ApiKey': other.apiKey })).status).toBe(401)
    expect(id).toMatch(/^apikeys-/)
  })

  it('lists spaces with partialName/skip/take and /spaces/all, and resolves all three route forms', async () => {
    h = await harness()
    const list = await h.get('/api/spaces?partialName=Default&skip=0&take=2147483647')
    expect(list.status).toBe(200)
    expect(list.body.ItemType).toBe('Space')
    expect(list.body.Items.map((s: { Name: string }) => s.Name)).toEqual(['Default'])
    expect(list.body.Items[0]).toMatchObject({ Id: 'Spaces-1', Name: 'Default', IsDefault: true })
    const page = await h.get('/api/spaces?skip=0&take=1')
    expect(page.body).toMatchObject({ TotalResults: 2, ItemsPerPage: 1, NumberOfPages: 2 })
    expect(page.body.Links['Page.Next']).toBe('/api/spaces?skip=1&take=1')
    const all = await h.get('/api/spaces/all')
    expect(all.body.map((s: { Name: string }) => s.Name)).toEqual(['Default', 'Operations'])
    const byId = await h.get('/api/Spaces-2/projects')
    const byName = await h.get('/api/spaces/Operations/projects')
    const byDefault = await h.get('/api/projects')
    expect(byId.body.Items.map((p: { Name: string }) => p.Name)).toEqual(['Infrastructure'])
    expect(byName.body.Items.map((p: { Name: string }) => p.Name)).toEqual(['Infrastructure'])
    expect(byDefault.body.Items.map((p: { Name: string }) => p.Name)).toContain('Random Quotes')
    expect((await h.get('/api/Spaces-9/projects')).status).toBe(404)
    // a path the fake has no route for: 501 (a real server may have it; the fake cannot know)
    expect((await h.get('/api/Spaces-1/nothing-here')).status).toBe(501)
  })

  it('serves the seed: environments, lifecycle phases, project step and package, channels', async () => {
    h = await harness()
    const envs = await h.get('/api/Spaces-1/environments')
    expect(envs.body.Items.map((e: { Name: string }) => e.Name)).toEqual(['Dev', 'Test', 'Prod'])
    const lcs = await h.get('/api/Spaces-1/lifecycles?partialName=Dev, Test')
    const lc = lcs.body.Items[0]
    expect(lc.Name).toBe('Dev, Test, and Prod')
    expect(lc.Phases.map((p: { Name: string; IsOptionalPhase: boolean }) => [p.Name, p.IsOptionalPhase])).toEqual([
      ['Dev', true],
      ['Test', false],
      ['Prod', false]
    ])
    const all = await h.get('/api/Spaces-1/projects/all')
    const rq = all.body.find((p: { Name: string }) => p.Name === 'Random Quotes')
    expect(rq.LifecycleId).toBe(lc.Id)
    const proc = await h.get(rq.Links.DeploymentProcess)
    expect(proc.body.Steps[0].Name).toBe('Deploy container to Kubernetes')
    expect(proc.body.Steps[0].Actions[0].Packages[0]).toMatchObject({ PackageId: 'randomquotes', FeedId: 'feeds-builtin' })
    const channels = await h.get(`/api/Spaces-1/projects/${rq.Id}/channels`)
    expect(channels.body.Items.map((c: { Name: string }) => c.Name)).toEqual(['Default', 'Hotfix'])
    expect(channels.body.Items[1].Rules[0].VersionRange).toBe('[2.0,3.0)')
  })

  it('answers what it does not implement with 501 (recorded), and a real 404 for what does not exist', async () => {
    h = await harness()
    for (const [method, path] of [
      ['GET', '/api/Spaces-1/environments/summary'],
      ['GET', '/api/spaces/Spaces-1/dashboard'],
      ['DELETE', '/api/spaces/all'],
      ['PUT', '/api/Spaces-1/projects/Projects-1']
    ]) {
      const res = await h.send(method, path)
      expect(res.status).toBe(501)
      expect(res.body).toEqual({ ErrorMessage: expect.stringContaining(`The Octopus fake does not implement ${method} ${path}.`), Errors: [], FakeUnimplemented: true })
    }
    expect(h.fake.unimplemented).toEqual([
      { method: 'GET', path: '/api/Spaces-1/environments/summary' },
      { method: 'GET', path: '/api/spaces/Spaces-1/dashboard' },
      { method: 'DELETE', path: '/api/spaces/all' },
      { method: 'PUT', path: '/api/Spaces-1/projects/Projects-1' }
    ])
    // real "not found": an unknown id on an implemented route, an unknown space, a path outside /api
    expect(await h.get('/api/Spaces-1/projects/Projects-999')).toMatchObject({ status: 404, body: { ErrorMessage: "The resource 'Projects-999' was not found." } })
    expect((await h.get('/api/Spaces-99/projects')).status).toBe(404)
    expect((await h.get('/app/nothing')).status).toBe(404)
    // lifecycles/all is implemented (it used to fall into lifecycles/{id} and answer "'all' was not found")
    const all = await h.get('/api/Spaces-1/lifecycles/all')
    expect(all.status).toBe(200)
    expect(all.body.map((l: { Name: string }) => l.Name)).toEqual(['Default Lifecycle', 'Dev, Test, and Prod'])
    expect(h.fake.unimplemented).toHaveLength(4)
  })

  it('on a 2022.1 server the routes that version lacks are a real 404, not a 501', async () => {
    h = await harness({ version: '2022.1.x' })
    expect((await h.post('/api/Spaces-1/releases/create/v1', {})).status).toBe(404)
    expect((await h.get('/api/Spaces-1/environments/v2')).status).toBe(404)
    expect((await h.post('/api/token/v1', {}, {})).status).toBe(404)
    expect(h.fake.unimplemented).toEqual([])
  })
})
