/**
 * Runbooks: reads (`runbooks`, `projects/{id}/runbooks`, the Git form `projects/{id}/{gitRef}/runbooks`), processes
 * and the snapshot template, snapshots (list, take — optionally publishing —, publish by `PUT runbooks/{id}`), and
 * runs through both APIs: `POST runbook-runs/create/v1` and `runbook-runs/git/create/v1` (2022.3.5512+,
 * `{RunbookRunServerTasks:[{RunbookRunId, ServerTaskId}]}`), and the legacy `POST runbookRuns` (201 run resource
 * with `TaskId`); run listings (`runbookRuns?…`, `runbooks/{id}/runbookRuns`) for reconciliation.
 */
import { createHash } from 'node:crypto'
import type { FakeRequest } from '../common/index.js'
import { CiBody } from './body.js'
import { listParam, paged } from './collection.js'
import type { OctopusContext } from './context.js'
import { invalid, notFound, OctopusError } from './errors.js'
import type { Environment, Project, SelectedPackage, Space, Tenant } from './model.js'
import { nextSnapshotName, takeRunbookSnapshot } from './builders.js'
import { legacyExecutionOptions } from './deploy-service.js'
import type { Runbook, RunbookSnapshot } from './runbook-model.js'
import { runbookProcessResource, runbookResource, runbookRunResource, runbookSnapshotResource } from './runbook-resources.js'
import { checkScope, checkTenancy, createRunbookRun, findSnapshot, publishedSnapshot, validateRunOptions } from './runbook-service.js'
import { checkSpace, deployOptions, findProject, required } from './routes-executions.js'
import type { OctoRoutes } from './routes.js'
import { selectTenants } from './tenant-filter.js'

const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()
const json = (body: unknown, status = 200) => ({ status, body })
const fullRef = (ref: string) => (ref.startsWith('refs/') ? ref : `refs/heads/${ref}`)

