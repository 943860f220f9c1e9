/**
 * Runbook runs, shared by the executions API (`runbook-runs/create/v1`, `runbook-runs/git/create/v1`) and the
 * legacy `POST runbookRuns`: environment scope, multi-tenancy, prompted variables, then one run and one
 * `RunbookRun` server task per environment (and tenant), on the same task engine as deployments.
 */
import type { OctopusContext } from './context.js'
import type { DeployOptions } from './deploy-service.js'
import { validateOptions } from './deploy-service.js'
import { invalid, OctopusError } from './errors.js'
import type { Environment, Project, Space, Step, Tenant } from './model.js'
import type { Runbook, RunbookRun, RunbookSnapshot } from './runbook-model.js'

const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()

/** Environment ids the runbook may run in, or undefined for all (scope `All`). */
export function runbookEnvironments(ctx: OctopusContext, project: Project, runbook: Runbook): Set<string> | undefined {
  if (runbook.EnvironmentScope === 'All') return undefined
  if (runbook.EnvironmentScope === 'Specified') return new Set(runbook.Environments)
  const lifecycles = [project.LifecycleId, ...ctx.store.channelsOf(project.Id).map((c) => c.LifecycleId)].filter((x): x is string => Boolean(x))
  return new Set(lifecycles.flatMap((id) => ctx.store.lifecycle(id)?.Phases.flatMap((p) => p.EnvironmentIds) ?? []))
}

export function checkScope(ctx: OctopusContext, project: Project, runbook: Runbook, env: Environment): void {
  const allowed = runbookEnvironments(ctx, project, runbook)
  if (allowed && !allowed.has(env.Id))
    throw invalid(
      `The runbook '${runbook.Name}' cannot be run in environment '${env.Name}': the environment is not in the runbook's environment scope (${runbook.EnvironmentScope === 'Specified' ? 'the environments chosen on the runbook' : "the environments of the project's lifecycles"}).`
    )
}

export function checkTenancy(runbook: Runbook, tenanted: boolean): void {
  if (tenanted && runbook.MultiTenancyMode === 'Untenanted') throw invalid(`The runbook '${runbook.Name}' is not configured for tenanted runs.`)
  if (!tenanted && runbook.MultiTenancyMode === 'Tenanted') throw invalid(`The runbook '${runbook.Name}' can only be run for tenants: specify Tenants or TenantTags.`)
}

/** The process a run executes: the snapshot's frozen steps, or the runbook's own (Git runbooks run the branch). */
export function validateRunOptions(ctx: OctopusContext, space: Space, project: Project, runbook: Runbook, steps: Step[], o: DeployOptions) {
  return validateOptions(ctx, space, { ...project, Steps: steps, PromptedVariables: runbook.PromptedVariables }, o)
}

export interface RunTarget {
  env: Environment
  tenant: Tenant | null
}

export function createRunbookRun(
  ctx: OctopusContext,
  space: Space,
  project: Project,
  runbook: Runbook,
  source: { snapshot: RunbookSnapshot } | { gitRef: string; gitCommit: string },
  target: RunTarget,
  o: DeployOptions,
  checked: { machineIds: string[]; excludedIds: string[]; warnings: string[] }
): RunbookRun {
  const { store, engine } = ctx
  const { env, tenant } = target
  const id = store.nextId('RunbookRuns')
  const steps = 'snapshot' in source ? source.snapshot.Steps : runbook.Steps
  const formValues: Record<string, string> = {}
  for (const v of runbook.PromptedVariables) {
    const given = Object.entries(o.variables).find(([k]) => eq(k, v.Name) || eq(k, v.Label))?.[1]
    if (given !== undefined) formValues[v.Name] = given
    else if (v.Default !== undefined) formValues[v.Name] = v.Default
  }
  const task = engine.createDeploymentTask({
    spaceId: space.Id,
    description: `Run runbook: ${runbook.Name} in ${env.Name}${tenant ? ` for ${tenant.Name}` : ''}`,
    projectId: project.Id,
    environmentId: env.Id,
    tenantId: tenant?.Id ?? null,
    deploymentId: id,
    runbook: { runbookRunId: id, runbookId: runbook.Id },
    steps,
    skipStepNames: o.skipStepNames,
    runAt: o.runAt?.getTime(),
    noRunAfter: o.noRunAfter?.getTime(),
    useGuidedFailure: o.useGuidedFailure || env.UseGuidedFailure || runbook.DefaultGuidedFailureMode === 'On'
  })
  for (const w of checked.warnings) {
    task.rootLogs.push({ Category: 'Warning', OccurredAt: new Date(ctx.clock.now()).toISOString(), MessageText: w })
    task.HasWarningsOrErrors = true
  }
  const run: RunbookRun = {
    Id: id,
    SpaceId: space.Id,
    ProjectId: project.Id,
    RunbookId: runbook.Id,
    RunbookSnapshotId: 'snapshot' in source ? source.snapshot.Id : null,
    FrozenRunbookProcessId: 'snapshot' in source ? source.snapshot.FrozenRunbookProcessId : runbook.RunbookProcessId,
    EnvironmentId: env.Id,
    TenantId: tenant?.Id ?? null,
    TaskId: task.Id,
    Name: `Run ${runbook.Name} in ${env.Name}`,
    Created: new Date(ctx.clock.now()).toISOString(),
    Comments: o.comments ?? null,
    FormValues: formValues,
    SkipActions: steps.filter((s) => o.skipStepNames.some((n) => eq(n, s.Name))).map((s) => s.Id),
    SpecificMachineIds: checked.machineIds,
    ExcludedMachineIds: checked.excludedIds,
    ForcePackageDownload: o.forcePackageDownload,
    UseGuidedFailure: o.useGuidedFailure,
    QueueTime: o.runAt?.toISOString() ?? null,
    QueueTimeExpiry: o.noRunAfter?.toISOString() ?? null,
    GitReference: 'gitRef' in source ? { GitRef: source.gitRef, GitCommit: source.gitCommit } : null
  }
  store.runbookRuns.push(run)
  ctx.ledger.record('runbook-run', id, { project: project.Name, runbook: runbook.Name, environment: env.Name, tenant: tenant?.Name ?? null, task: task.Id, snapshot: run.RunbookSnapshotId, gitRef: run.GitReference?.GitRef ?? null })
  return run
}

/** A snapshot of the runbook by name or id. */
export function findSnapshot(ctx: OctopusContext, runbook: Runbook, ident: string): RunbookSnapshot {
  const list = ctx.store.runbookSnapshots.filter((s) => s.RunbookId === runbook.Id)
  const found = list.find((s) => eq(s.Id, ident)) ?? list.find((s) => s.Name === ident) ?? list.find((s) => eq(s.Name, ident))
  if (!found) throw new OctopusError(404, `The runbook snapshot '${ident}' of runbook '${runbook.Name}' was not found.`)
  return found
}

export function publishedSnapshot(ctx: OctopusContext, runbook: Runbook): RunbookSnapshot {
  const s = runbook.PublishedRunbookSnapshotId ? ctx.store.runbookSnapshots.find((x) => x.Id === runbook.PublishedRunbookSnapshotId) : undefined
  if (!s)
    throw invalid(
      `The runbook '${runbook.Name}' has no published snapshot. Publish a snapshot of the runbook, or specify the snapshot to run.`
    )
  return s
}
