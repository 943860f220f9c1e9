/**
 * Builders that add resources to the store with the defaults a real server fills in. The seed uses them, and tests
 * use them (through the fake's handle) to add their own projects, environments, channels and tenants.
 */
import type { Channel, ChannelRule, Environment, Lifecycle, Machine, Project, PromptedVariable, SelectedPackage, Step, TagSet, Tenant } from './model.js'
import type { Runbook, RunbookSnapshot } from './runbook-model.js'
import { slugify, type OctopusStore } from './store.js'

export const BUILT_IN_FEED_ID = 'feeds-builtin'

export function addSpace(store: OctopusStore, name: string, isDefault = false): string {
  const id = store.nextId('Spaces')
  store.spaces.push({ Id: id, Name: name, Slug: slugify(name), Description: '', IsDefault: isDefault })
  return id
}

export function addEnvironment(store: OctopusStore, spaceId: string, name: string, opts: { useGuidedFailure?: boolean } = {}): Environment {
  const env: Environment = {
    Id: store.nextId('Environments'),
    SpaceId: spaceId,
    Name: name,
    Slug: slugify(name),
    SortOrder: store.environments.filter((e) => e.SpaceId === spaceId).length,
    UseGuidedFailure: opts.useGuidedFailure ?? false
  }
  store.environments.push(env)
  return env
}

export interface PhaseSpec {
  name: string
  environments: string[]
  optional?: boolean
  minimumEnvironmentsBeforePromotion?: number
}

export function addLifecycle(store: OctopusStore, spaceId: string, name: string, phases: PhaseSpec[], description = ''): Lifecycle {
  const lc: Lifecycle = {
    Id: store.nextId('Lifecycles'),
    SpaceId: spaceId,
    Name: name,
    Description: description,
    Phases: phases.map((p) => ({
      Id: store.nextId('Phases'),
      Name: p.name,
      EnvironmentIds: p.environments.map((e) => envId(store, spaceId, e)),
      MinimumEnvironmentsBeforePromotion: p.minimumEnvironmentsBeforePromotion ?? 0,
      IsOptionalPhase: p.optional ?? false
    }))
  }
  store.lifecycles.push(lc)
  return lc
}

function envId(store: OctopusStore, spaceId: string, nameOrId: string): string {
  const env = store.environment(spaceId, nameOrId)
  if (!env) throw new Error(`unknown environment ${nameOrId}`)
  return env.Id
}

export interface StepSpec {
  name: string
  actionType?: string
  /** Primary package id (reference name ''), or references with names. */
  package?: string
  packages?: { name: string; packageId: string }[]
  environments?: string[]
  excludedEnvironments?: string[]
  condition?: 'Success' | 'Always'
  instructions?: string
  gitResources?: string[]
}

/** Deployment or runbook process steps from their specs (environment names resolved to ids). */
export function buildSteps(store: OctopusStore, spaceId: string, specs: StepSpec[]): Step[] {
  return specs.map((s) => ({
    Id: store.nextId('DeploymentActions'),
    Name: s.name,
    ActionType: s.actionType ?? (s.instructions ? 'Octopus.Manual' : 'Octopus.Script'),
    Packages: [
      ...(s.package ? [{ Name: '', PackageId: s.package, FeedId: BUILT_IN_FEED_ID }] : []),
      ...(s.packages ?? []).map((p) => ({ Name: p.name, PackageId: p.packageId, FeedId: BUILT_IN_FEED_ID }))
    ],
    Environments: (s.environments ?? []).map((e) => envId(store, spaceId, e)),
    ExcludedEnvironments: (s.excludedEnvironments ?? []).map((e) => envId(store, spaceId, e)),
    Condition: s.condition ?? 'Success',
    Instructions: s.instructions,
    GitResources: s.gitResources
  }))
}

