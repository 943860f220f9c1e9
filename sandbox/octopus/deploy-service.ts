/**
 * Deployment creation shared by the executions API and the legacy `POST /deployments`: lifecycle progression,
 * prompted variables, machines, skipped steps, scheduling, and one server task per deployment.
 */
import type { OctopusContext } from './context.js'
import { invalid, MESSAGES, OctopusError } from './errors.js'
import type { CiBody } from './body.js'
import type { Deployment, Environment, Project, Release, Space, Step, Tenant } from './model.js'

export interface DeployOptions {
  skipStepNames: string[]
  specificMachineNames: string[]
  excludedMachineNames: string[]
  variables: Record<string, string>
  runAt?: Date
  noRunAfter?: Date
  forcePackageDownload: boolean
  forcePackageRedeployment: boolean
  useGuidedFailure: boolean
  debugMode: string
  priority: string
  comments?: string
}

const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()

/** The options of a legacy `POST deployments` / `POST runbookRuns` body (ids of the steps to skip, machine ids). */
export function legacyExecutionOptions(body: CiBody, steps: Step[]): DeployOptions {
  const skipIds = body.strings('SkipActions')
  return {
    skipStepNames: steps.filter((s) => skipIds.some((id) => eq(id, s.Id))).map((s) => s.Name),
    specificMachineNames: body.strings('SpecificMachineIds'),
    excludedMachineNames: body.strings('ExcludedMachineIds'),
    variables: body.record('FormValues'),
    runAt: body.date('QueueTime'),
    noRunAfter: body.date('QueueTimeExpiry'),
    forcePackageDownload: body.bool('ForcePackageDownload'),
    forcePackageRedeployment: body.bool('ForcePackageRedeployment'),
    useGuidedFailure: body.bool('UseGuidedFailure'),
    debugMode: 'None',
    priority: 'LifecycleDefault',
    comments: body.string('Comments')
  }
}

/** Environments this release may be deployed to now (per tenant: tenanted progression is per tenant). */
export function canDeploy(ctx: OctopusContext, project: Project, release: Release, env: Environment, tenantId: string | null): boolean {
  const channel = ctx.store.channels.find((c) => c.Id === release.ChannelId)
  const lifecycle = ctx.store.lifecycleFor(project, channel)
  if (!lifecycle) return false
  const phases = lifecycle.Phases
  const index = phases.findIndex((p) => p.EnvironmentIds.includes(env.Id))
  if (index < 0) return false
  const deployments = ctx.store.deployments.filter((d) => d.ReleaseId === release.Id && d.TenantId === tenantId)
  // A release already deployed to the environment may be redeployed there (OctopusDeploy/Issues #2449).
  if (deployments.some((d) => d.EnvironmentId === env.Id)) return true
  const succeeded = new Set(deployments.filter((d) => ctx.engine.get(d.TaskId)?.State === 'Success').map((d) => d.EnvironmentId))
  for (const phase of phases.slice(0, index)) {
    if (phase.IsOptionalPhase) continue
    const needed = phase.MinimumEnvironmentsBeforePromotion || phase.EnvironmentIds.length
    if (phase.EnvironmentIds.filter((e) => succeeded.has(e)).length < needed) return false
  }
  return true
}

