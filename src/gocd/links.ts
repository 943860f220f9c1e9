/** Links into the GoCD web UI for runs, stages and job consoles. */
import { seg, type GocdClient } from './client.js'

/** The run's value stream map (the page that shows one run of a pipeline). */
export function runUrl(client: GocdClient, pipeline: string, counter: number): string {
  return client.webUrl(`/pipelines/value_stream_map/${seg(pipeline)}/${seg(counter)}`)
}

export function stageUrl(client: GocdClient, pipeline: string, counter: number, stage: string, stageCounter: number | string): string {
  return client.webUrl(`/pipelines/${seg(pipeline)}/${seg(counter)}/${seg(stage)}/${seg(stageCounter)}`)
}

export function jobConsoleUrl(client: GocdClient, pipeline: string, counter: number, stage: string, stageCounter: number | string, job: string): string {
  return client.webUrl(`/tab/build/detail/${seg(pipeline)}/${seg(counter)}/${seg(stage)}/${seg(stageCounter)}/${seg(job)}#tab-console`)
}