export interface RunbookSpec {
  name: string
  description?: string
  steps: StepSpec[]
  /** Environment names the runbook may run in (scope `Specified`); `'lifecycle'` = the project's lifecycle; default all. */
  environments?: string[] | 'lifecycle'
  multiTenancy?: Runbook['MultiTenancyMode']
  promptedVariables?: PromptedVariable[]
  /** Database runbooks: take a snapshot named "Snapshot 1" and publish it (default true). */
  published?: boolean
  /** Runbooks of a version-controlled project: the branches it exists on (default: every branch of the project). */
  branches?: string[]
}

export function addRunbook(store: OctopusStore, project: Project, spec: RunbookSpec): Runbook {
  const id = store.nextId('Runbooks')
  const scope = spec.environments === undefined ? 'All' : spec.environments === 'lifecycle' ? 'FromProjectLifecycles' : 'Specified'
  const runbook: Runbook = {
    Id: id,
    SpaceId: project.SpaceId,
    ProjectId: project.Id,
    Name: spec.name,
    Slug: slugify(spec.name),
    Description: spec.description ?? '',
    RunbookProcessId: `RunbookProcess-${id}`,
    PublishedRunbookSnapshotId: null,
    MultiTenancyMode: spec.multiTenancy ?? 'Untenanted',
    EnvironmentScope: scope,
    Environments: Array.isArray(spec.environments) ? spec.environments.map((e) => envId(store, project.SpaceId, e)) : [],
    DefaultGuidedFailureMode: 'EnvironmentDefault',
    Steps: buildSteps(store, project.SpaceId, spec.steps),
    PromptedVariables: spec.promptedVariables ?? [],
    GitRefs: project.IsVersionControlled ? (spec.branches?.map((b) => (b.startsWith('refs/') ? b : `refs/heads/${b}`)) ?? [...project.GitRefs]) : []
  }
  store.runbooks.push(runbook)
  if (!project.IsVersionControlled && spec.published !== false) takeRunbookSnapshot(store, runbook, { publish: true }, new Date().toISOString())
  return runbook
}

/** The name the next snapshot gets ("Snapshot N"), as the snapshot template's `NextNameIncrement`. */
export function nextSnapshotName(store: OctopusStore, runbook: Runbook): string {
  return `Snapshot ${store.runbookSnapshots.filter((s) => s.RunbookId === runbook.Id).length + 1}`
}

export function takeRunbookSnapshot(
  store: OctopusStore,
  runbook: Runbook,
  opts: { name?: string; notes?: string | null; publish?: boolean; selectedPackages?: SelectedPackage[] },
  assembled: string
): RunbookSnapshot {
  const id = store.nextId('RunbookSnapshots')
  const snapshot: RunbookSnapshot = {
    Id: id,
    SpaceId: runbook.SpaceId,
    ProjectId: runbook.ProjectId,
    RunbookId: runbook.Id,
    Name: opts.name ?? nextSnapshotName(store, runbook),
    Notes: opts.notes ?? null,
    Assembled: assembled,
    FrozenRunbookProcessId: `${runbook.RunbookProcessId}-s-${id}`,
    FrozenProjectVariableSetId: `variableset-${runbook.ProjectId}-s-${id}`,
    Steps: runbook.Steps.map((s) => ({ ...s })),
    SelectedPackages: opts.selectedPackages ?? []
  }
  store.runbookSnapshots.push(snapshot)
  if (opts.publish) runbook.PublishedRunbookSnapshotId = id
  return snapshot
}

export interface ProjectSpec {
  name: string
  lifecycle: string
  description?: string
  steps: StepSpec[]
  promptedVariables?: PromptedVariable[]
  tenanted?: 'Untenanted' | 'TenantedOrUntenanted' | 'Tenanted'
  versionControlled?: { defaultBranch: string; branches: string[] }
  versionTemplate?: string
  disabled?: boolean
  /** Extra channels beside "Default". */
  channels?: { name: string; lifecycle?: string; rules?: { versionRange?: string; tag?: string; steps: string[] }[] }[]
}

