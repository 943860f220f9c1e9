/** REST representations of the stored model, with the `Links` a client navigates by. */
import { BUILT_IN_FEED_ID } from './builders.js'
import type { Channel, Deployment, Environment, Lifecycle, Machine, Project, Release, Space, TagSet, Tenant, User } from './model.js'
import type { OctopusStore } from './store.js'

export function spaceResource(s: Space) {
  return {
    Id: s.Id,
    Name: s.Name,
    Slug: s.Slug,
    Description: s.Description,
    IsDefault: s.IsDefault,
    IsPrivate: false,
    TaskQueueStopped: false,
    SpaceManagersTeams: [],
    SpaceManagersTeamMembers: [],
    Icon: null,
    ExtensionSettings: [],
    LastModifiedOn: null,
    LastModifiedBy: null,
    Links: {
      Self: `/api/spaces/${s.Id}`,
      SpaceHome: `/api/${s.Id}`,
      Web: `/app#/spaces/${s.Id}`
    }
  }
}

export function environmentResource(e: Environment) {
  return {
    Id: e.Id,
    SpaceId: e.SpaceId,
    Name: e.Name,
    Slug: e.Slug,
    Description: '',
    SortOrder: e.SortOrder,
    UseGuidedFailure: e.UseGuidedFailure,
    AllowDynamicInfrastructure: false,
    ExtensionSettings: [],
    Links: {
      Self: `/api/${e.SpaceId}/environments/${e.Id}`,
      Web: `/app#/${e.SpaceId}/infrastructure/environments/${e.Id}`
    }
  }
}

export function lifecycleResource(l: Lifecycle) {
  return {
    Id: l.Id,
    SpaceId: l.SpaceId,
    Name: l.Name,
    Slug: l.Name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    Description: l.Description,
    Phases: l.Phases.map((p) => ({
      Id: p.Id,
      Name: p.Name,
      AutomaticDeploymentTargets: [],
      OptionalDeploymentTargets: p.EnvironmentIds,
      MinimumEnvironmentsBeforePromotion: p.MinimumEnvironmentsBeforePromotion,
      IsOptionalPhase: p.IsOptionalPhase,
      IsPriorityPhase: false,
      ReleaseRetentionPolicy: null,
      TentacleRetentionPolicy: null
    })),
    ReleaseRetentionPolicy: { Unit: 'Days', QuantityToKeep: 30, ShouldKeepForever: false },
    TentacleRetentionPolicy: { Unit: 'Days', QuantityToKeep: 30, ShouldKeepForever: false },
    Links: { Self: `/api/${l.SpaceId}/lifecycles/${l.Id}` }
  }
}

export function projectResource(p: Project) {
  const base = `/api/${p.SpaceId}/projects/${p.Id}`
  return {
    Id: p.Id,
    SpaceId: p.SpaceId,
    Name: p.Name,
    Slug: p.Slug,
    Description: p.Description,
    LifecycleId: p.LifecycleId,
    ProjectGroupId: p.ProjectGroupId,
    DeploymentProcessId: `deploymentprocess-${p.Id}`,
    VariableSetId: `variableset-${p.Id}`,
    IsDisabled: p.IsDisabled,
    IsVersionControlled: p.IsVersionControlled,
    PersistenceSettings: p.IsVersionControlled
      ? { Type: 'VersionControlled', DefaultBranch: p.DefaultBranch, BasePath: '.octopus', Url: `https://git.example.org/${p.Slug}.git` }
      : { Type: 'Database' },
    TenantedDeploymentMode: p.TenantedDeploymentMode,
    DefaultGuidedFailureMode: 'EnvironmentDefault',
    DiscreteChannelRelease: false,
    ReleaseCreationStrategy: { ChannelId: null, ReleaseCreationPackage: null, ReleaseCreationPackageStepId: null },
    VersioningStrategy: { Template: p.VersionTemplate, DonorPackage: null, DonorPackageStepId: null },
    Links: {
      Self: base,
      Releases: `${base}/releases{/version}{?skip,take,searchByVersion}`,
      Channels: `${base}/channels{?skip,take,partialName}`,
      DeploymentProcess: `/api/${p.SpaceId}/deploymentprocesses/deploymentprocess-${p.Id}`,
      Web: `/app#/${p.SpaceId}/projects/${p.Id}`
    }
  }
}

export function channelResource(c: Channel) {
  return {
    Id: c.Id,
    SpaceId: c.SpaceId,
    ProjectId: c.ProjectId,
    Name: c.Name,
    Slug: c.Name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    Description: c.Description,
    IsDefault: c.IsDefault,
    LifecycleId: c.LifecycleId,
    Rules: c.Rules.map((r) => ({ Id: r.Id, VersionRange: r.VersionRange, Tag: r.Tag, ActionPackages: r.ActionPackages })),
    TenantTags: [],
    Links: {
      Self: `/api/${c.SpaceId}/channels/${c.Id}`,
      Project: `/api/${c.SpaceId}/projects/${c.ProjectId}`
    }
  }
}

