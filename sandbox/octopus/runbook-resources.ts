/** REST representations of runbooks, their processes, snapshots and runs (field names as in api-client's types). */
import type { Step } from './model.js'
import type { Runbook, RunbookRun, RunbookSnapshot } from './runbook-model.js'

export function runbookResource(r: Runbook, gitRef?: string) {
  const base = `/api/${r.SpaceId}/runbooks/${r.Id}`
  return {
    Id: r.Id,
    SpaceId: r.SpaceId,
    ProjectId: r.ProjectId,
    Name: r.Name,
    Slug: r.Slug,
    Description: r.Description,
    RunbookProcessId: r.RunbookProcessId,
    PublishedRunbookSnapshotId: r.GitRefs.length ? null : r.PublishedRunbookSnapshotId,
    ConnectivityPolicy: { AllowDeploymentsToNoTargets: true, ExcludeUnhealthyTargets: false, SkipMachineBehavior: 'None', TargetRoles: [] },
    MultiTenancyMode: r.MultiTenancyMode,
    EnvironmentScope: r.EnvironmentScope,
    Environments: r.Environments,
    DefaultGuidedFailureMode: r.DefaultGuidedFailureMode,
    RunRetentionPolicy: { QuantityToKeep: 100, ShouldKeepForever: false },
    Links: {
      Self: gitRef ? `/api/${r.SpaceId}/projects/${r.ProjectId}/${encodeURIComponent(gitRef)}/runbooks/${r.Id}` : base,
      Project: `/api/${r.SpaceId}/projects/${r.ProjectId}`,
      RunbookProcesses: gitRef
        ? `/api/${r.SpaceId}/projects/${r.ProjectId}/${encodeURIComponent(gitRef)}/runbookProcesses/${r.RunbookProcessId}`
        : `/api/${r.SpaceId}/runbookProcesses/${r.RunbookProcessId}`,
      RunbookSnapshots: `${base}/runbookSnapshots{/name}{?skip,take,searchByName}`,
      RunbookRuns: `${base}/runbookRuns{?skip,take}`,
      RunbookSnapshotTemplate: `/api/${r.SpaceId}/runbookProcesses/${r.RunbookProcessId}/runbookSnapshotTemplate`,
      Web: `/app#/${r.SpaceId}/projects/${r.ProjectId}/operations/runbooks/${r.Id}`
    }
  }
}

export function stepsResource(steps: Step[]) {
  return steps.map((s) => ({
    Id: s.Id.replace('DeploymentActions', 'DeploymentSteps'),
    Name: s.Name,
    Condition: s.Condition,
    StartTrigger: 'StartAfterPrevious',
    Properties: {},
    Actions: [
      {
        Id: s.Id,
        Name: s.Name,
        ActionType: s.ActionType,
        Environments: s.Environments,
        ExcludedEnvironments: s.ExcludedEnvironments,
        Packages: s.Packages.map((pk, i) => ({ Id: `${s.Id}-pkg-${i}`, Name: pk.Name, PackageId: pk.PackageId, FeedId: pk.FeedId, AcquisitionLocation: 'Server' })),
        Properties: s.Instructions ? { 'Octopus.Action.Manual.Instructions': s.Instructions } : {}
      }
    ]
  }))
}

export function runbookProcessResource(r: Runbook, steps: Step[] = r.Steps, id = r.RunbookProcessId) {
  return {
    Id: id,
    SpaceId: r.SpaceId,
    ProjectId: r.ProjectId,
    RunbookId: r.Id,
    Version: 1,
    LastSnapshotId: null,
    Steps: stepsResource(steps),
    Links: {
      Self: `/api/${r.SpaceId}/runbookProcesses/${id}`,
      Runbook: `/api/${r.SpaceId}/runbooks/${r.Id}`,
      RunbookSnapshotTemplate: `/api/${r.SpaceId}/runbookProcesses/${id}/runbookSnapshotTemplate`
    }
  }
}

export function runbookSnapshotResource(s: RunbookSnapshot) {
  const base = `/api/${s.SpaceId}/runbookSnapshots/${s.Id}`
  return {
    Id: s.Id,
    SpaceId: s.SpaceId,
    ProjectId: s.ProjectId,
    RunbookId: s.RunbookId,
    Name: s.Name,
    Notes: s.Notes,
    Assembled: s.Assembled,
    FrozenRunbookProcessId: s.FrozenRunbookProcessId,
    FrozenProjectVariableSetId: s.FrozenProjectVariableSetId,
    LibraryVariableSetSnapshotIds: [],
    SelectedPackages: s.SelectedPackages,
    Links: {
      Self: base,
      Runbook: `/api/${s.SpaceId}/runbooks/${s.RunbookId}`,
      Project: `/api/${s.SpaceId}/projects/${s.ProjectId}`,
      RunbookRuns: `${base}/runbookRuns{?skip,take}`,
      Web: `/app#/${s.SpaceId}/projects/${s.ProjectId}/operations/runbooks/${s.RunbookId}/snapshots/${s.Id}`
    }
  }
}

export function runbookRunResource(r: RunbookRun) {
  return {
    Id: r.Id,
    SpaceId: r.SpaceId,
    Name: r.Name,
    ProjectId: r.ProjectId,
    RunbookId: r.RunbookId,
    RunbookSnapshotId: r.RunbookSnapshotId,
    FrozenRunbookProcessId: r.FrozenRunbookProcessId,
    EnvironmentId: r.EnvironmentId,
    TenantId: r.TenantId,
    TaskId: r.TaskId,
    Created: r.Created,
    Comments: r.Comments,
    FormValues: r.FormValues,
    SkipActions: r.SkipActions,
    SpecificMachineIds: r.SpecificMachineIds,
    ExcludedMachineIds: r.ExcludedMachineIds,
    ForcePackageDownload: r.ForcePackageDownload,
    UseGuidedFailure: r.UseGuidedFailure,
    QueueTime: r.QueueTime,
    QueueTimeExpiry: r.QueueTimeExpiry,
    ManifestVariableSetId: `variableset-${r.Id}`,
    GitReference: r.GitReference,
    Links: {
      Self: `/api/${r.SpaceId}/runbookRuns/${r.Id}`,
      Runbook: `/api/${r.SpaceId}/runbooks/${r.RunbookId}`,
      Environment: `/api/${r.SpaceId}/environments/${r.EnvironmentId}`,
      Project: `/api/${r.SpaceId}/projects/${r.ProjectId}`,
      Task: `/api/tasks/${r.TaskId}`,
      Web: `/app#/${r.SpaceId}/projects/${r.ProjectId}/operations/runbooks/${r.RunbookId}/snapshots/${r.RunbookSnapshotId ?? 'git'}/runs/${r.Id}`
    }
  }
}
