/**
 * Server health messages v1. Failures that happen after GoCD accepted a schedule request (material update failed,
 * pinned revision not found) surface only here, as `Could not trigger pipeline '<name>'`.
 */
import { API_VERSION, type GocdClient } from './client.js'
import type { HealthMessage } from './types.js'

export function getHealthMessages(client: GocdClient): Promise<HealthMessage[]> {
  return client.get<HealthMessage[]>('/api/server_health_messages', API_VERSION.serverHealth)
}

export function healthKey(m: HealthMessage): string {
  return `${m.level}\u0000${m.message}\u0000${m.detail}\u0000${m.time}`
}

/** Whether a health message is about the pipeline (GoCD quotes the name: `Could not trigger pipeline 'up42'`). */
export function mentionsPipeline(m: HealthMessage, pipeline: string): boolean {
  const name = pipeline.toLowerCase()
  const text = `${m.message}\n${m.detail}`.toLowerCase()
  return [`'${name}'`, `[${name}]`, `"${name}"`, `pipeline ${name} `, `pipeline: ${name}`].some((q) => text.includes(q)) || text.endsWith(`pipeline ${name}`)
}

/** Error-level messages about the pipeline that were not present in `before` (keys from `healthKey`). */
export function newPipelineErrors(messages: HealthMessage[], before: Set<string>, pipeline: string): HealthMessage[] {
  return messages.filter((m) => m.level.toUpperCase() === 'ERROR' && !before.has(healthKey(m)) && mentionsPipeline(m, pipeline))
}