export function registerRunbookRoutes(routes: OctoRoutes, ctx: OctopusContext): void {
  const { store } = ctx
  const project = (space: Space, ident: string): Project => {
    const p = store.project(space.Id, ident)
    if (!p) throw notFound(ident)
    return p
  }
  const runbookById = (space: Space, id: string): Runbook => {
    const r = store.runbooks.find((x) => x.SpaceId === space.Id && eq(x.Id, id))
    if (!r) throw notFound(id)
    return r
  }
  const dbRunbooks = (p: Project) => store.runbooks.filter((r) => r.ProjectId === p.Id && !r.GitRefs.length)
  /** Git runbooks exist per branch; a database project has no `{gitRef}` routes. */
  const gitRunbooks = (p: Project, gitRef: string) => {
    if (!p.IsVersionControlled) throw invalid(`The project '${p.Name}' is not version controlled, so it has no runbooks in Git.`)
    if (!p.GitRefs.includes(fullRef(gitRef))) throw notFound(gitRef)
    return store.runbooks.filter((r) => r.ProjectId === p.Id && r.GitRefs.includes(fullRef(gitRef)))
  }
  const byName = (req: FakeRequest, list: Runbook[]) => {
    const partial = req.query.get('partialName')?.toLowerCase()
    const ids = new Set(listParam(req, 'ids').map((x) => x.toLowerCase()))
    return list.filter((r) => (!partial || r.Name.toLowerCase().includes(partial)) && (!ids.size || ids.has(r.Id.toLowerCase())))
  }

  routes.spaced('GET', '/runbooks', (req, _p, { space }) => {
    const projects = new Set(listParam(req, 'projectIds').map((x) => x.toLowerCase()))
    const items = byName(req, store.runbooks.filter((r) => r.SpaceId === space.Id && !r.GitRefs.length && (!projects.size || projects.has(r.ProjectId.toLowerCase()))))
    return json(paged(req, 'Runbook', items.map((r) => runbookResource(r)), `/api/${space.Id}/runbooks`, `/api/${space.Id}/runbooks{/id}{?skip,take,ids,partialName,clone,projectIds}`))
  })
  routes.spaced('GET', '/runbooks/:id', (_req, p, { space }) => json(runbookResource(runbookById(space, p.id))))
  // Publishing is a modification of the runbook (Octopus.Client: `runbook.PublishedRunbookSnapshotId = …; Modify`).
  routes.spaced('PUT', '/runbooks/:id', async (req, p, { space }) => {
    const runbook = runbookById(space, p.id)
    const body = await CiBody.read(req)
    const published = body.text('PublishedRunbookSnapshotId')
    if (published !== undefined) {
      const s = store.runbookSnapshots.find((x) => x.RunbookId === runbook.Id && eq(x.Id, published))
      if (!s) throw invalid(`The runbook snapshot '${published}' does not belong to runbook '${runbook.Name}'.`)
      runbook.PublishedRunbookSnapshotId = s.Id
    }
    return json(runbookResource(runbook))
  })
  routes.spaced('GET', '/projects/:id/runbooks', (req, p, { space }) => {
    const proj = project(space, p.id)
    if (proj.IsVersionControlled) throw invalid(`The project '${proj.Name}' keeps its runbooks in Git: use /projects/${proj.Id}/{gitRef}/runbooks.`)
    const base = `/api/${space.Id}/projects/${proj.Id}/runbooks`
    return json(paged(req, 'Runbook', byName(req, dbRunbooks(proj)).map((r) => runbookResource(r)), base, `${base}{/id}{?skip,take,ids,partialName}`))
  })
  routes.spaced('GET', '/projects/:id/runbooks/:runbookId', (_req, p, { space }) => {
    const r = store.runbook(project(space, p.id).Id, p.runbookId)
    if (!r || r.GitRefs.length) throw notFound(p.runbookId)
    return json(runbookResource(r))
  })
  routes.spaced(
    'GET',
    '/projects/:id/:gitRef/runbooks',
    (req, p, { space }) => {
      const proj = project(space, p.id)
      const base = `/api/${space.Id}/projects/${proj.Id}/${encodeURIComponent(p.gitRef)}/runbooks`
      return json(paged(req, 'Runbook', byName(req, gitRunbooks(proj, p.gitRef)).map((r) => runbookResource(r, p.gitRef)), base, `${base}{/id}{?skip,take,ids,partialName}`))
    },
    { modernOnly: true }
  )
  routes.spaced(
    'GET',
    '/projects/:id/:gitRef/runbooks/:runbookId',
    (_req, p, { space }) => {
      const proj = project(space, p.id)
      const r = gitRunbooks(proj, p.gitRef).find((x) => eq(x.Id, p.runbookId) || eq(x.Slug, p.runbookId) || eq(x.Name, p.runbookId))
      if (!r) throw notFound(p.runbookId)
      return json(runbookResource(r, p.gitRef))
    },
    { modernOnly: true }
  )

  const processRunbook = (space: Space, id: string) => {
    const r = store.runbooks.find((x) => x.SpaceId === space.Id && eq(x.RunbookProcessId, id))
    if (!r) throw notFound(id)
    return r
  }
  routes.spaced('GET', '/runbookProcesses/:id', (_req, p, { space }) => json(runbookProcessResource(processRunbook(space, p.id))))
  routes.spaced('GET', '/projects/:projectId/runbookProcesses/:id', (_req, p, { space }) => json(runbookProcessResource(processRunbook(space, p.id))))
  routes.spaced(
    'GET',
    '/projects/:projectId/:gitRef/runbookProcesses/:id',
    (_req, p, { space }) => {
      const r = processRunbook(space, p.id)
      if (!gitRunbooks(project(space, p.projectId), p.gitRef).includes(r)) throw notFound(p.id)
      return json(runbookProcessResource(r))
    },
    { modernOnly: true }
  )
  routes.spaced('GET', '/runbookProcesses/:id/runbookSnapshotTemplate', (_req, p, { space }) => {
    const r = processRunbook(space, p.id)
    return json({
      RunbookProcessId: r.RunbookProcessId,
      RunbookId: r.Id,
      NextNameIncrement: nextSnapshotName(store, r),
      Packages: r.Steps.flatMap((s) =>
        s.Packages.map((pk) => ({ ActionName: s.Name, StepName: s.Name, PackageReferenceName: pk.Name, PackageId: pk.PackageId, FeedId: pk.FeedId, IsResolvable: true }))
      ),
      GitResources: [],
      Links: {}
    })
  })

  // Snapshots: list per runbook (newest first), read, take (POST, `?publish=true` publishes it at once).
  routes.spaced('GET', '/runbooks/:id/runbookSnapshots', (req, p, { space }) => {
    const r = runbookById(space, p.id)
    const search = req.query.get('searchByName')?.toLowerCase()
    const items = store.runbookSnapshots.filter((s) => s.RunbookId === r.Id && (!search || s.Name.toLowerCase().includes(search))).reverse()
    const base = `/api/${space.Id}/runbooks/${r.Id}/runbookSnapshots`
    return json(paged(req, 'RunbookSnapshot', items.map(runbookSnapshotResource), base, `${base}{/name}{?skip,take,searchByName}`))
  })
  routes.spaced('GET', '/runbookSnapshots', (req, _p, { space }) => {
    const ids = new Set(listParam(req, 'ids').map((x) => x.toLowerCase()))
    const items = store.runbookSnapshots.filter((s) => s.SpaceId === space.Id && (!ids.size || ids.has(s.Id.toLowerCase()))).reverse()
    return json(paged(req, 'RunbookSnapshot', items.map(runbookSnapshotResource), `/api/${space.Id}/runbookSnapshots`, `/api/${space.Id}/runbookSnapshots{/id}{?skip,take,ids,publish}`))
  })
  routes.spaced('GET', '/runbookSnapshots/:id', (_req, p, { space }) => {
    const s = store.runbookSnapshots.find((x) => x.SpaceId === space.Id && eq(x.Id, p.id))
    if (!s) throw notFound(p.id)
    return json(runbookSnapshotResource(s))
  })
  const takeSnapshot = async (req: FakeRequest, space: Space) => {
    const body = await CiBody.read(req)
    required(body, ['ProjectId', 'RunbookId'])
    const r = runbookById(space, body.text('RunbookId')!)
    if (!eq(r.ProjectId, body.text('ProjectId')!)) throw invalid(`The runbook '${r.Name}' does not belong to project '${body.text('ProjectId')}'.`)
    const name = body.text('Name') ?? nextSnapshotName(store, r)
    if (store.runbookSnapshots.some((s) => s.RunbookId === r.Id && eq(s.Name, name)))
      throw invalid(`A snapshot with the name '${name}' already exists for runbook '${r.Name}'. Please choose a different name.`)
    const raw = body.raw[Object.keys(body.raw).find((k) => k.toLowerCase() === 'selectedpackages') ?? ''] ?? []
    if (!Array.isArray(raw)) throw invalid('SelectedPackages must be an array.')
    const selected: SelectedPackage[] = raw.map((x) => {
      const b = new CiBody((x ?? {}) as Record<string, unknown>)
      return { ActionName: b.text('ActionName') ?? '', PackageReferenceName: b.string('PackageReferenceName') ?? '', Version: b.text('Version') ?? '' }
    })
    const snapshot = takeRunbookSnapshot(
      store,
      r,
      { name, notes: body.string('Notes') ?? null, publish: req.query.get('publish')?.toLowerCase() === 'true', selectedPackages: selected },
      new Date(ctx.clock.now()).toISOString()
    )
    ctx.ledger.record('runbook-snapshot', snapshot.Id, { runbook: r.Name, name: snapshot.Name, published: r.PublishedRunbookSnapshotId === snapshot.Id })
    return json(runbookSnapshotResource(snapshot), 201)
  }
  routes.spaced('POST', '/runbookSnapshots', (req, _p, { space }) => takeSnapshot(req, space))
  routes.spaced('POST', '/projects/:projectId/runbookSnapshots', (req, _p, { space }) => takeSnapshot(req, space))

  // Runs: the executions API.
  const runbookByName = (proj: Project, name: string, git?: string): Runbook => {
    const list = git ? gitRunbooks(proj, git) : dbRunbooks(proj)
    const lower = name.toLowerCase()
    const r = list.find((x) => eq(x.Id, name)) ?? list.find((x) => x.Name === name) ?? list.find((x) => x.Name.toLowerCase() === lower || x.Slug === lower)
    if (!r) throw new OctopusError(404, `Cannot find the runbook with name or id '${name}' in project '${proj.Name}'${git ? ` on ${fullRef(git)}` : ''}.`)
    return r
  }
  const execute = async (req: FakeRequest, space: Space, git: boolean) => {
    const body = await CiBody.read(req)
    required(body, ['ProjectName', 'RunbookName', 'SpaceId', 'SpaceIdOrName', ...(git ? ['GitRef'] : [])])
    if (!body.has('EnvironmentNames')) throw invalid('The EnvironmentNames field is required.')
    checkSpace(body, space)
    const proj = findProject(ctx, space, body.text('ProjectName')!)
    if (!git && proj.IsVersionControlled)
      throw invalid(`The project '${proj.Name}' is version controlled: run its runbooks with runbook-runs/git/create/v1 and a GitRef.`)
    if (git && !proj.IsVersionControlled) throw invalid(`The project '${proj.Name}' is not version controlled: run its runbooks with runbook-runs/create/v1.`)
    const gitRef = body.text('GitRef')
    if (gitRef && !proj.GitRefs.includes(fullRef(gitRef))) throw invalid(`Could not find the Git reference '${gitRef}' in the repository of project '${proj.Name}'.`)
    const runbook = runbookByName(proj, body.text('RunbookName')!, gitRef)
    let source: { snapshot: RunbookSnapshot } | { gitRef: string; gitCommit: string }
    if (git) {
      if (body.text('Snapshot')) throw invalid('Snapshot cannot be used for a runbook stored in Git: it runs the GitRef.')
      const commit = body.text('GitCommit') ?? createHash('sha1').update(`${proj.Id}:${fullRef(gitRef!)}`).digest('hex')
      if (!/^[0-9a-f]{7,40}$/i.test(commit)) throw invalid(`'${commit}' is not a valid Git commit hash.`)
      source = { gitRef: fullRef(gitRef!), gitCommit: commit }
    } else {
      const named = body.text('Snapshot')
      source = { snapshot: named ? findSnapshot(ctx, runbook, named) : publishedSnapshot(ctx, runbook) }
    }
    const options = deployOptions(body)
    const steps = 'snapshot' in source ? source.snapshot.Steps : runbook.Steps
    const checked = validateRunOptions(ctx, space, proj, runbook, steps, options)
    const tenantNames = body.strings('Tenants')
    const tags = body.strings('TenantTags')
    const tenanted = tenantNames.length > 0 || tags.length > 0
    checkTenancy(runbook, tenanted)
    const targets: { env: Environment; tenant: Tenant | null }[] = []
    for (const name of body.strings('EnvironmentNames')) {
      const env = store.environment(space.Id, name)
      if (!env) throw invalid(`The environment '${name}' was not found.`)
      checkScope(ctx, proj, runbook, env)
      if (tenanted) for (const tenant of selectTenants(ctx, space, proj, env, tenantNames, tags)) targets.push({ env, tenant })
      else targets.push({ env, tenant: null })
    }
    const runs = targets.map((t) => createRunbookRun(ctx, space, proj, runbook, source, t, options, checked))
    return json({ RunbookRunServerTasks: runs.map((r) => ({ RunbookRunId: r.Id, ServerTaskId: r.TaskId })) })
  }
  routes.spaced('POST', '/runbook-runs/create/v1', (req, _p, { space }) => execute(req, space, false), { modernOnly: true })
  routes.spaced('POST', '/runbook-runs/git/create/v1', (req, _p, { space }) => execute(req, space, true), { modernOnly: true })

  // Runs: the legacy REST resource.
  routes.spaced('POST', '/runbookRuns', async (req, _p, { space }) => {
    const body = await CiBody.read(req)
    const missing = ['RunbookId', 'EnvironmentId'].filter((n) => !body.text(n))
    if (missing.length) throw invalid(...missing.map((n) => `The ${n} field is required.`))
    const runbook = runbookById(space, body.text('RunbookId')!)
    const proj = store.projects.find((x) => x.Id === runbook.ProjectId)!
    if (runbook.GitRefs.length) throw invalid(`The runbook '${runbook.Name}' is stored in Git: run it with runbook-runs/git/create/v1.`)
    const snapshotId = body.text('RunbookSnapshotId')
    const snapshot = snapshotId ? findSnapshot(ctx, runbook, snapshotId) : publishedSnapshot(ctx, runbook)
    const env = store.environments.find((e) => e.SpaceId === space.Id && eq(e.Id, body.text('EnvironmentId')!))
    if (!env) throw notFound(body.text('EnvironmentId')!)
    checkScope(ctx, proj, runbook, env)
    const tenantId = body.text('TenantId')
    const tenant = tenantId ? store.tenants.find((t) => t.SpaceId === space.Id && eq(t.Id, tenantId)) : undefined
    if (tenantId && !tenant) throw notFound(tenantId)
    checkTenancy(runbook, Boolean(tenant))
    if (tenant && !(tenant.ProjectEnvironments[proj.Id] ?? []).includes(env.Id))
      throw invalid(`The tenant '${tenant.Name}' is not connected to project '${proj.Name}' in environment '${env.Name}'.`)
    const options = legacyExecutionOptions(body, snapshot.Steps)
    const checked = validateRunOptions(ctx, space, proj, runbook, snapshot.Steps, options)
    const run = createRunbookRun(ctx, space, proj, runbook, { snapshot }, { env, tenant: tenant ?? null }, options, checked)
    return json(runbookRunResource(run), 201)
  })

  // Listing runs (reconciliation after a lost answer), newest first.
  const listRuns = (req: FakeRequest, space: Space, runbookId?: string) => {
    const f = (name: string) => new Set(listParam(req, name).map((x) => x.toLowerCase()))
    const [ids, projects, environments, tenants, runbooks, states] = [f('ids'), f('projects'), f('environments'), f('tenants'), f('runbooks'), f('taskState')]
    return store.runbookRuns
      .filter((r) => r.SpaceId === space.Id && (!runbookId || r.RunbookId === runbookId))
      .filter((r) => !ids.size || ids.has(r.Id.toLowerCase()))
      .filter((r) => !projects.size || projects.has(r.ProjectId.toLowerCase()))
      .filter((r) => !environments.size || environments.has(r.EnvironmentId.toLowerCase()))
      .filter((r) => !tenants.size || (r.TenantId !== null && tenants.has(r.TenantId.toLowerCase())))
      .filter((r) => !runbooks.size || runbooks.has(r.RunbookId.toLowerCase()))
      .filter((r) => !states.size || states.has((ctx.engine.get(r.TaskId)?.State ?? '').toLowerCase()))
      .reverse()
      .map(runbookRunResource)
  }
  routes.spaced('GET', '/runbookRuns', (req, _p, { space }) =>
    json(paged(req, 'RunbookRun', listRuns(req, space), `/api/${space.Id}/runbookRuns`, `/api/${space.Id}/runbookRuns{/id}{?skip,take,ids,projects,environments,tenants,runbooks,taskState,partialName}`))
  )
  routes.spaced('GET', '/runbookRuns/:id', (_req, p, { space }) => {
    const r = store.runbookRuns.find((x) => x.SpaceId === space.Id && eq(x.Id, p.id))
    if (!r) throw notFound(p.id)
    return json(runbookRunResource(r))
  })
  routes.spaced('GET', '/runbooks/:id/runbookRuns', (req, p, { space }) => {
    const r = runbookById(space, p.id)
    const base = `/api/${space.Id}/runbooks/${r.Id}/runbookRuns`
    return json(paged(req, 'RunbookRun', listRuns(req, space, r.Id), base, `${base}{?skip,take}`))
  })
}

