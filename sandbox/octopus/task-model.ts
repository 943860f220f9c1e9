/** Server task types, profiles and the messages tasks end with (the engine is in tasks.ts). */
import type { Step } from './model.js'

export type TaskState = 'Queued' | 'Executing' | 'Failed' | 'Canceled' | 'TimedOut' | 'Success' | 'Cancelling'
export type ActivityStatus = 'Pending' | 'Running' | 'Success' | 'Failed' | 'Skipped' | 'SuccessWithWarning' | 'Canceled'
export type Outcome = 'Success' | 'Failed' | 'TimedOut'

export interface TaskProfile {
  /** Time spent Queued before execution starts. */
  queueMs: number
  /** Execution time, shared equally by the steps that run (manual interventions excluded). */
  durationMs: number
  outcome: Outcome
  /** Time between a cancel request and Canceled. */
  cancelMs: number
  /** Steps finish with warnings (HasWarningsOrErrors, SuccessWithWarning). */
  warnings: boolean
}

export const DEFAULT_PROFILE: TaskProfile = { queueMs: 1000, durationMs: 10_000, outcome: 'Success', cancelMs: 1000, warnings: false }

export interface LogElement {
  Category: 'Verbose' | 'Info' | 'Warning' | 'Error' | 'Fatal'
  OccurredAt: string
  MessageText: string
  Detail?: string
}

export interface StepRun {
  Name: string
  step: Step
  status: ActivityStatus
  started?: number
  ended?: number
  logs: LogElement[]
  manual: boolean
  interruptionId?: string
  guidedInterruptionId?: string
  halfLogged?: boolean
}

export interface Interruption {
  Id: string
  SpaceId: string
  TaskId: string
  Type: 'ManualIntervention' | 'GuidedFailure'
  Title: string
  Instructions: string
  Created: number
  IsPending: boolean
  ResponsibleUserId: string | null
  Result?: string
  Notes?: string
  RespondedAt?: number
  RelatedDocumentIds: string[]
}

export interface ServerTask {
  Id: string
  SpaceId: string
  Name: string
  Description: string
  ProjectId: string | null
  EnvironmentId: string | null
  TenantId: string | null
  /** Runbook runs: the runbook (for the `runbook` list filter). */
  RunbookId?: string
  Arguments: Record<string, unknown>
  State: TaskState
  queuedAt: number
  startAt: number
  expiry?: number
  startedAt?: number
  completedAt?: number
  updatedAt: number
  ErrorMessage: string | null
  HasWarningsOrErrors: boolean
  profile: TaskProfile
  steps: StepRun[]
  rootLogs: LogElement[]
  cursor: number
  /** Simulated time the task has progressed to. */
  t: number
  failed: boolean
  failPlaced: boolean
  failMessage?: string
  useGuidedFailure: boolean
  cancelAt?: number
}

export interface NewDeploymentTask {
  spaceId: string
  description: string
  projectId: string
  environmentId: string
  tenantId: string | null
  deploymentId: string
  /** Set for a runbook run: the task is a `RunbookRun` task whose Arguments name the run instead of a deployment. */
  runbook?: { runbookRunId: string; runbookId: string }
  steps: Step[]
  skipStepNames: string[]
  runAt?: number
  noRunAfter?: number
  useGuidedFailure: boolean
}

export const FAILED_MESSAGE = 'The deployment failed because one or more steps failed. Please see the deployment log for details.'
export const RUNBOOK_FAILED_MESSAGE = 'The runbook run failed because one or more steps failed. Please see the task log for details.'
export const CANCELED_MESSAGE = 'The task was canceled.'
export const TIMED_OUT_MESSAGE = 'The task timed out.'
export const EXPIRED_MESSAGE = 'The task was not started before its expiry time (QueueTimeExpiry).'

const TERMINAL: TaskState[] = ['Success', 'Failed', 'Canceled', 'TimedOut']
export const isCompleted = (s: TaskState) => TERMINAL.includes(s)