export function releaseResource(r: Release) {
  const base = `/api/${r.SpaceId}/releases/${r.Id}`
  return {
    Id: r.Id,
    SpaceId: r.SpaceId,
    ProjectId: r.ProjectId,
    ChannelId: r.ChannelId,
    Version: r.Version,
    ReleaseNotes: r.ReleaseNotes,
    Assembled: r.Assembled,
    ProjectDeploymentProcessSnapshotId: `deploymentprocess-${r.ProjectId}-s-${r.Id}`,
    ProjectVariableSetSnapshotId: `variableset-${r.ProjectId}-s-${r.Id}`,
    IgnoreChannelRules: r.IgnoreChannelRules,
    BuildInformation: r.BuildInformation,
    SelectedPackages: r.SelectedPackages,
    SelectedGitResources: r.SelectedGitResources,
    VersionControlReference: r.VersionControlReference,
    CustomFields: r.CustomFields,
    Links: {
      Self: base,
      Project: `/api/${r.SpaceId}/projects/${r.ProjectId}`,
      Channel: `/api/${r.SpaceId}/channels/${r.ChannelId}`,
      Deployments: `${base}/deployments{?skip,take}`,
      Web: `/app#/${r.SpaceId}/releases/${r.Id}`
    }
  }
}

export function deploymentResource(d: Deployment) {
  return {
    Id: d.Id,
    SpaceId: d.SpaceId,
    Name: d.Name,
    ReleaseId: d.ReleaseId,
    EnvironmentId: d.EnvironmentId,
    TenantId: d.TenantId,
    ProjectId: d.ProjectId,
    ChannelId: d.ChannelId,
    TaskId: d.TaskId,
    Created: d.Created,
    QueueTime: d.QueueTime,
    QueueTimeExpiry: d.QueueTimeExpiry,
    SkipActions: d.SkipActions,
    SpecificMachineIds: d.SpecificMachineIds,
    ExcludedMachineIds: d.ExcludedMachineIds,
    ForcePackageDownload: d.ForcePackageDownload,
    ForcePackageRedeployment: d.ForcePackageRedeployment,
    UseGuidedFailure: d.UseGuidedFailure,
    FormValues: d.FormValues,
    Comments: d.Comments,
    DebugMode: d.DebugMode,
    Priority: d.Priority,
    DeploymentProcessId: `deploymentprocess-${d.ProjectId}-s-${d.ReleaseId}`,
    ManifestVariableSetId: `variableset-${d.Id}`,
    Links: {
      Self: `/api/${d.SpaceId}/deployments/${d.Id}`,
      Release: `/api/${d.SpaceId}/releases/${d.ReleaseId}`,
      Environment: `/api/${d.SpaceId}/environments/${d.EnvironmentId}`,
      Project: `/api/${d.SpaceId}/projects/${d.ProjectId}`,
      Task: `/api/tasks/${d.TaskId}`,
      Web: `/app#/${d.SpaceId}/deployments/${d.Id}`
    }
  }
}

export function tenantResource(t: Tenant) {
  return {
    Id: t.Id,
    SpaceId: t.SpaceId,
    Name: t.Name,
    Slug: t.Name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    Description: null,
    ProjectEnvironments: t.ProjectEnvironments,
    TenantTags: t.TenantTags,
    IsDisabled: false,
    ClonedFromTenantId: null,
    Links: { Self: `/api/${t.SpaceId}/tenants/${t.Id}` }
  }
}

export function tagSetResource(t: TagSet) {
  return {
    Id: t.Id,
    SpaceId: t.SpaceId,
    Name: t.Name,
    Description: '',
    SortOrder: 0,
    Tags: t.Tags.map((x, i) => ({ ...x, Color: '#333333', Description: '', SortOrder: i })),
    Links: { Self: `/api/${t.SpaceId}/tagsets/${t.Id}` }
  }
}

export function machineResource(m: Machine) {
  return {
    Id: m.Id,
    SpaceId: m.SpaceId,
    Name: m.Name,
    EnvironmentIds: m.EnvironmentIds,
    Roles: m.Roles,
    IsDisabled: false,
    HealthStatus: 'Healthy',
    Status: 'Online',
    Endpoint: { CommunicationStyle: 'Kubernetes' },
    Links: { Self: `/api/${m.SpaceId}/machines/${m.Id}` }
  }
}

export function builtInFeedResource(spaceId: string) {
  return {
    Id: BUILT_IN_FEED_ID,
    SpaceId: spaceId,
    Name: 'Octopus Server (built-in)',
    Slug: 'octopus-server-built-in',
    FeedType: 'BuiltIn',
    IsBuiltInRepoSyncEnabled: true,
    DeleteUnreleasedPackagesAfterDays: 30,
    PackageAcquisitionLocationOptions: ['Server', 'ExecutionTarget'],
    Links: {
      Self: `/api/${spaceId}/feeds/${BUILT_IN_FEED_ID}`,
      SearchPackageVersionsTemplate: `/api/${spaceId}/feeds/${BUILT_IN_FEED_ID}/packages/versions{?packageId,take,skip,includePreRelease,versionRange,preReleaseTag,filter,includeReleaseNotes}`
    }
  }
}

export function userResource(u: User) {
  return {
    Id: u.Id,
    Username: u.Username,
    DisplayName: u.DisplayName,
    EmailAddress: u.EmailAddress,
    IsActive: u.IsActive,
    IsService: u.IsService,
    IsRequestor: false,
    CanPasswordBeEdited: !u.IsService,
    IsPasswordEditable: !u.IsService,
    Identities: u.OidcIdentities.map((i) => ({ IdentityProviderName: 'OpenID Connect', Claims: { iss: i.Issuer, sub: i.Subject } })),
    Links: {
      Self: `/api/users/${u.Id}`,
      ApiKeys: `/api/users/${u.Id}/apikeys{/id}{?skip,take}`
    }
  }
}

/** Environments a tenant or project references, for `?ids=` lookups. */
export function environmentsByIds(store: OctopusStore, spaceId: string, ids: string[]): Environment[] {
  const set = new Set(ids.map((i) => i.toLowerCase()))
  return store.environments.filter((e) => e.SpaceId === spaceId && set.has(e.Id.toLowerCase()))
}
