/**
 * The executions API (2022.3.5512+): `POST …/releases/create/v1` (201 `{ReleaseId, ReleaseVersion}`) and
 * `POST …/deployments/create/{untenanted,tenanted}/v1` (200 `{DeploymentServerTasks}`). Property names are
 * case-insensitive; `SpaceIdOrName` accepts a name or an id (api-client sends the name, go-octopusdeploy the id).
 */
import type { FakeRequest } from '../common/index.js'
import { CiBody } from './body.js'
import type { OctopusContext } from './context.js'
import { canDeploy, createDeployment, validateOptions, type DeployOptions } from './deploy-service.js'
import { invalid, MESSAGES, OctopusError } from './errors.js'
import type { Environment, Project, Space, Tenant } from './model.js'
import type { PackageStore } from './package-store.js'
import { selectTenants } from './tenant-filter.js'
import { createRelease } from './release-service.js'
import type { OctoRoutes } from './routes.js'

export interface ExecutionKnobs {
  /** Answer deployments with camelCase `deploymentId`/`serverTaskId`, as some server versions did. */
  camelCaseDeploymentTasks: boolean
}

const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()

export function required(body: CiBody, names: string[]): void {
  const missing = names.filter((n) => !body.text(n))
  if (missing.length) throw invalid(...missing.map((n) => `The ${n} field is required.`))
}

export function checkSpace(body: CiBody, space: Space): void {
  const id = body.text('SpaceId')!
  const idOrName = body.text('SpaceIdOrName')!
  if (!eq(id, space.Id)) throw invalid(`The SpaceId '${id}' does not match the space of the request route ('${space.Id}').`)
  if (!eq(idOrName, space.Id) && !eq(idOrName, space.Name))
    throw invalid(`The SpaceIdOrName '${idOrName}' does not match the space of the request route ('${space.Id}', '${space.Name}').`)
}

export function findProject(ctx: OctopusContext, space: Space, name: string): Project {
  const project = ctx.store.project(space.Id, name)
  if (!project)
    throw new OctopusError(
      404,
      `Cannot find the project with name or id '${name}'. Please check the spelling and that you have permissions to view it. Please use Configuration > Test Permissions to confirm.`
    )
  return project
}

export function deployOptions(body: CiBody): DeployOptions {
  const freezes = body.strings('DeploymentFreezeNames')
  if (freezes.length && !body.text('DeploymentFreezeOverrideReason'))
    throw invalid('DeploymentFreezeOverrideReason is required when DeploymentFreezeNames are specified.')
  if (freezes.length) throw invalid(...freezes.map((f) => `The deployment freeze '${f}' was not found.`))
  return {
    skipStepNames: body.strings('SkipStepNames'),
    specificMachineNames: body.strings('SpecificMachineNames'),
    excludedMachineNames: body.strings('ExcludedMachineNames'),
    variables: body.record('Variables'),
    runAt: body.date('RunAt'),
    noRunAfter: body.date('NoRunAfter'),
    forcePackageDownload: body.bool('ForcePackageDownload'),
    forcePackageRedeployment: body.bool('ForcePackageRedeployment'),
    useGuidedFailure: body.bool('UseGuidedFailure'),
    debugMode: body.text('DebugMode') ?? 'None',
    priority: body.text('Priority') ?? 'LifecycleDefault'
  }
}

export function registerExecutionRoutes(routes: OctoRoutes, ctx: OctopusContext, feed: PackageStore, knobs: ExecutionKnobs): void {
  routes.spaced(
    'POST',
    '/releases/create/v1',
    async (req, _p, { space }) => {
      const body = await CiBody.read(req)
      required(body, ['ProjectName', 'SpaceId', 'SpaceIdOrName'])
      checkSpace(body, space)
      const project = findProject(ctx, space, body.text('ProjectName')!)
      const { release } = createRelease(
        ctx,
        feed,
        space,
        {
          project,
          channelName: body.text('ChannelName'),
          version: body.text('ReleaseVersion'),
          packageVersion: body.text('PackageVersion'),
          packages: body.strings('Packages'),
          gitRef: body.text('GitRef'),
          gitCommit: body.text('GitCommit'),
          gitResources: body.strings('GitResources'),
          ignoreChannelRules: body.bool('IgnoreChannelRules'),
          packagePrerelease: body.text('PackagePrerelease'),
          releaseNotes: body.string('ReleaseNotes'),
          customFields: body.record('CustomFields')
        },
        body.bool('IgnoreIfAlreadyExists')
      )
      return { status: 201, body: { ReleaseId: release.Id, ReleaseVersion: release.Version } }
    },
    { modernOnly: true }
  )

  const releaseFor = (body: CiBody, space: Space) => {
    const project = findProject(ctx, space, body.text('ProjectName')!)
    const version = body.text('ReleaseVersion')!
    const release = ctx.store.releasesOf(project.Id).find((r) => r.Version === version)
    if (!release) throw new OctopusError(404, `Release '${version}' of project '${project.Name}' was not found.`)
    return { project, release }
  }

  const respond = (list: { DeploymentId: string; ServerTaskId: string }[]) => ({
    status: 200,
    body: {
      DeploymentServerTasks: knobs.camelCaseDeploymentTasks
        ? list.map((x) => ({ deploymentId: x.DeploymentId, serverTaskId: x.ServerTaskId }))
        : list
    }
  })

  const deploy = async (req: FakeRequest, space: Space, tenanted: boolean) => {
    const body = await CiBody.read(req)
    required(body, ['ProjectName', 'ReleaseVersion', 'SpaceId', 'SpaceIdOrName', ...(tenanted ? ['EnvironmentName'] : [])])
    if (!tenanted && !body.has('EnvironmentNames')) throw invalid('The EnvironmentNames field is required.')
    checkSpace(body, space)
    const { project, release } = releaseFor(body, space)
    const options = deployOptions(body)
    const checked = validateOptions(ctx, space, project, options)
    const envByName = (name: string): Environment => {
      const env = ctx.store.environment(space.Id, name)
      if (!env) throw new OctopusError(400, MESSAGES.cannotDeploy(release.Version, project.Name, name))
      return env
    }
    let targets: { env: Environment; tenant: Tenant | null }[]
    if (!tenanted) {
      if (project.TenantedDeploymentMode === 'Tenanted')
        throw invalid(`The project '${project.Name}' requires tenants; use the tenanted deployment command.`)
      targets = body.strings('EnvironmentNames').map((n) => ({ env: envByName(n), tenant: null }))
    } else {
      if (project.TenantedDeploymentMode === 'Untenanted')
        throw invalid(`The project '${project.Name}' is not configured for tenanted deployments.`)
      const env = envByName(body.text('EnvironmentName')!)
      const chosen = selectTenants(ctx, space, project, env, body.strings('Tenants'), body.strings('TenantTags'))
      targets = chosen.map((tenant) => ({ env, tenant }))
    }
    for (const t of targets)
      if (!canDeploy(ctx, project, release, t.env, t.tenant?.Id ?? null))
        throw new OctopusError(400, MESSAGES.cannotDeploy(release.Version, project.Name, t.env.Name))
    const created = targets.map((t) => createDeployment(ctx, space, project, release, t.env, t.tenant, options, checked))
    return respond(created.map((d) => ({ DeploymentId: d.Id, ServerTaskId: d.TaskId })))
  }

  routes.spaced('POST', '/deployments/create/untenanted/v1', (req, _p, { space }) => deploy(req, space, false), { modernOnly: true })
  routes.spaced('POST', '/deployments/create/tenanted/v1', (req, _p, { space }) => deploy(req, space, true), { modernOnly: true })
}
