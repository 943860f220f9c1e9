/**
 * Read routes: the root document (RFC 6570 link templates), spaces, the space home, projects, channels, environments
 * (and `environments/v2` on servers that have it), lifecycles, tenants, tag sets, machines, feeds, releases and
 * deployments, with `?ids=` filters and paging as the real collections have them.
 */
import { type FakeRequest } from '../common/index.js'
import { listParam, paged } from './collection.js'
import type { OctopusContext } from './context.js'
import { notFound } from './errors.js'
import type { OctoRoutes } from './routes.js'
import {
  builtInFeedResource,
  channelResource,
  deploymentResource,
  environmentResource,
  lifecycleResource,
  machineResource,
  projectResource,
  releaseResource,
  spaceResource,
  tagSetResource,
  tenantResource
} from './resources.js'
import { BUILT_IN_FEED_ID } from './builders.js'
import { tenantMatchesTags } from './tenant-filter.js'
import { compareVersions } from './versions.js'

export interface CoreKnobs {
  /** `GET …/environments/v2` exists (2025.4+); false answers 404 so clients exercise their fallback. */
  environmentsV2: boolean
}

const json = (body: unknown, status = 200) => ({ status, body })

function spaceLinks(spaceId: string): Record<string, string> {
  const s = `/api/${spaceId}`
  return {
    Accounts: `${s}/accounts{/id}{?skip,take,ids,partialName,accountType}`,
    Channels: `${s}/channels{/id}{?skip,take,ids,partialName}`,
    Deployments: `${s}/deployments{/id}{?skip,take,ids,projects,environments,tenants,channels,taskState,partialName}`,
    Environments: `${s}/environments{/id}{?name,skip,ids,take,partialName}`,
    Feeds: `${s}/feeds{/id}{?skip,take,ids,partialName,feedType,name}`,
    Interruptions: `${s}/interruptions{/id}{?skip,take,regarding,pendingOnly,ids}`,
    Lifecycles: `${s}/lifecycles{/id}{?skip,take,ids,partialName}`,
    Machines: `${s}/machines{/id}{?skip,take,name,ids,partialName,roles,isDisabled,healthStatuses,commStyles,tenantIds,tenantTags,environmentIds,thumbprint,deploymentId,shellNames,deploymentTargetTypes}`,
    PackageUpload: `${s}/packages/raw{?replace,overwriteMode}`,
    Packages: `${s}/packages{/id}{?nuGetPackageId,filter,latest,skip,take,includeNotes}`,
    Projects: `${s}/projects{/id}{?name,skip,ids,clone,take,partialName,clonedFromProjectId}`,
    ProjectsAll: `${s}/projects/all{?ids}`,
    Releases: `${s}/releases{/id}{?skip,take,ids}`,
    TagSets: `${s}/tagsets{/id}{?skip,take,ids,partialName}`,
    Tasks: `${s}/tasks{/id}{?skip,active,environment,tenant,runbook,project,name,node,running,states,hasPendingInterruptions,hasWarningsOrErrors,take,ids,partialName,spaces,includeSystem,description,fromCompletedDate,toCompletedDate,fromQueueDate,toQueueDate,fromStartDate,toStartDate}`,
    Tenants: `${s}/tenants{/id}{?skip,projectId,name,tags,take,ids,clone,partialName,clonedFromTenantId}`,
    TenantsAll: `${s}/tenants/all{?projectId,name,tags,ids,partialName}`
  }
}

export function rootDocument(ctx: OctopusContext) {
  const def = ctx.store.defaultSpace().Id
  const links: Record<string, string> = {
    Self: '/api',
    ...spaceLinks(def),
    DeploymentProcesses: `/api/${def}/deploymentprocesses{/id}{?skip,take,ids}`,
    RunbookProcesses: `/api/${def}/runbookProcesses{/id}{?skip,take,ids}`,
    RunbookRuns: `/api/${def}/runbookRuns{/id}{?skip,take,ids,projects,environments,tenants,runbooks,taskState,partialName}`,
    Runbooks: `/api/${def}/runbooks{/id}{?skip,take,ids,partialName,clone,projectIds}`,
    RunbookSnapshots: `/api/${def}/runbookSnapshots{/id}{?skip,take,ids,publish}`,
    Variables: `/api/${def}/variables{/id}{?ids}`,
    CurrentUser: '/api/users/me',
    Users: '/api/users{/id}{?skip,take,ids,filter}',
    Spaces: '/api/spaces{/id}{?skip,ids,take,partialName}',
    SpacesAll: '/api/spaces/all{?partialName}',
    SpaceHome: '/api/{spaceId}',
    Web: '/app'
  }
  if (ctx.modern) {
    links.CreateReleaseCommandV1 = '/api/{spaceId}/releases/create/v1'
    links.CreateDeploymentUntenantedCommandV1 = '/api/{spaceId}/deployments/create/untenanted/v1'
    links.CreateDeploymentTenantedCommandV1 = '/api/{spaceId}/deployments/create/tenanted/v1'
  }
  return {
    Application: 'Octopus Deploy',
    Version: ctx.version,
    ApiVersion: '3.0.0',
    InstallationId: ctx.installationId,
    IsEarlyAccessProgram: false,
    HasLongTermSupport: false,
    Links: links
  }
}

