/**
 * Pipeline config v11 (`GET /api/admin/pipelines/:name`), read for one thing: which stages need manual approval.
 * A run's instance only says so for stages that have run (placeholder stages have `approval_type: null`), and this
 * API is the only place that says it for the others. GoCD shows a pipeline's config only to admins and the admins of
 * its group, and servers before 20.8 lack v11, so callers treat every failure as "unknown".
 */
import { API_VERSION, seg, type GocdClient } from './client.js'

export type ApprovalType = 'success' | 'manual'

/** The part of the v11 representation this suite reads. */
export interface PipelineConfigV11 {
  name: string
  group?: string
  stages: { name: string; approval?: { type?: string; allow_only_on_success?: boolean } }[] | null
}

export async function getPipelineConfig(client: GocdClient, name: string): Promise<PipelineConfigV11> {
  // Optional information: one retry at most, so that an unavailable API costs little.
  const res = await client.request<PipelineConfigV11>({ method: 'GET', path: `/api/admin/pipelines/${seg(name)}`, version: API_VERSION.pipelineConfig, retries: 1 })
  return res.data
}

/** Stage name (lower case, as GoCD compares names) to its approval type, for the stages the config states one for. */
export function approvalTypes(config: PipelineConfigV11): Map<string, ApprovalType> {
  const out = new Map<string, ApprovalType>()
  for (const stage of config.stages ?? []) {
    const type = stage.approval?.type
    if (typeof stage.name === 'string' && (type === 'success' || type === 'manual')) out.set(stage.name.toLowerCase(), type)
  }
  return out
}
