/**
 * Pipeline operations v1: schedule, status, trigger options, pause / unpause / unlock, and the instance comment.
 * The schedule body always states `update_materials_before_scheduling` (GoCD defaults it to true, and clients that
 * drop a `false` silently update materials anyway).
 */
import type { RequestOptions } from '../core/http.js'
import { API_VERSION, seg, type GocdClient } from './client.js'
import type { MessageBody, PipelineStatus, TriggerOptions } from './types.js'

export interface ScheduleVariable {
  name: string
  value: string
  secure: boolean
}

export interface ScheduleRequest {
  environmentVariables: ScheduleVariable[]
  materials: { fingerprint: string; revision: string }[]
  updateMaterials: boolean
}

export function scheduleBody(req: ScheduleRequest): Record<string, unknown> {
  const body: Record<string, unknown> = { update_materials_before_scheduling: req.updateMaterials }
  if (req.environmentVariables.length) body.environment_variables = req.environmentVariables.map((v) => ({ name: v.name, value: v.value, secure: v.secure }))
  if (req.materials.length) body.materials = req.materials.map((m) => ({ fingerprint: m.fingerprint, revision: m.revision }))
  return body
}

const pipelinePath = (name: string, rest: string) => `/api/pipelines/${seg(name)}/${rest}`

/** The server's `Date` header in epoch ms (whole seconds), when it sent a valid one. */
export function serverDate(headers: Headers): number | undefined {
  const value = headers.get('date')
  const ms = value ? Date.parse(value) : NaN
  return Number.isFinite(ms) ? ms : undefined
}

/**
 * `POST /api/pipelines/:name/schedule` → 202 with only a message (no counter: see correlation) and the server's
 * `Date` (`acceptedAt`: GoCD creates the run after that second). Pass `reconcile` so that after an ambiguous failure
 * the caller looks for the run before the request is sent again.
 */
export async function schedulePipeline<R>(
  client: GocdClient,
  name: string,
  req: ScheduleRequest,
  reconcile?: () => Promise<R | undefined>
): Promise<{ accepted: MessageBody; acceptedAt?: number } | { reconciled: R }> {
  const res = await client.request<MessageBody | R>({
    method: 'POST',
    path: pipelinePath(name, 'schedule'),
    version: API_VERSION.pipelineOperations,
    json: scheduleBody(req),
    reconcile: reconcile as RequestOptions<MessageBody | R>['reconcile']
  })
  return res.reconciled ? { reconciled: res.data as R } : { accepted: res.data as MessageBody, acceptedAt: serverDate(res.headers) }
}

export function getPipelineStatus(client: GocdClient, name: string): Promise<PipelineStatus> {
  return client.get<PipelineStatus>(pipelinePath(name, 'status'), API_VERSION.pipelineOperations)
}

export function getTriggerOptions(client: GocdClient, name: string): Promise<TriggerOptions> {
  return client.get<TriggerOptions>(pipelinePath(name, 'trigger_options'), API_VERSION.pipelineOperations)
}

async function operation(client: GocdClient, name: string, op: string, json?: unknown): Promise<MessageBody> {
  // Repeating pause/unpause/unlock is harmless (GoCD answers 409 "already ..."), so a retry after an ambiguous failure is safe.
  const res = await client.request<MessageBody>({ method: 'POST', path: pipelinePath(name, op), version: API_VERSION.pipelineOperations, json, idempotent: true })
  return res.data
}

export function pausePipeline(client: GocdClient, name: string, cause: string): Promise<MessageBody> {
  return operation(client, name, 'pause', { pause_cause: cause })
}

export function unpausePipeline(client: GocdClient, name: string): Promise<MessageBody> {
  return operation(client, name, 'unpause')
}

export function unlockPipeline(client: GocdClient, name: string): Promise<MessageBody> {
  return operation(client, name, 'unlock')
}

/** Sets the comment of a run (replaces any previous comment, so repeating it is idempotent). */
export async function commentOnInstance(client: GocdClient, name: string, counter: number, comment: string): Promise<MessageBody> {
  const res = await client.request<MessageBody>({
    method: 'POST',
    path: `/api/pipelines/${seg(name)}/${seg(counter)}/comment`,
    version: API_VERSION.pipelineInstance,
    json: { comment },
    idempotent: true
  })
  return res.data
}
