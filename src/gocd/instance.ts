/** Pipeline instance v1: one run with its stages (placeholders for stages that have not run) and build cause. */
import { API_VERSION, seg, type GocdClient } from './client.js'
import type { PipelineInstance } from './types.js'

export function getPipelineInstance(client: GocdClient, name: string, counter: number): Promise<PipelineInstance> {
  return client.get<PipelineInstance>(`/api/pipelines/${seg(name)}/${seg(counter)}`, API_VERSION.pipelineInstance)
}
