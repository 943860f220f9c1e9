/**
 * Follows one server task across polls and says what changed, so the log reads as a story instead of a wall of
 * identical status lines: state transitions, progress, a waiting manual intervention or guided failure (with the
 * portal link, as a warning, because a person has to act), and its resolution.
 */
import type { TaskResource } from './resources.js'
import { describeEnvironmentTenant, type CreatedDeployment } from './deployments.js'
import { isTerminal, toTaskState, type TaskState } from './task-state.js'

export interface TrackerEvent {
  level: 'info' | 'warning'
  message: string
}

const INTERRUPTION_NAMES: Record<string, string> = {
  ManualIntervention: 'a manual intervention',
  GuidedFailure: 'a guided failure decision (retry, ignore or fail)',
  PullRequestCompletion: 'a pull request to be completed',
  ArgoCDApplicationSync: 'an Argo CD application sync',
  KubernetesResourceVerification: 'a Kubernetes resource verification'
}

export function describeInterruptions(types: readonly string[]): string {
  const names = types.map((t) => INTERRUPTION_NAMES[t] ?? `an interruption (${t})`)
  return names.length ? names.join(' and ') : 'an interruption'
}

export class TaskTracker {
  state: TaskState = 'Queued'
  task: TaskResource | undefined
  progress: number | undefined
  progressMessage: string | undefined
  pending: string[] = []
  /** LastUpdatedTime when the log was last fetched (undefined: never fetched). */
  loggedAt: string | null | undefined
  /** Clock time (ms) of the last log fetch. */
  lastLogFetch = -Infinity
  private seenState = false

  constructor(readonly deployment: CreatedDeployment) {}

  get name(): string {
    return describeEnvironmentTenant(this.deployment)
  }

  get done(): boolean {
    return isTerminal(this.state)
  }

  /** Takes the task as the batched query returned it; returns what to tell the user. */
  update(task: TaskResource): TrackerEvent[] {
    const events: TrackerEvent[] = []
    const state = toTaskState(task.State)
    this.task = task
    if (!this.seenState || state !== this.state) {
      events.push({ level: 'info', message: `${this.name}: ${this.seenState ? `${this.state} → ` : ''}${state}${this.stateDetail(task, state)}` })
      this.seenState = true
      this.state = state
    }
    const pending = task.HasPendingInterruptions ? [...(task.PendingInterruptionTypes ?? [])] : []
    if (task.HasPendingInterruptions && !pending.length) pending.push('Interruption')
    const before = this.pending.join(',')
    if (pending.join(',') !== before) {
      if (pending.length)
        events.push({
          level: 'warning',
          message: `${this.name} is waiting for ${describeInterruptions(pending)}. The deployment will not continue until someone responds in Octopus: ${this.deployment.taskUrl}`
        })
      else if (before && !isTerminal(state)) events.push({ level: 'info', message: `${this.name}: the interruption was answered; the deployment continues.` })
      this.pending = pending
    }
    return events
  }

  /** Takes the progress reported by the task details; returns a line when it moved. */
  updateProgress(percentage: number | undefined, message: string | undefined): TrackerEvent | undefined {
    if (percentage === undefined || this.done) return undefined
    const changed = percentage !== this.progress || (Boolean(message) && message !== this.progressMessage)
    this.progress = percentage
    this.progressMessage = message ?? undefined
    if (!changed) return undefined
    return { level: 'info', message: `${this.name}: ${percentage}%${message ? ` (${message})` : ''}` }
  }

  /** One-line status for heartbeats: `Prod Executing 50%`. */
  status(): string {
    const pct = this.state === 'Executing' && this.progress !== undefined ? ` ${this.progress}%` : ''
    const waiting = this.pending.length ? `, waiting for ${describeInterruptions(this.pending)}` : ''
    return `${this.name} ${this.state}${pct}${waiting}`
  }

  private stateDetail(task: TaskResource, state: TaskState): string {
    if (state === 'Queued' && task.EstimatedRemainingQueueDurationSeconds) return ` (expected to start in about ${task.EstimatedRemainingQueueDurationSeconds}s)`
    if (state === 'Success') return task.Duration ? ` after ${task.Duration}` : ''
    if (isTerminal(state) && task.ErrorMessage) return `: ${task.ErrorMessage}`
    return ''
  }
}
