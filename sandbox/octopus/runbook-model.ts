/**
 * Runbooks as Octopus stores them (api-client `features/projects/runbooks/*.d.ts`; docs "Runbooks" and the REST
 * examples "Create and publish a runbook snapshot", "Run a published runbook"): a runbook belongs to a project, has
 * its own process, an environment scope and a multi-tenancy mode. Database-stored runbooks run a **snapshot** (the
 * published one unless another is named); runbooks of a version-controlled project live in Git and run from a branch.
 */
import type { PromptedVariable, SelectedPackage, Step } from './model.js'

export type RunbookEnvironmentScope = 'All' | 'Specified' | 'FromProjectLifecycles'

export interface Runbook {
  Id: string
  SpaceId: string
  ProjectId: string
  Name: string
  Slug: string
  Description: string
  RunbookProcessId: string
  PublishedRunbookSnapshotId: string | null
  MultiTenancyMode: 'Untenanted' | 'TenantedOrUntenanted' | 'Tenanted'
  EnvironmentScope: RunbookEnvironmentScope
  /** Environment ids when the scope is `Specified`. */
  Environments: string[]
  DefaultGuidedFailureMode: 'EnvironmentDefault' | 'Off' | 'On'
  Steps: Step[]
  PromptedVariables: PromptedVariable[]
  /** Runbooks of a version-controlled project: the branches (full refs) the runbook exists on; empty otherwise. */
  GitRefs: string[]
}

export interface RunbookSnapshot {
  Id: string
  SpaceId: string
  ProjectId: string
  RunbookId: string
  Name: string
  Notes: string | null
  Assembled: string
  FrozenRunbookProcessId: string
  FrozenProjectVariableSetId: string
  /** The process as it was when the snapshot was taken. */
  Steps: Step[]
  SelectedPackages: SelectedPackage[]
}

export interface RunbookRun {
  Id: string
  SpaceId: string
  ProjectId: string
  RunbookId: string
  /** Null for a Git runbook run (no snapshot: it runs the branch). */
  RunbookSnapshotId: string | null
  FrozenRunbookProcessId: string
  EnvironmentId: string
  TenantId: string | null
  TaskId: string
  Name: string
  Created: string
  Comments: string | null
  FormValues: Record<string, string>
  SkipActions: string[]
  SpecificMachineIds: string[]
  ExcludedMachineIds: string[]
  ForcePackageDownload: boolean
  UseGuidedFailure: boolean
  QueueTime: string | null
  QueueTimeExpiry: string | null
  GitReference: { GitRef: string; GitCommit: string } | null
}
