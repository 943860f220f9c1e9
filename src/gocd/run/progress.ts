/**
 * Reading a run's progress from the pipeline instance: which stage and job transitions are new since the last poll
 * (each is reported once), and whether the wait is over. GoCD has no pipeline result (gocd/gocd#12546), so it is
 * derived from the stages up to the one we wait for.
 */
import { ACTIVE_JOB_STATES, type InstanceStage, type PipelineInstance } from '../types.js'
import type { WaitFor } from './types.js'

export type Evaluation =
  | { state: 'running'; stage: InstanceStage }
  /** Nothing runs and `stage` has not been scheduled although the stage before it passed: manual approval (or a gate). */
  | { state: 'stopped'; stage: InstanceStage; after: InstanceStage }
  | { state: 'done'; result: 'Passed' | 'Failed' | 'Cancelled'; stage: InstanceStage }

export function isStageActive(s: InstanceStage): boolean {
  return s.status === 'Building' || s.status === 'Failing' || s.jobs.some((j) => j.state !== undefined && ACTIVE_JOB_STATES.includes(j.state))
}

export function stageCompletedResult(s: InstanceStage): 'Passed' | 'Failed' | 'Cancelled' | undefined {
  if (!s.scheduled || isStageActive(s)) return undefined
  const r = s.result ?? s.status
  return r === 'Passed' || r === 'Failed' || r === 'Cancelled' ? r : undefined
}

/** Index of the last stage the wait covers, or -1 when the named stage does not exist. */
export function targetIndex(run: PipelineInstance, waitFor: WaitFor): number {
  if (waitFor.kind === 'first_stage') return 0
  if (waitFor.kind === 'all_stages') return run.stages.length - 1
  return run.stages.findIndex((s) => s.name.toLowerCase() === waitFor.name.toLowerCase())
}

export function evaluate(run: PipelineInstance, target: number): Evaluation {
  const anyActive = run.stages.some(isStageActive)
  for (let i = 0; i <= target; i++) {
    const s = run.stages[i]
    if (!s.scheduled) {
      if (anyActive || i === 0) return { state: 'running', stage: s }
      return { state: 'stopped', stage: s, after: run.stages[i - 1] }
    }
    const result = stageCompletedResult(s)
    if (result === undefined) return { state: 'running', stage: s }
    if (result !== 'Passed') return { state: 'done', result, stage: s }
  }
  return { state: 'done', result: 'Passed', stage: run.stages[target] }
}

/** One line per stage or job change, keyed so that each transition is logged once. */
export interface Transition {
  key: string
  message: string
}

export function transitionsOf(run: PipelineInstance): Transition[] {
  const out: Transition[] = []
  for (const s of run.stages) {
    if (!s.scheduled) continue
    const id = `${s.name} #${s.counter}`
    const by = s.approved_by ? ` (approved by ${s.approved_by})` : ''
    out.push({ key: `${id}|scheduled`, message: `stage ${id} scheduled${by}` })
    for (const j of s.jobs) {
      const state = j.state ?? 'Unknown'
      if (state === 'Completed') {
        out.push({ key: `${id}/${j.name}|Completed|${j.result}`, message: `job ${s.name}/${j.name}: Completed, ${j.result ?? 'Unknown'}` })
      } else if (state !== 'Unknown') {
        out.push({ key: `${id}/${j.name}|${state}`, message: `job ${s.name}/${j.name}: ${state}` })
      }
    }
    if (s.status !== 'Unknown') out.push({ key: `${id}|${s.status}`, message: `stage ${id}: ${s.status}` })
  }
  return out
}

/** Tracks which transitions were reported; returns the new ones in order. */
export class TransitionLog {
  private readonly seen = new Set<string>()
  next(run: PipelineInstance): Transition[] {
    const fresh = transitionsOf(run).filter((t) => !this.seen.has(t.key))
    for (const t of fresh) this.seen.add(t.key)
    return fresh
  }
}

/** A short description of what is happening, for "still waiting" lines. */
export function describeProgress(run: PipelineInstance): string {
  const active = run.stages.filter(isStageActive)
  if (!active.length) return 'no stage is running'
  return active
    .map((s) => `stage ${s.name} #${s.counter} ${s.status} (${s.jobs.map((j) => `${j.name} ${j.state === 'Completed' ? j.result : j.state}`).join(', ')})`)
    .join('; ')
}
