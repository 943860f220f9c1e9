/**
 * Scheduling with GoCD's rules: no queue for manual triggers (409 while the pipeline is busy: wait and try again
 * within the timeout when queue_if_busy), paused pipelines (unpause when asked), and no second run after an
 * ambiguous failure: before the request is sent again, look for the run and for a pending trigger.
 */
import { ActionError, ApiError, NetworkError } from '../../core/errors.js'
import { networkErrorProvesNotSent } from '../../core/retry-policy.js'
import { isTlsErrorCode } from '../../core/tls.js'
import { formatDuration } from '../../core/parse.js'
import { poll, PollTimeoutError } from '../../core/poller.js'
import { findOurRuns, type RunCriteria } from './correlate.js'
import { runsAfter, newestCounter } from '../history.js'
import { getPipelineStatus, schedulePipeline, unpausePipeline, type ScheduleRequest } from '../pipelines.js'
import type { PipelineInstance, PipelineStatus } from '../types.js'
import { scheduleErrorHint } from './hints.js'
import { remaining, type Session } from './session.js'

export interface ScheduleOptions {
  request: ScheduleRequest
  pins: RunCriteria['pins']
  queueIfBusy: boolean
  unpause: boolean
  /** Builds the hint for a 422 about variables (fetches trigger options on demand). */
  variableHint: () => Promise<string | undefined>
}

export interface Scheduled {
  baseline: number
  /** GoCD's clock when it accepted the trigger (the 202's `Date`), when known. */
  acceptedAt?: number
  /** Set when looking after an ambiguous failure already found the run. */
  run?: PipelineInstance
  /** The request may or may not have been accepted (ambiguous failure, then a pending trigger was seen). */
  uncertain: boolean
}

type Reconciled = { run: PipelineInstance } | { pending: true }

const BUSY_BACKOFF_MAX_MS = 10_000
const BUSY = /Pipeline already triggered|Pipeline already forced|is still in progress|is locked/i

export function isBusyMessage(message: string): boolean {
  return BUSY.test(message)
}

export function isPausedMessage(message: string): boolean {
  return /is paused/i.test(message)
}

/** A failure after which GoCD may have acted on the request (timeout, reset, 5xx). */
export function isAmbiguous(err: unknown): boolean {
  if (err instanceof ApiError) return err.status >= 500 && err.status !== 501 && err.status !== 507
  if (err instanceof NetworkError) return !isTlsErrorCode(err.code) && !networkErrorProvesNotSent(err.code)
  return false
}

async function ourRun(s: Session, criteria: RunCriteria): Promise<PipelineInstance | undefined> {
  return findOurRuns(await runsAfter(s.client, s.pipeline, criteria.baseline), criteria)[0]
}

/**
 * After an ambiguous failure of the schedule POST: the run may exist already, or the trigger may be pending
 * (status not schedulable although neither paused nor locked). Only when neither is true is it safe to send again.
 */
async function reconcile(s: Session, criteria: RunCriteria): Promise<Reconciled | undefined> {
  const found = await ourRun(s, criteria)
  if (found) return { run: found }
  const status = await getPipelineStatus(s.client, s.pipeline)
  if (status.schedulable) {
    const again = await ourRun(s, criteria)
    return again ? { run: again } : undefined
  }
  if (status.paused || status.locked) return undefined
  s.logger.info(`${s.pipeline} cannot be scheduled right now: the earlier request was probably accepted; looking for its run instead of scheduling again`)
  return { pending: true }
}

async function ensureUnpaused(s: Session): Promise<void> {
  try {
    const res = await unpausePipeline(s.client, s.pipeline)
    s.logger.info(`unpause: ${res.message}`)
  } catch (err) {
    if (err instanceof ApiError && err.status === 409 && /already unpaused/i.test(err.serverMessage)) return
    throw err
  }
}

/** Waits until GoCD reports the pipeline schedulable (or paused), one status request per poll. */
async function waitUntilSchedulable(s: Session, lastMessage: string): Promise<PipelineStatus> {
  try {
    return await poll<PipelineStatus>({
      check: async () => {
        const status = await getPipelineStatus(s.client, s.pipeline)
        return { done: status.schedulable || status.paused, value: status }
      },
      timeoutMs: remaining(s),
      sleep: s.clock.sleep,
      now: s.clock.now
    })
  } catch (err) {
    if (err instanceof PollTimeoutError)
      throw new ActionError(`timed out waiting for ${s.pipeline} to become schedulable; GoCD's last answer: ${lastMessage}`)
    throw err
  }
}

export async function schedule(s: Session, opts: ScheduleOptions): Promise<Scheduled> {
  let unpaused = false
  let busyRounds = 0
  for (let attempt = 1; ; attempt++) {
    const baseline = await newestCounter(s.client, s.pipeline)
    const criteria: RunCriteria = { baseline, login: s.login, pins: opts.pins }
    try {
      const res = await schedulePipeline<Reconciled>(s.client, s.pipeline, opts.request, () => reconcile(s, criteria))
      if ('accepted' in res) {
        s.logger.info(`GoCD: ${res.accepted.message} (newest run before: ${baseline || 'none'})`)
        return { baseline, uncertain: false, acceptedAt: res.acceptedAt }
      }
      const r = res.reconciled
      return 'run' in r ? { baseline, run: r.run, uncertain: false } : { baseline, uncertain: true }
    } catch (err) {
      if (isAmbiguous(err)) {
        // The client gave up retrying; the last attempt may still have been accepted.
        const r = await reconcile(s, criteria).catch(() => undefined)
        if (r) return 'run' in r ? { baseline, run: r.run, uncertain: false } : { baseline, uncertain: true }
        throw err
      }
      if (!(err instanceof ApiError)) throw err
      const message = err.serverMessage
      if (err.status === 409 && isPausedMessage(message)) {
        if (opts.unpause && !unpaused) {
          await ensureUnpaused(s)
          unpaused = true
          continue
        }
        throw err.withHint(
          unpaused
            ? `${s.pipeline} was paused again right after the action unpaused it; someone is holding it paused on purpose.`
            : `${s.pipeline} is paused in GoCD. Set unpause: true to unpause it before scheduling, or unpause it in GoCD.`
        )
      }
      if (err.status === 409 && isBusyMessage(message)) {
        if (!opts.queueIfBusy)
          throw err.withHint('GoCD does not queue manual triggers. Set queue_if_busy: true to wait until the pipeline can be scheduled and try again.')
        s.logger.info(`${message}: waiting until ${s.pipeline} can be scheduled (queue_if_busy; ${formatDuration(remaining(s))} left, attempt ${attempt})`)
        // GoCD may say "schedulable" and still refuse (a trigger race): back off between such attempts.
        if (++busyRounds > 1) await s.clock.sleep(Math.min(BUSY_BACKOFF_MAX_MS, 1000 * 2 ** (busyRounds - 2), remaining(s)))
        // A paused pipeline ends the wait too; the next attempt reports it (or unpauses it).
        await waitUntilSchedulable(s, message)
        continue
      }
      const hint = await scheduleErrorHint(s, err, opts.variableHint)
      throw hint ? err.withHint(hint) : err
    }
  }
}
