/**
 * Run progression on the fake's clock. A job's whole timeline (Scheduled -> Assigned -> Building -> Completed) is
 * planned when its stage is scheduled; what a request sees is the part of the timeline at or before `now`. Stage
 * status and result are derived from the visible job states the way GoCD's `StageState.findByBuilds` does.
 */
import type { JobResult, JobRun, JobState, StagePlan, StageResult, StageRun, StageStatus } from './model.js'

export interface JobView {
  state: JobState
  result: JobResult
  /** Time of the latest visible transition. */
  lastAt: number
  agentUuid: string | null
  transitions: { state: JobState; at: number }[]
}

const ACTIVE: JobState[] = ['Scheduled', 'Assigned', 'Building']

/** Plans the timelines of a stage's jobs. With `fail`, the first job fails at half the duration (the stage is
 * `Failing` while the others still build); with `cancel`, every job is cancelled at the full duration. */
export function planJobs(
  names: string[],
  start: number,
  plan: StagePlan,
  nextId: () => number,
  agentUuid: (i: number) => string
): JobRun[] {
  const d = Math.max(0, plan.durationMs)
  return names.map((name, i) => {
    const failing = plan.outcome === 'fail' && i === 0
    const end = failing && names.length > 1 ? start + Math.round(d / 2) : start + d
    const finalResult = plan.outcome === 'cancel' ? 'Cancelled' : failing ? 'Failed' : 'Passed'
    return {
      id: nextId(),
      name,
      scheduledAt: start,
      agentUuid: agentUuid(i),
      transitions: [
        { state: 'Scheduled', at: start },
        { state: 'Assigned', at: Math.min(end, start + Math.round(d * 0.1)) },
        { state: 'Building', at: Math.min(end, start + Math.round(d * 0.2)) },
        { state: 'Completed', at: end }
      ],
      finalResult
    }
  })
}

export function jobView(job: JobRun, now: number): JobView {
  const visible = job.transitions.filter((t) => t.at <= now)
  const last = visible[visible.length - 1] ?? job.transitions[0]
  const state = last.state
  return {
    state,
    result: state === 'Completed' ? job.finalResult : 'Unknown',
    lastAt: last.at,
    agentUuid: state === 'Scheduled' ? null : job.agentUuid,
    transitions: visible.length ? visible : [job.transitions[0]]
  }
}

export function isJobActive(view: JobView): boolean {
  return ACTIVE.includes(view.state)
}

/** `StageState.findByBuilds`. */
export function stageStatus(stage: StageRun, now: number): StageStatus {
  if (stage.jobs.length === 0) return 'Unknown'
  const views = stage.jobs.map((j) => jobView(j, now))
  const active = views.some(isJobActive)
  const failed = views.some((v) => v.result === 'Failed')
  if (active && failed) return 'Failing'
  if (active) return 'Building'
  if (views.some((v) => v.result === 'Cancelled')) return 'Cancelled'
  if (failed) return 'Failed'
  if (views.some((v) => v.result === 'Unknown')) return 'Unknown'
  return 'Passed'
}

/** `StageResult`: Unknown while any job is active, then Cancelled > Failed > Passed. */
export function stageResult(stage: StageRun, now: number): StageResult {
  const views = stage.jobs.map((j) => jobView(j, now))
  if (views.length === 0 || views.some(isJobActive)) return 'Unknown'
  if (views.some((v) => v.result === 'Cancelled')) return 'Cancelled'
  if (views.some((v) => v.result === 'Failed')) return 'Failed'
  return 'Passed'
}

export function isStageActive(stage: StageRun, now: number): boolean {
  return stage.jobs.some((j) => isJobActive(jobView(j, now)))
}

/** When the stage completes (its last job's Completed transition). */
export function stageCompletedAt(stage: StageRun): number {
  return Math.max(...stage.jobs.map((j) => j.transitions[j.transitions.length - 1].at))
}

export function stageLastTransition(stage: StageRun, now: number): number {
  return Math.max(stage.scheduledAt, ...stage.jobs.map((j) => jobView(j, now).lastAt))
}

/** Cancels every job of the stage that is still active at `now`: the rest of its timeline becomes Completed/Cancelled now. */
export function cancelStage(stage: StageRun, now: number, by: string): boolean {
  let changed = false
  for (const job of stage.jobs) {
    if (!isJobActive(jobView(job, now))) continue
    job.transitions = job.transitions.filter((t) => t.at <= now && t.state !== 'Completed')
    job.transitions.push({ state: 'Completed', at: now })
    job.finalResult = 'Cancelled'
    changed = true
  }
  if (changed) stage.cancelledBy = by
  return changed
}
