/**
 * The pre-executions release and deploy flow that older clients (and the docs scripts) use, on every server version:
 * the deployment process and its release template, `POST …/releases` (201 release, `?ignoreChannelRules=`) and
 * `POST …/deployments` (201 deployment with `TaskId`), by ids rather than names.
 */
import { CiBody } from './body.js'
import type { OctopusContext } from './context.js'
import { createDeployment, legacyExecutionOptions, validateOptions } from './deploy-service.js'
import { invalid, notFound } from './errors.js'
import type { SelectedPackage } from './model.js'
import type { PackageStore } from './package-store.js'
import { createRelease } from './release-service.js'
import { deploymentResource, releaseResource } from './resources.js'
import type { OctoRoutes } from './routes.js'
import { stepsResource } from './runbook-resources.js'
import { nextVersion } from './versions.js'

export function registerLegacyRoutes(routes: OctoRoutes, ctx: OctopusContext, feed: PackageStore): void {
  const { store } = ctx
  const processProject = (spaceId: string, id: string) => {
    const m = /^deploymentprocess-(.+)$/i.exec(id)
    const project = m ? store.projects.find((p) => p.SpaceId === spaceId && p.Id.toLowerCase() === m[1].toLowerCase()) : undefined
    if (!project) throw notFound(id)
    return project
  }

  routes.spaced('GET', '/deploymentprocesses/:id', (_req, p, { space }) => {
    const project = processProject(space.Id, p.id)
    return {
      status: 200,
      body: {
        Id: `deploymentprocess-${project.Id}`,
        SpaceId: space.Id,
        ProjectId: project.Id,
        Version: 1,
        LastSnapshotId: null,
        Steps: stepsResource(project.Steps),
        Links: {
          Self: `/api/${space.Id}/deploymentprocesses/deploymentprocess-${project.Id}`,
          Project: `/api/${space.Id}/projects/${project.Id}`,
          Template: `/api/${space.Id}/deploymentprocesses/deploymentprocess-${project.Id}/template{?channel,releaseId}`
        }
      }
    }
  })

  routes.spaced('GET', '/deploymentprocesses/:id/template', (req, p, { space }) => {
    const project = processProject(space.Id, p.id)
    const channelId = req.query.get('channel')
    if (channelId && !store.channelsOf(project.Id).some((c) => c.Id.toLowerCase() === channelId.toLowerCase())) throw notFound(channelId)
    const last = store.latestRelease(project.Id)
    return {
      status: 200,
      body: {
        NextVersionIncrement: nextVersion(project.VersionTemplate, last?.Version),
        VersioningPackageStepName: null,
        VersioningPackageReferenceName: null,
        Packages: project.Steps.flatMap((s) =>
          s.Packages.map((pk) => ({
            ActionName: s.Name,
            StepName: s.Name,
            PackageReferenceName: pk.Name,
            PackageId: pk.PackageId,
            FeedId: pk.FeedId,
            IsResolvable: true,
            ProjectName: project.Name,
            VersionSelectedLastRelease: last?.SelectedPackages.find((x) => x.ActionName === s.Name && x.PackageReferenceName === pk.Name)?.Version ?? null
          }))
        ),
        GitResources: [],
        Links: {}
      }
    }
  })

  routes.spaced('POST', '/releases', async (req, _p, { space }) => {
    const body = await CiBody.read(req)
    const missing = ['ProjectId', 'Version'].filter((n) => !body.text(n))
    if (missing.length) throw invalid(...missing.map((n) => `The ${n} field is required.`))
    const project = store.projects.find((p) => p.SpaceId === space.Id && p.Id.toLowerCase() === body.text('ProjectId')!.toLowerCase())
    if (!project) throw notFound(body.text('ProjectId')!)
    const channelId = body.text('ChannelId')
    const channel = channelId ? store.channelsOf(project.Id).find((c) => c.Id.toLowerCase() === channelId.toLowerCase()) : undefined
    if (channelId && !channel) throw notFound(channelId)
    const raw = body.raw[Object.keys(body.raw).find((k) => k.toLowerCase() === 'selectedpackages') ?? ''] ?? []
    if (!Array.isArray(raw)) throw invalid('SelectedPackages must be an array.')
    const selected: SelectedPackage[] = raw.map((x) => {
      const b = new CiBody((x ?? {}) as Record<string, unknown>)
      const version = b.text('Version')
      if (!b.text('ActionName') || !version) throw invalid('Each selected package needs an ActionName and a Version.')
      return { ActionName: b.text('ActionName')!, PackageReferenceName: b.string('PackageReferenceName') ?? '', Version: version }
    })
    const vcr = body.raw[Object.keys(body.raw).find((k) => k.toLowerCase() === 'versioncontrolreference') ?? '']
    const vc = vcr && typeof vcr === 'object' ? new CiBody(vcr as Record<string, unknown>) : undefined
    const { release } = createRelease(
      ctx,
      feed,
      space,
      {
        project,
        channel: channel ?? store.defaultChannel(project.Id),
        version: body.text('Version'),
        packages: [],
        selectedPackages: selected,
        gitRef: vc?.text('GitRef'),
        gitCommit: vc?.text('GitCommit'),
        gitResources: [],
        ignoreChannelRules: req.query.get('ignoreChannelRules')?.toLowerCase() === 'true',
        releaseNotes: body.string('ReleaseNotes'),
        customFields: body.record('CustomFields')
      },
      false
    )
    return { status: 201, body: releaseResource(release) }
  })

  routes.spaced('POST', '/deployments', async (req, _p, { space }) => {
    const body = await CiBody.read(req)
    const missing = ['ReleaseId', 'EnvironmentId'].filter((n) => !body.text(n))
    if (missing.length) throw invalid(...missing.map((n) => `The ${n} field is required.`))
    const release = store.releases.find((r) => r.SpaceId === space.Id && r.Id.toLowerCase() === body.text('ReleaseId')!.toLowerCase())
    if (!release) throw notFound(body.text('ReleaseId')!)
    const project = store.projects.find((p) => p.Id === release.ProjectId)!
    const env = store.environments.find((e) => e.SpaceId === space.Id && e.Id.toLowerCase() === body.text('EnvironmentId')!.toLowerCase())
    if (!env) throw notFound(body.text('EnvironmentId')!)
    const tenantId = body.text('TenantId')
    const tenant = tenantId ? store.tenants.find((t) => t.SpaceId === space.Id && t.Id.toLowerCase() === tenantId.toLowerCase()) : undefined
    if (tenantId && !tenant) throw notFound(tenantId)
    if (project.TenantedDeploymentMode === 'Tenanted' && !tenant) throw invalid(`The project '${project.Name}' requires a tenant for deployments.`)
    if (project.TenantedDeploymentMode === 'Untenanted' && tenant) throw invalid(`The project '${project.Name}' is not configured for tenanted deployments.`)
    if (tenant && !(tenant.ProjectEnvironments[project.Id] ?? []).includes(env.Id))
      throw invalid(`The tenant '${tenant.Name}' is not connected to project '${project.Name}' in environment '${env.Name}'.`)
    const options = legacyExecutionOptions(body, project.Steps)
    const checked = validateOptions(ctx, space, project, options)
    const deployment = createDeployment(ctx, space, project, release, env, tenant ?? null, options, checked)
    return { status: 201, body: deploymentResource(deployment) }
  })
}
