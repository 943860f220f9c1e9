/**
 * JSON shapes of the GoCD API responses the suite reads (pipeline instance v1, stage instance v3, trigger options v1,
 * pipeline status v1, server health v1, current user v1), per the server's representers. Optional fields are the
 * ones GoCD omits when null.
 */

/** `StageResult` / `JobResult`. */
export type GocdResult = 'Passed' | 'Failed' | 'Cancelled' | 'Unknown'
/** `StageState` (the instance API's stage `status`). */
export type GocdStageStatus = 'Building' | 'Failing' | 'Passed' | 'Failed' | 'Cancelled' | 'Unknown'
/** `JobState`. */
export type GocdJobState =
  | 'Unknown'
  | 'Scheduled'
  | 'Assigned'
  | 'Preparing'
  | 'Building'
  | 'Completing'
  | 'Completed'
  | 'Discontinued'
  | 'Rescheduled'
  | 'Paused'
  | 'Waiting'

export const ACTIVE_JOB_STATES: readonly string[] = ['Scheduled', 'Assigned', 'Preparing', 'Building', 'Completing']

export interface InstanceJob {
  name: string
  scheduled_date?: number
  state?: GocdJobState
  result?: GocdResult
}

export interface InstanceStage {
  result?: GocdResult
  status: GocdStageStatus
  rerun_of_counter: number | null
  name: string
  /** A string in the instance API ("1"). */
  counter: string
  scheduled: boolean
  approval_type: 'success' | 'manual' | null
  approved_by: string | null
  operate_permission?: boolean
  can_run?: boolean
  jobs: InstanceJob[]
}

export interface MaterialRevision {
  changed: boolean
  material: { name: string; fingerprint: string; type: string; description: string }
  modifications: { revision: string; modified_time?: number; user_name?: string; comment?: string; email_address?: string | null }[]
}

export interface PipelineInstance {
  name: string
  counter: number
  label: string
  natural_order?: number
  can_run?: boolean
  preparing_to_schedule?: boolean
  comment: string | null
  scheduled_date?: number
  build_cause: {
    trigger_message: string
    trigger_forced: boolean
    approver: string
    material_revisions: MaterialRevision[]
  }
  stages: InstanceStage[]
}

export interface PipelineHistoryPage {
  _links?: { next?: { href: string }; previous?: { href: string } }
  pipelines: PipelineInstance[]
}

export interface StageInstanceJob {
  name: string
  state: GocdJobState
  result: GocdResult
  scheduled_date?: number
  rerun?: boolean
  agent_uuid?: string | null
  job_state_transitions?: { state: GocdJobState; state_change_time: number }[]
}

/** Stage instance v3 (numeric counter, no `status`). */
export interface StageInstance {
  name: string
  counter: number
  approval_type: 'success' | 'manual' | null
  approved_by: string | null
  scheduled_at?: number
  last_transitioned_time?: number
  result?: GocdResult
  cancelled_by?: string
  pipeline_name: string
  pipeline_counter: number
  jobs: StageInstanceJob[]
}

export interface TriggerOptions {
  variables: { name: string; secure: boolean; value?: string }[]
  materials: {
    type: string
    name: string
    fingerprint: string
    folder?: string
    revision?: { date?: string | null; user?: string | null; comment?: string | null; last_run_revision?: string | null }
  }[]
}

export interface PipelineStatus {
  paused: boolean
  paused_cause: string | null
  paused_by: string | null
  locked: boolean
  schedulable: boolean
}

export interface HealthMessage {
  message: string
  detail: string
  level: string
  time: string
}

export interface CurrentUser {
  login_name: string
  display_name?: string
  email?: string | null
}

/** `{"message": ...}` answers (schedule, pause, cancel, comment). */
export interface MessageBody {
  message: string
}