function byIds<T extends { Id: string }>(req: FakeRequest, items: T[]): T[] {
  const ids = listParam(req, 'ids')
  if (!ids.length) return items
  const set = new Set(ids.map((i) => i.toLowerCase()))
  return items.filter((x) => set.has(x.Id.toLowerCase()))
}

function byPartialName<T extends { Name: string }>(req: FakeRequest, items: T[]): T[] {
  const partial = req.query.get('partialName')?.toLowerCase()
  const name = req.query.get('name')
  return items.filter((x) => (!partial || x.Name.toLowerCase().includes(partial)) && (!name || x.Name.toLowerCase() === name.toLowerCase()))
}

export function registerCoreRoutes(routes: OctoRoutes, ctx: OctopusContext, knobs: CoreKnobs): void {
  const { store } = ctx
  routes.global('GET', '/api', () => json(rootDocument(ctx)), { anonymous: true })

  const sortedSpaces = () => [...store.spaces].sort((a, b) => a.Name.localeCompare(b.Name))
  routes.global('GET', '/api/spaces', (req) =>
    json(paged(req, 'Space', byIds(req, byPartialName(req, store.spaces)).map(spaceResource), '/api/spaces', '/api/spaces{?skip,ids,take,partialName}'))
  )
  routes.global('GET', '/api/spaces/all', (req) => json(byIds(req, byPartialName(req, sortedSpaces())).map(spaceResource)))
  routes.global('GET', '/api/spaces/:id', (_req, p) => {
    const s = store.findSpace(p.id)
    if (!s) throw notFound(p.id)
    return json(spaceResource(s))
  })

  routes.spaced('GET', '/', (_req, _p, { space }) =>
    json({ Id: space.Id, Name: space.Name, Links: { Self: `/api/${space.Id}`, ...spaceLinks(space.Id), Web: `/app#/${space.Id}` } })
  )

  const inSpace = <T extends { SpaceId: string }>(list: T[], spaceId: string) => list.filter((x) => x.SpaceId === spaceId)

  routes.spaced('GET', '/projects', (req, _p, { space }) =>
    json(paged(req, 'Project', byIds(req, byPartialName(req, inSpace(store.projects, space.Id))).map(projectResource), `/api/${space.Id}/projects`, spaceLinks(space.Id).Projects))
  )
  routes.spaced('GET', '/projects/all', (req, _p, { space }) => json(byIds(req, inSpace(store.projects, space.Id)).map(projectResource)))
  routes.spaced('GET', '/projects/:id', (_req, p, { space }) => {
    const project = store.project(space.Id, p.id)
    if (!project) throw notFound(p.id)
    return json(projectResource(project))
  })
  routes.spaced('GET', '/projects/:id/channels', (req, p, { space }) => {
    const project = store.project(space.Id, p.id)
    if (!project) throw notFound(p.id)
    const items = byPartialName(req, store.channelsOf(project.Id)).map(channelResource)
    return json(paged(req, 'Channel', items, `/api/${space.Id}/projects/${project.Id}/channels`, `/api/${space.Id}/projects/${project.Id}/channels{?skip,take,partialName}`))
  })
  routes.spaced('GET', '/projects/:id/releases', (req, p, { space }) => {
    const project = store.project(space.Id, p.id)
    if (!project) throw notFound(p.id)
    const search = req.query.get('searchByVersion')
    const items = store
      .releasesOf(project.Id)
      .filter((r) => !search || r.Version.includes(search))
      .sort((a, b) => compareVersions(b.Version, a.Version))
      .map(releaseResource)
    return json(paged(req, 'Release', items, `/api/${space.Id}/projects/${project.Id}/releases`, `/api/${space.Id}/projects/${project.Id}/releases{/version}{?skip,take,searchByVersion}`))
  })
  routes.spaced('GET', '/projects/:id/releases/:version', (_req, p, { space }) => {
    const project = store.project(space.Id, p.id)
    if (!project) throw notFound(p.id)
    const release = store.releasesOf(project.Id).find((r) => r.Version === p.version)
    if (!release) throw notFound(p.version)
    return json(releaseResource(release))
  })

  routes.spaced('GET', '/channels/:id', (_req, p, { space }) => {
    const c = store.channels.find((x) => x.SpaceId === space.Id && x.Id.toLowerCase() === p.id.toLowerCase())
    if (!c) throw notFound(p.id)
    return json(channelResource(c))
  })

  routes.spaced('GET', '/environments', (req, _p, { space }) =>
    json(paged(req, 'Environment', byIds(req, byPartialName(req, inSpace(store.environments, space.Id))).map(environmentResource), `/api/${space.Id}/environments`, spaceLinks(space.Id).Environments))
  )
  routes.spaced('GET', '/environments/all', (req, _p, { space }) => json(byIds(req, inSpace(store.environments, space.Id)).map(environmentResource)))
  routes.spaced(
    'GET',
    '/environments/v2',
    (req, _p, { space }) => {
      if (!knobs.environmentsV2) throw notFound('environments/v2')
      const items = byIds(req, byPartialName(req, inSpace(store.environments, space.Id))).map((e) => ({ ...environmentResource(e), Type: 'Static' }))
      return json(paged(req, 'Environment', items, `/api/${space.Id}/environments/v2`, `/api/${space.Id}/environments/v2{?skip,take,ids,partialName}`))
    },
    { modernOnly: true }
  )
  routes.spaced('GET', '/environments/:id', (_req, p, { space }) => {
    const e = store.environment(space.Id, p.id)
    if (!e || e.Id.toLowerCase() !== p.id.toLowerCase()) throw notFound(p.id)
    return json(environmentResource(e))
  })

  routes.spaced('GET', '/lifecycles', (req, _p, { space }) =>
    json(paged(req, 'Lifecycle', byIds(req, byPartialName(req, inSpace(store.lifecycles, space.Id))).map(lifecycleResource), `/api/${space.Id}/lifecycles`, spaceLinks(space.Id).Lifecycles))
  )
  routes.spaced('GET', '/lifecycles/all', (req, _p, { space }) => json(byIds(req, byPartialName(req, inSpace(store.lifecycles, space.Id))).map(lifecycleResource)))
  routes.spaced('GET', '/lifecycles/:id', (_req, p, { space }) => {
    const l = store.lifecycles.find((x) => x.SpaceId === space.Id && x.Id.toLowerCase() === p.id.toLowerCase())
    if (!l) throw notFound(p.id)
    return json(lifecycleResource(l))
  })

  // `tags` filters as Octopus does: OR within a tag set, AND across tag sets (tenant-filter.ts).
  const tenantsOf = (req: FakeRequest, spaceId: string) => {
    const projectId = req.query.get('projectId')?.toLowerCase()
    const tags = listParam(req, 'tags')
    return byIds(req, byPartialName(req, inSpace(store.tenants, spaceId)))
      .filter((t) => !projectId || Object.keys(t.ProjectEnvironments).some((p) => p.toLowerCase() === projectId))
      .filter((t) => tenantMatchesTags(t, tags))
  }
  routes.spaced('GET', '/tenants', (req, _p, { space }) =>
    json(paged(req, 'Tenant', tenantsOf(req, space.Id).map(tenantResource), `/api/${space.Id}/tenants`, spaceLinks(space.Id).Tenants))
  )
  routes.spaced('GET', '/tenants/all', (req, _p, { space }) => json(tenantsOf(req, space.Id).map(tenantResource)))
  routes.spaced('GET', '/tenants/:id', (_req, p, { space }) => {
    const t = store.tenants.find((x) => x.SpaceId === space.Id && x.Id.toLowerCase() === p.id.toLowerCase())
    if (!t) throw notFound(p.id)
    return json(tenantResource(t))
  })
  routes.spaced('GET', '/tagsets', (req, _p, { space }) =>
    json(paged(req, 'TagSet', byIds(req, inSpace(store.tagSets, space.Id)).map(tagSetResource), `/api/${space.Id}/tagsets`, spaceLinks(space.Id).TagSets))
  )
  routes.spaced('GET', '/tagsets/:id', (_req, p, { space }) => {
    const t = store.tagSets.find((x) => x.SpaceId === space.Id && x.Id.toLowerCase() === p.id.toLowerCase())
    if (!t) throw notFound(p.id)
    return json(tagSetResource(t))
  })
  routes.spaced('GET', '/machines/:id', (_req, p, { space }) => {
    const m = store.machines.find((x) => x.SpaceId === space.Id && x.Id.toLowerCase() === p.id.toLowerCase())
    if (!m) throw notFound(p.id)
    return json(machineResource(m))
  })
  routes.spaced('GET', '/channels', (req, _p, { space }) =>
    json(paged(req, 'Channel', byIds(req, byPartialName(req, inSpace(store.channels, space.Id))).map(channelResource), `/api/${space.Id}/channels`, spaceLinks(space.Id).Channels))
  )
  // The seed defines no accounts; the collection exists and is empty.
  routes.spaced('GET', '/accounts', (req, _p, { space }) => json(paged(req, 'Account', [], `/api/${space.Id}/accounts`, spaceLinks(space.Id).Accounts)))
  routes.spaced('GET', '/machines', (req, _p, { space }) =>
    json(paged(req, 'Machine', byIds(req, byPartialName(req, inSpace(store.machines, space.Id))).map(machineResource), `/api/${space.Id}/machines`, spaceLinks(space.Id).Machines))
  )

  routes.spaced('GET', '/feeds', (req, _p, { space }) =>
    json(paged(req, 'Feed', byIds(req, [builtInFeedResource(space.Id)]), `/api/${space.Id}/feeds`, spaceLinks(space.Id).Feeds))
  )
  routes.spaced('GET', '/feeds/:id', (_req, p, { space }) => {
    if (p.id.toLowerCase() !== BUILT_IN_FEED_ID) throw notFound(p.id)
    return json(builtInFeedResource(space.Id))
  })

  routes.spaced('GET', '/releases', (req, _p, { space }) => {
    const items = byIds(req, inSpace(store.releases, space.Id)).reverse().map(releaseResource)
    return json(paged(req, 'Release', items, `/api/${space.Id}/releases`, spaceLinks(space.Id).Releases))
  })
  routes.spaced('GET', '/releases/:id', (_req, p, { space }) => {
    const r = store.releases.find((x) => x.SpaceId === space.Id && x.Id.toLowerCase() === p.id.toLowerCase())
    if (!r) throw notFound(p.id)
    return json(releaseResource(r))
  })
  routes.spaced('GET', '/releases/:id/deployments', (req, p, { space }) => {
    const items = store.deployments.filter((d) => d.SpaceId === space.Id && d.ReleaseId.toLowerCase() === p.id.toLowerCase())
    return json(paged(req, 'Deployment', [...items].reverse().map(deploymentResource), `/api/${space.Id}/releases/${p.id}/deployments`, `/api/${space.Id}/releases/${p.id}/deployments{?skip,take}`))
  })

  routes.spaced('GET', '/deployments', (req, _p, { space }) => {
    const f = (name: string) => new Set(listParam(req, name).map((x) => x.toLowerCase()))
    const [projects, environments, tenants, channels] = [f('projects'), f('environments'), f('tenants'), f('channels')]
    const states = f('taskState')
    let items = byIds(req, inSpace(store.deployments, space.Id)).filter(
      (d) =>
        (!projects.size || projects.has(d.ProjectId.toLowerCase())) &&
        (!environments.size || environments.has(d.EnvironmentId.toLowerCase())) &&
        (!tenants.size || (d.TenantId !== null && tenants.has(d.TenantId.toLowerCase()))) &&
        (!channels.size || channels.has(d.ChannelId.toLowerCase()))
    )
    if (states.size) items = items.filter((d) => states.has((ctx.engine.get(d.TaskId)?.State ?? '').toLowerCase()))
    return json(paged(req, 'Deployment', [...items].reverse().map(deploymentResource), `/api/${space.Id}/deployments`, spaceLinks(space.Id).Deployments))
  })
  routes.spaced('GET', '/deployments/:id', (_req, p, { space }) => {
    const d = store.deployments.find((x) => x.SpaceId === space.Id && x.Id.toLowerCase() === p.id.toLowerCase())
    if (!d) throw notFound(p.id)
    return json(deploymentResource(d))
  })
}
