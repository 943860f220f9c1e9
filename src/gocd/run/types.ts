/** What a GoCD run request asks for, and what the action gets back. */
import type { ApprovalType } from '../pipeline-config.js'
import type { ScheduleVariable } from '../pipelines.js'
import type { InstanceStage, PipelineInstance, StageInstance } from '../types.js'

/** Which stages must pass before the run counts as done. */
export type WaitFor = { kind: 'first_stage' } | { kind: 'all_stages' } | { kind: 'stage'; name: string }

/** How a run ended (or `Unknown` when not waiting for it). */
export type RunResult = 'Passed' | 'Failed' | 'Cancelled' | 'Unknown' | 'AwaitingApproval'

export interface TriggerRequest {
  pipeline: string
  environmentVariables: ScheduleVariable[]
  secureEnvironmentVariables: ScheduleVariable[]
  /** `<material name, URL or fingerprint>` and revision pairs, resolved through trigger_options. */
  materials: [string, string][]
  updateMaterials: boolean
  wait: boolean
  waitFor: WaitFor
  timeoutMs: number
  queueIfBusy: boolean
  unpause: boolean
  cancelOnTimeout: boolean
  comment?: string
}

/** The run the request started, as it stood when the action stopped watching it. */
export interface TriggerResult {
  run: PipelineInstance
  result: RunResult
  /** The stage that decided the result (failed, cancelled, awaiting approval, or the last one passed). */
  stage?: InstanceStage
  /** One line for the log or the failure message (with links). */
  message: string
  /** One sentence for the job summary. */
  headline: string
  /** The login GoCD records as the approver of the run. */
  login: string
  variables: { name: string; secure: boolean }[]
  pins: { name: string; revision: string }[]
  /** Stage instances with their job timings, by stage name (a stage that could not be read is missing). */
  stageDetails: Map<string, StageInstance>
  /** Approval type by lower-case stage name, from the pipeline config; undefined when it could not be read. */
  approvals?: Map<string, ApprovalType>
}
