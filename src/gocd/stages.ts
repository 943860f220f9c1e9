/** Stage instance v3 (with job state transitions) and stage cancel. */
import { API_VERSION, seg, type GocdClient } from './client.js'
import type { MessageBody, StageInstance } from './types.js'

export interface StageLocator {
  pipeline: string
  pipelineCounter: number
  stage: string
  stageCounter: number
}

function stagePath(s: StageLocator): string {
  return `/api/stages/${seg(s.pipeline)}/${seg(s.pipelineCounter)}/${seg(s.stage)}/${seg(s.stageCounter)}`
}

export function getStageInstance(client: GocdClient, s: StageLocator): Promise<StageInstance> {
  return client.get<StageInstance>(stagePath(s), API_VERSION.stageInstance)
}

/**
 * Cancels a stage. GoCD answers 200 both when it cancelled the stage and when the stage was no longer active
 * (`Stage is not active. Cancellation Ignored.`), so repeating the request is harmless.
 */
export async function cancelStage(client: GocdClient, s: StageLocator): Promise<MessageBody> {
  const res = await client.request<MessageBody>({ method: 'POST', path: `${stagePath(s)}/cancel`, version: API_VERSION.stageInstance, idempotent: true })
  return res.data
}