export function validateOptions(ctx: OctopusContext, space: Space, project: Project, o: DeployOptions): { machineIds: string[]; excludedIds: string[]; warnings: string[] } {
  const errors: string[] = []
  if (o.noRunAfter && !o.runAt) errors.push('NoRunAfter can only be set together with RunAt.')
  if (o.noRunAfter && o.runAt && o.noRunAfter.getTime() <= o.runAt.getTime()) errors.push('NoRunAfter must be later than RunAt.')
  if (!['None', 'Log', 'Debug'].includes(o.debugMode)) errors.push(`'${o.debugMode}' is not a valid DebugMode (None, Log, Debug).`)
  if (!['LifecycleDefault', 'On', 'Off'].includes(o.priority)) errors.push(`'${o.priority}' is not a valid Priority (LifecycleDefault, On, Off).`)
  const machines = ctx.store.machines.filter((m) => m.SpaceId === space.Id)
  const machineIds: string[] = []
  for (const name of o.specificMachineNames) {
    const m = machines.find((x) => eq(x.Name, name) || eq(x.Id, name))
    if (!m) errors.push(`The machine '${name}' was not found.`)
    else machineIds.push(m.Id)
  }
  const excludedIds = o.excludedMachineNames.flatMap((name) => machines.filter((x) => eq(x.Name, name) || eq(x.Id, name)).map((m) => m.Id))
  for (const v of project.PromptedVariables) {
    const given = Object.entries(o.variables).find(([k]) => eq(k, v.Name) || eq(k, v.Label))?.[1]
    if (v.Required && (given === undefined || given === '') && !v.Default)
      errors.push(`Please provide a value for the required prompted variable '${v.Name}'.`)
  }
  if (errors.length) throw invalid(...errors)
  const warnings = o.skipStepNames
    .filter((s) => !project.Steps.some((st) => eq(st.Name, s)))
    .map((s) => `The step '${s}' given in SkipStepNames was not found in the deployment process and will be ignored.`)
  return { machineIds, excludedIds, warnings }
}

export function createDeployment(
  ctx: OctopusContext,
  space: Space,
  project: Project,
  release: Release,
  env: Environment,
  tenant: Tenant | null,
  o: DeployOptions,
  checked: { machineIds: string[]; excludedIds: string[]; warnings: string[] }
): Deployment {
  if (!canDeploy(ctx, project, release, env, tenant?.Id ?? null))
    throw new OctopusError(400, MESSAGES.cannotDeploy(release.Version, project.Name, env.Name))
  const { store, engine } = ctx
  const id = store.nextId('Deployments')
  const formValues: Record<string, string> = {}
  for (const v of project.PromptedVariables) {
    const given = Object.entries(o.variables).find(([k]) => eq(k, v.Name) || eq(k, v.Label))?.[1]
    if (given !== undefined) formValues[v.Name] = given
    else if (v.Default !== undefined) formValues[v.Name] = v.Default
  }
  const description = `Deploy ${project.Name} release ${release.Version} to ${env.Name}${tenant ? ` for ${tenant.Name}` : ''}`
  const task = engine.createDeploymentTask({
    spaceId: space.Id,
    description,
    projectId: project.Id,
    environmentId: env.Id,
    tenantId: tenant?.Id ?? null,
    deploymentId: id,
    steps: project.Steps,
    skipStepNames: o.skipStepNames,
    runAt: o.runAt?.getTime(),
    noRunAfter: o.noRunAfter?.getTime(),
    useGuidedFailure: o.useGuidedFailure || env.UseGuidedFailure
  })
  for (const w of checked.warnings) {
    task.rootLogs.push({ Category: 'Warning', OccurredAt: new Date(ctx.clock.now()).toISOString(), MessageText: w })
    task.HasWarningsOrErrors = true
  }
  const skipIds = project.Steps.filter((s) => o.skipStepNames.some((n) => eq(n, s.Name))).map((s) => s.Id)
  const deployment: Deployment = {
    Id: id,
    SpaceId: space.Id,
    ProjectId: project.Id,
    ReleaseId: release.Id,
    ChannelId: release.ChannelId,
    EnvironmentId: env.Id,
    TenantId: tenant?.Id ?? null,
    TaskId: task.Id,
    Name: `Deploy to ${env.Name}`,
    Created: new Date(ctx.clock.now()).toISOString(),
    QueueTime: o.runAt?.toISOString() ?? null,
    QueueTimeExpiry: o.noRunAfter?.toISOString() ?? null,
    SkipActions: skipIds,
    SpecificMachineIds: checked.machineIds,
    ExcludedMachineIds: checked.excludedIds,
    ForcePackageDownload: o.forcePackageDownload,
    ForcePackageRedeployment: o.forcePackageRedeployment,
    UseGuidedFailure: o.useGuidedFailure,
    FormValues: formValues,
    Comments: o.comments ?? null,
    DebugMode: o.debugMode,
    Priority: o.priority
  }
  store.deployments.push(deployment)
  ctx.ledger.record('deployment', id, { project: project.Name, release: release.Version, environment: env.Name, tenant: tenant?.Name ?? null, task: task.Id })
  return deployment
}
