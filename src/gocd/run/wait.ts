/**
 * Waits for the run: one pipeline-instance request per poll (the core poller's adaptive interval), each stage and
 * job transition logged once, a "still waiting" line when nothing changes for a while, and (when the pipeline config
 * could be read) the manual stage the run will stop at, before it gets there. Ends when the stages asked for have
 * passed, when one fails or is cancelled, when the next stage waits for manual approval, or at the timeout
 * (cancelling the active stages when asked).
 */
import { ActionError } from '../../core/errors.js'
import { formatDuration } from '../../core/parse.js'
import { poll, PollTimeoutError } from '../../core/poller.js'
import { getPipelineInstance } from '../instance.js'
import { runUrl } from '../links.js'
import { cancelStage } from '../stages.js'
import type { InstanceStage, PipelineInstance } from '../types.js'
import { nextApproval, type Approvals } from './approval.js'
import type { RunResult, WaitFor } from './types.js'
import { describeProgress, evaluate, isStageActive, targetIndex, TransitionLog, type Evaluation } from './progress.js'
import { remaining, type Session } from './session.js'

export interface WaitOutcome {
  run: PipelineInstance
  result: RunResult
  /** The stage that decided the result (failed, cancelled, awaiting approval, or the last one passed). */
  stage?: InstanceStage
  timedOut: boolean
  /** Stages cancelled at the timeout. */
  cancelled: string[]
}

export interface WaitOptions {
  waitFor: WaitFor
  cancelOnTimeout: boolean
  /** How long a stopped run must stay stopped before it counts as waiting for approval (GoCD schedules the next automatic stage right after the previous one passes). */
  approvalGraceMs?: number
  /** A "still waiting" line after this long without a transition. */
  quietLogMs?: number
  /** Approval types from the pipeline config: the next manual stage is announced before the run reaches it. */
  approvals?: Approvals
}

export async function waitForRun(s: Session, first: PipelineInstance, opts: WaitOptions): Promise<WaitOutcome> {
  const transitions = new TransitionLog()
  const grace = opts.approvalGraceMs ?? 5000
  const quiet = opts.quietLogMs ?? 60_000
  const started = s.clock.now()
  let lastChange = started
  let stoppedSince: number | undefined
  let latest = first
  let target = -1
  const announced = new Set<string>()

  const observe = (run: PipelineInstance): Evaluation => {
    latest = run
    if (target < 0) {
      target = targetIndex(run, opts.waitFor)
      if (target < 0)
        throw new ActionError(
          `wait_for names stage '${opts.waitFor.kind === 'stage' ? opts.waitFor.name : ''}', but ${s.pipeline} has the stages ${run.stages.map((x) => x.name).join(', ')}`
        )
    }
    const fresh = transitions.next(run)
    for (const t of fresh) s.logger.info(`${s.pipeline}/${run.counter}: ${t.message}`)
    announceApproval(s, run, opts.approvals, target, announced)
    const now = s.clock.now()
    if (fresh.length) lastChange = now
    else if (now - lastChange >= quiet) {
      lastChange = now
      s.logger.info(`${s.pipeline}/${run.counter}: still waiting after ${formatDuration(now - started)}: ${describeProgress(run)}`)
    }
    return evaluate(run, target)
  }

  const finished = (e: Evaluation): boolean => {
    if (e.state === 'done') return true
    if (e.state === 'stopped') {
      // The config says the stage is manual: GoCD will not schedule it by itself, no need to wait and see.
      if (opts.approvals?.get(e.stage.name.toLowerCase()) === 'manual') return true
      stoppedSince ??= s.clock.now()
      return s.clock.now() - stoppedSince >= grace
    }
    stoppedSince = undefined
    return false
  }

  let evaluation: Evaluation
  try {
    evaluation = await poll<Evaluation>({
      // The run as history showed it is the first observation; every later poll is one instance request.
      check: async (attempt) => {
        const e = observe(attempt === 0 ? first : await getPipelineInstance(s.client, s.pipeline, first.counter))
        return { done: finished(e), value: e, nextIntervalMs: e.state === 'stopped' ? Math.min(grace, 1000) : undefined }
      },
      timeoutMs: remaining(s),
      sleep: s.clock.sleep,
      now: s.clock.now
    })
  } catch (err) {
    if (!(err instanceof PollTimeoutError)) throw err
    const cancelled = opts.cancelOnTimeout ? await cancelActive(s, latest) : []
    return { run: latest, result: cancelled.length ? 'Cancelled' : 'Unknown', timedOut: true, cancelled }
  }
  if (evaluation.state === 'stopped') return { run: latest, result: 'AwaitingApproval', stage: evaluation.stage, timedOut: false, cancelled: [] }
  if (evaluation.state === 'done') return { run: latest, result: evaluation.result, stage: evaluation.stage, timedOut: false, cancelled: [] }
  throw new ActionError(`internal: the wait for ${s.pipeline}/${first.counter} ended while it was still running`)
}

/** Logs once per stage that the run will stop at a manual stage, while it has not got there yet. */
function announceApproval(s: Session, run: PipelineInstance, approvals: Approvals, target: number, announced: Set<string>): void {
  const stage = nextApproval(run, approvals)
  if (!stage || announced.has(stage.name)) return
  announced.add(stage.name)
  const index = run.stages.indexOf(stage)
  const before = index > 0 ? `once ${run.stages[index - 1].name} passes` : 'before it starts'
  const effect = index <= target ? 'the wait ends there (result AwaitingApproval)' : 'after the stages this step waits for'
  s.logger.info(`${s.pipeline}/${run.counter}: next stage needing approval: ${stage.name} is a manual stage (pipeline config); the run stops there ${before}, ${effect}. Approve it at ${runUrl(s.client, s.pipeline, run.counter)}`)
}

async function cancelActive(s: Session, run: PipelineInstance): Promise<string[]> {
  const cancelled: string[] = []
  for (const stage of run.stages.filter(isStageActive)) {
    const name = `${stage.name} #${stage.counter}`
    try {
      const res = await cancelStage(s.client, { pipeline: s.pipeline, pipelineCounter: run.counter, stage: stage.name, stageCounter: Number(stage.counter) })
      s.logger.info(`cancel_on_timeout: stage ${name} of ${s.pipeline}/${run.counter}: ${res.message}`)
      cancelled.push(name)
    } catch (err) {
      s.logger.warning(`cancel_on_timeout: could not cancel stage ${name} of ${s.pipeline}/${run.counter}: ${(err as Error).message}`)
    }
  }
  return cancelled
}
