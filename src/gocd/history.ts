/**
 * Pipeline history v1 (cursor based, newest first). Cursors are internal ids exposed only through `_links`, so
 * further pages are fetched by following those links.
 */
import { API_VERSION, seg, type GocdClient } from './client.js'
import type { PipelineHistoryPage, PipelineInstance } from './types.js'

export const MIN_PAGE_SIZE = 10
export const MAX_PAGE_SIZE = 100

export function getHistoryPage(client: GocdClient, name: string, pageSize = MIN_PAGE_SIZE): Promise<PipelineHistoryPage> {
  const size = Math.min(MAX_PAGE_SIZE, Math.max(MIN_PAGE_SIZE, Math.round(pageSize)))
  return client.get<PipelineHistoryPage>(`/api/pipelines/${seg(name)}/history`, API_VERSION.pipelineInstance, { page_size: size })
}

/** The newest run's counter, or 0 when the pipeline has never run. */
export async function newestCounter(client: GocdClient, name: string): Promise<number> {
  const page = await getHistoryPage(client, name)
  return page.pipelines.reduce((max, p) => Math.max(max, p.counter), 0)
}

/**
 * Runs with a counter above `baseline`, newest first, following `next` links while the oldest run seen is still
 * above the baseline (at most `maxPages` requests).
 */
export async function runsAfter(client: GocdClient, name: string, baseline: number, maxPages = 3): Promise<PipelineInstance[]> {
  const found: PipelineInstance[] = []
  let page = await getHistoryPage(client, name)
  for (let i = 1; ; i++) {
    for (const run of page.pipelines) if (run.counter > baseline) found.push(run)
    const oldest = page.pipelines.at(-1)
    const next = page._links?.next?.href
    if (!next || !oldest || oldest.counter <= baseline + 1 || i >= maxPages) break
    page = await client.get<PipelineHistoryPage>(next, API_VERSION.pipelineInstance)
  }
  return found
}
