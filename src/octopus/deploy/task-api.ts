/**
 * The server-task requests the waiter makes, on the space-scoped routes: one batched `GET tasks?ids=` per poll, the
 * task details (activity log and progress), pending interruptions, and cancel. Cancel is a POST; after an ambiguous
 * failure it is reconciled by reading the task (a task already Cancelling or finished needs no second cancel).
 */
import type { OctopusClient } from '../client.js'
import type { OctopusSpace } from '../spaces.js'
import type { Collection, InterruptionResource, TaskDetailsResource, TaskResource } from './resources.js'
import { isTerminal, toTaskState } from './task-state.js'

export interface TaskApi {
  /** The tasks with these ids, in one request (per 100 ids). */
  tasks(ids: readonly string[]): Promise<TaskResource[]>
  /** Task details; `logs: false` asks for progress only (`tail=0`: no log elements). */
  details(id: string, opts: { logs: boolean }): Promise<TaskDetailsResource>
  pendingInterruptions(taskId: string): Promise<InterruptionResource[]>
  cancel(id: string): Promise<TaskResource>
}

/** Batches larger than this are split so the query string stays a sane length. */
export const MAX_IDS_PER_REQUEST = 100

const TASKS = '/api/{spaceId}/tasks{?ids,skip,take}'
const TASK = '/api/{spaceId}/tasks/{id}'
const DETAILS = '/api/{spaceId}/tasks/{id}/details{?verbose,tail}'
const CANCEL = '/api/{spaceId}/tasks/{id}/cancel'
const INTERRUPTIONS = '/api/{spaceId}/interruptions{?regarding,pendingOnly,skip,take}'

export function octopusTaskApi(client: OctopusClient, space: OctopusSpace): TaskApi {
  const spaceId = space.Id
  return {
    async tasks(ids) {
      const found: TaskResource[] = []
      for (let i = 0; i < ids.length; i += MAX_IDS_PER_REQUEST) {
        const chunk = ids.slice(i, i + MAX_IDS_PER_REQUEST)
        const page = await client.get<Collection<TaskResource>>(TASKS, { spaceId, ids: [...chunk], skip: 0, take: chunk.length })
        found.push(...(page?.Items ?? []))
      }
      return found
    },
    details: (id, opts) => client.get<TaskDetailsResource>(DETAILS, { spaceId, id, verbose: false, tail: opts.logs ? undefined : 0 }),
    async pendingInterruptions(taskId) {
      const page = await client.get<Collection<InterruptionResource>>(INTERRUPTIONS, { spaceId, regarding: taskId, pendingOnly: true, skip: 0, take: 30 })
      return (page?.Items ?? []).filter((i) => i.IsPending !== false && (!i.TaskId || i.TaskId === taskId))
    },
    async cancel(id) {
      const res = await client.post<TaskResource>(CANCEL, { spaceId, id }, undefined, {
        reconcile: async () => {
          const current = await client.get<TaskResource>(TASK, { spaceId, id })
          const state = toTaskState(current.State)
          return state === 'Cancelling' || isTerminal(state) ? current : undefined
        }
      })
      return res.data
    }
  }
}