export function addProject(store: OctopusStore, spaceId: string, spec: ProjectSpec): Project {
  const lifecycle = store.lifecycles.find((l) => l.SpaceId === spaceId && (l.Name === spec.lifecycle || l.Id === spec.lifecycle))
  if (!lifecycle) throw new Error(`unknown lifecycle ${spec.lifecycle}`)
  const steps = buildSteps(store, spaceId, spec.steps)
  const vc = spec.versionControlled
  const project: Project = {
    Id: store.nextId('Projects'),
    SpaceId: spaceId,
    Name: spec.name,
    Slug: slugify(spec.name),
    Description: spec.description ?? '',
    LifecycleId: lifecycle.Id,
    ProjectGroupId: 'ProjectGroups-1',
    IsDisabled: spec.disabled ?? false,
    IsVersionControlled: Boolean(vc),
    GitRefs: vc ? vc.branches.map((b) => (b.startsWith('refs/') ? b : `refs/heads/${b}`)) : [],
    DefaultBranch: vc?.defaultBranch,
    TenantedDeploymentMode: spec.tenanted ?? 'Untenanted',
    Steps: steps,
    PromptedVariables: spec.promptedVariables ?? [],
    VersionTemplate: spec.versionTemplate ?? '#{Octopus.Version.LastMajor}.#{Octopus.Version.LastMinor}.#{Octopus.Version.NextPatch}'
  }
  store.projects.push(project)
  addChannel(store, project, { name: 'Default', isDefault: true })
  for (const c of spec.channels ?? []) addChannel(store, project, c)
  return project
}

export function addChannel(
  store: OctopusStore,
  project: Project,
  spec: { name: string; isDefault?: boolean; lifecycle?: string; rules?: { versionRange?: string; tag?: string; steps: string[] }[] }
): Channel {
  const lifecycleId = spec.lifecycle
    ? store.lifecycles.find((l) => l.SpaceId === project.SpaceId && (l.Name === spec.lifecycle || l.Id === spec.lifecycle))?.Id
    : null
  if (spec.lifecycle && !lifecycleId) throw new Error(`unknown lifecycle ${spec.lifecycle}`)
  const rules: ChannelRule[] = (spec.rules ?? []).map((r) => ({
    Id: store.nextId('ChannelVersionRules'),
    VersionRange: r.versionRange ?? '',
    Tag: r.tag ?? '',
    ActionPackages: r.steps.map((s) => ({ DeploymentAction: s, PackageReference: '' }))
  }))
  const channel: Channel = {
    Id: store.nextId('Channels'),
    SpaceId: project.SpaceId,
    ProjectId: project.Id,
    Name: spec.name,
    Description: '',
    IsDefault: spec.isDefault ?? false,
    LifecycleId: lifecycleId ?? null,
    Rules: rules
  }
  store.channels.push(channel)
  return channel
}

export function addTagSet(store: OctopusStore, spaceId: string, name: string, tags: string[]): TagSet {
  const ts: TagSet = {
    Id: store.nextId('TagSets'),
    SpaceId: spaceId,
    Name: name,
    Tags: tags.map((t) => ({ Id: store.nextId('Tags'), Name: t, CanonicalTagName: `${name}/${t}` }))
  }
  store.tagSets.push(ts)
  return ts
}

export function addTenant(
  store: OctopusStore,
  spaceId: string,
  name: string,
  projects: Record<string, string[]>,
  tags: string[] = []
): Tenant {
  const projectEnvironments: Record<string, string[]> = {}
  for (const [p, envs] of Object.entries(projects)) {
    const project = store.project(spaceId, p)
    if (!project) throw new Error(`unknown project ${p}`)
    projectEnvironments[project.Id] = envs.map((e) => envId(store, spaceId, e))
  }
  const tenant: Tenant = { Id: store.nextId('Tenants'), SpaceId: spaceId, Name: name, ProjectEnvironments: projectEnvironments, TenantTags: tags }
  store.tenants.push(tenant)
  return tenant
}

export function addMachine(store: OctopusStore, spaceId: string, name: string, environments: string[], roles: string[]): Machine {
  const m: Machine = {
    Id: store.nextId('Machines'),
    SpaceId: spaceId,
    Name: name,
    EnvironmentIds: environments.map((e) => envId(store, spaceId, e)),
    Roles: roles
  }
  store.machines.push(m)
  return m
}
