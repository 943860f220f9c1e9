/** Data model of the GoCD fake: configuration (pipelines, groups, users) and runtime state (runs, stages, jobs). */

export type JobState = 'Scheduled' | 'Assigned' | 'Building' | 'Completed'
export type JobResult = 'Passed' | 'Failed' | 'Cancelled' | 'Unknown'
export type StageResult = JobResult
export type StageStatus = 'Building' | 'Failing' | 'Passed' | 'Failed' | 'Cancelled' | 'Unknown'

export interface GitMaterialConfig {
  type: 'git'
  url: string
  branch: string
  /** Known commits, newest first (used when a trigger does not pin a revision). */
  revisions: { revision: string; user: string; comment: string; email: string | null; modifiedAt: number }[]
}

export interface DependencyMaterialConfig {
  type: 'dependency'
  pipeline: string
  stage: string
}

export type MaterialConfig = (GitMaterialConfig | DependencyMaterialConfig) & { fingerprint: string }

export interface EnvVarConfig {
  name: string
  value: string
  secure: boolean
}

export interface StageConfig {
  name: string
  approval: 'success' | 'manual'
  jobs: string[]
  fetchMaterials: boolean
  cleanWorkingDirectory: boolean
  environmentVariables: EnvVarConfig[]
  /** Stage-level approval authorization: when set, only these users (and admins) may schedule the stage. */
  authorizedUsers?: string[]
  /** `approval.allow_only_on_success` (GoCD 19.8+): the stage may only be run when the previous one passed. Default false. */
  allowOnlyOnSuccess?: boolean
}

export type LockBehavior = 'none' | 'lockOnFailure' | 'unlockWhenFinished'

export interface PipelineConfig {
  name: string
  group: string
  lockBehavior: LockBehavior
  materials: MaterialConfig[]
  environmentVariables: EnvVarConfig[]
  stages: StageConfig[]
}

export interface GroupConfig {
  name: string
  /** Users who may operate (schedule, pause, cancel...). */
  operate: string[]
  /** Users who may only view. */
  view: string[]
  /** Group administrators: they may also read and edit the group's pipeline configurations (and operate). */
  admins?: string[]
}

export interface UserConfig {
  login: string
  password: string
  displayName: string
  email: string | null
  admin: boolean
  /** A disabled user is refused with 401 (default enabled). */
  enabled?: boolean
}

/** What a stage run will do, set per pipeline/stage by tests. */
export interface StagePlan {
  outcome: 'pass' | 'fail' | 'cancel'
  durationMs: number
}

export interface JobTransition {
  state: JobState
  at: number
}

export interface JobRun {
  id: number
  name: string
  scheduledAt: number
  agentUuid: string
  /** The whole planned timeline; the visible state is the part with `at <= now`. */
  transitions: JobTransition[]
  /** Result once Completed. */
  finalResult: Exclude<JobResult, 'Unknown'>
}

export interface StageRun {
  id: number
  name: string
  counter: number
  scheduledAt: number
  approvalType: 'success' | 'manual'
  approvedBy: string
  cancelledBy: string | null
  jobs: JobRun[]
  /**
   * Set once the stage's completion has been processed for the next automatic stage: it was scheduled, or skipped
   * because the pipeline was paused (GoCD then never triggers it later).
   */
  nextStageHandled?: boolean
}

export interface MaterialRevision {
  fingerprint: string
  revision: string
  changed: boolean
}

export interface PipelineRun {
  /** Internal database id (the history cursor); never equal to the counter by construction. */
  id: number
  name: string
  counter: number
  scheduledAt: number
  comment: string | null
  approver: string
  triggerMessage: string
  forced: boolean
  materialRevisions: MaterialRevision[]
  environmentVariables: { name: string; value: string; secure: boolean }[]
  /** Stage runs (several counters of the same stage possible), in creation order. */
  stages: StageRun[]
  /** Plan of every stage of this run, over the per-stage plans (used for runs another actor started). */
  plan?: StagePlan
}

export interface PendingTrigger {
  pipeline: string
  user: string
  displayName: string
  acceptedAt: number
  createAt: number
  materials: { fingerprint: string; revision: string }[]
  environmentVariables: { name: string; value: string; secure: boolean }[]
  /** When set, the trigger fails silently at `createAt` with this health message detail. */
  failure?: string
  /** Plan of the run's stages (a race's other run). */
  plan?: StagePlan
  /** Ledger origin of the run (`race` for a race's other trigger). */
  origin?: string
}

/**
 * A seeded trigger race (see `GocdFake.raceNextTrigger`): another forced run of the same pipeline by the same user.
 * `before`: it was created (and its first stage finished, so GoCD's checkers let the next trigger through) just
 * before GoCD accepts the next trigger; `after`: it is created as soon as GoCD would accept a trigger after the run
 * of the next trigger exists (its first stage finished); `already-forced`: it wins the trigger monitor, so the next
 * trigger gets 409 `Pipeline already forced` and the other trigger's run is created instead.
 */
export interface TriggerRace {
  position: 'before' | 'after' | 'already-forced'
  /** Login of the other trigger (default: the user of the next trigger). */
  user?: string
  /** Plan of the other run's stages (default: the pipeline's plans). */
  plan?: StagePlan
  /** `before`: how long before the next trigger is accepted the other run was created, at least until its first stage completed (default 1000 ms more than that). */
  gapMs?: number
}

export interface PauseInfo {
  paused: boolean
  cause: string | null
  by: string | null
}

export interface HealthMessage {
  message: string
  detail: string
  level: 'ERROR' | 'WARNING'
  time: string
}
