/**
 * The server-task requests the waiter makes, on the space-scoped routes: one batched `GET tasks?ids=` per poll, the
 * task details (activity log and progress), pending interruptions, and cancel. Cancel is a POST; after an ambiguous
 * failure it is reconciled by reading the task (a task already Cancelling or finished needs no second cancel).
 */
import type { HttpClient } from '../../core/http.js'
import type { Collection, InterruptionResource, TaskDetailsResource, TaskResource } from './resources.js'
import { isTerminal, toTaskState } from './task-state.js'

export interface TaskApi {
  /** The tasks with these ids, in one request. */
  tasks(ids: readonly string[]): Promise<TaskResource[]>
  /** Task details; `logs: false` asks for progress only (no log elements). */
  details(id: string, opts: { logs: boolean }): Promise<TaskDetailsResource>
  pendingInterruptions(taskId: string): Promise<InterruptionResource[]>
  cancel(id: string): Promise<TaskResource>
}

/** Batches larger than this are split so the query string stays a sane length. */
export const MAX_IDS_PER_REQUEST = 100

export function httpTaskApi(http: HttpClient, spaceId: string): TaskApi {
  const base = `/api/${encodeURIComponent(spaceId)}`
  const task = (id: string) => `${base}/tasks/${encodeURIComponent(id)}`
  return {
    async tasks(ids) {
      const found: TaskResource[] = []
      for (let i = 0; i < ids.length; i += MAX_IDS_PER_REQUEST) {
        const chunk = ids.slice(i, i + MAX_IDS_PER_REQUEST)
        const page = await http.get<Collection<TaskResource>>(`${base}/tasks`, { ids: chunk.join(','), skip: 0, take: chunk.length })
        found.push(...(page?.Items ?? []))
      }
      return found
    },
    details: (id, opts) => http.get<TaskDetailsResource>(`${task(id)}/details`, opts.logs ? { verbose: false } : { verbose: false, tail: 0 }),
    async pendingInterruptions(taskId) {
      const page = await http.get<Collection<InterruptionResource>>(`${base}/interruptions`, { regarding: taskId, pendingOnly: true, skip: 0, take: 30 })
      return (page?.Items ?? []).filter((i) => i.IsPending !== false && (!i.TaskId || i.TaskId === taskId))
    },
    async cancel(id) {
      const res = await http.request<TaskResource>({
        method: 'POST',
        path: `${task(id)}/cancel`,
        reconcile: async () => {
          const current = await http.get<TaskResource>(task(id))
          const state = toTaskState(current.State)
          return state === 'Cancelling' || isTerminal(state) ? current : undefined
        }
      })
      return res.data
    }
  }
}
