/**
 * Which stages of the run need manual approval. The run's instance says so only for stages that have run; the
 * pipeline config (v11) says it for all of them, so the action can tell before the run reaches a manual stage.
 * Reading the config needs admin or group-admin permission and GoCD 20.8+; without it the action goes on without the
 * hint and says why only in the debug log.
 */
import { errorMessage } from '../../core/errors.js'
import { approvalTypes, getPipelineConfig, type ApprovalType } from '../pipeline-config.js'
import type { InstanceStage, PipelineInstance } from '../types.js'
import type { Session } from './session.js'

/** Stage name (lower case) to approval type, or undefined when the config cannot be read. */
export type Approvals = Map<string, ApprovalType> | undefined

export async function readApprovals(s: Pick<Session, 'client' | 'logger' | 'pipeline'>): Promise<Approvals> {
  try {
    const types = approvalTypes(await getPipelineConfig(s.client, s.pipeline))
    const manual = [...types].filter(([, t]) => t === 'manual').map(([name]) => name)
    s.logger.debug(`pipeline config of ${s.pipeline}: ${manual.length ? `manual stages ${manual.join(', ')}` : 'no manual stage'}`)
    return types
  } catch (err) {
    s.logger.debug(
      `cannot read the pipeline config of ${s.pipeline} (${errorMessage(err).split('\n')[0]}); going on without knowing in advance which stages need manual approval (reading it needs GoCD 20.8+ and admin or group-admin permission)`
    )
    return undefined
  }
}

export function isManual(approvals: Approvals, stage: Pick<InstanceStage, 'name' | 'approval_type'>): boolean {
  return stage.approval_type === 'manual' || approvals?.get(stage.name.toLowerCase()) === 'manual'
}

/** The first stage of the run that has not run and needs manual approval: where the run will stop. */
export function nextApproval(run: PipelineInstance, approvals: Approvals): InstanceStage | undefined {
  if (!approvals) return undefined
  return run.stages.find((stage) => !stage.scheduled && approvals.get(stage.name.toLowerCase()) === 'manual')
}
