/**
 * Finds the run our schedule request created. GoCD creates it later (after a material update; seconds, sometimes
 * tens of seconds), and failures at that point are silent apart from server health messages, which are checked
 * while no run has appeared so that the action fails with GoCD's own message instead of waiting blindly.
 */
import { ActionError } from '../../core/errors.js'
import { formatDuration } from '../../core/parse.js'
import { poll, PollTimeoutError } from '../../core/poller.js'
import { getHealthMessages, healthKey, newPipelineErrors } from '../health.js'
import { runsAfter } from '../history.js'
import { getPipelineStatus } from '../pipelines.js'
import type { HealthMessage, PipelineInstance } from '../types.js'
import { createdBeforeAcceptance, findOurRuns, mismatch, type RunCriteria } from './correlate.js'
import { remaining, type Session } from './session.js'

/** Health messages present before scheduling (ignored later), or undefined when they cannot be read. */
export async function healthBaseline(s: Session): Promise<Set<string> | undefined> {
  try {
    return new Set((await getHealthMessages(s.client)).map(healthKey))
  } catch (err) {
    s.logger.warning(`cannot read GoCD server health messages (${(err as Error).message.split('\n')[0]}); a failure after GoCD accepts the trigger will only show as a timeout`)
    return undefined
  }
}

export type FindResult = { run: PipelineInstance } | { notAccepted: true }

const PROGRESS_EVERY_MS = 15_000

export interface FindOptions {
  health?: Set<string>
  uncertain: boolean
  /** Our clock when GoCD accepted the trigger (progress messages). */
  acceptedAt: number
  /** GoCD's clock when it accepted the trigger: the 202's `Date` header (whole seconds), when there was one. */
  serverAcceptedAt?: number
}

export async function findRun(s: Session, criteria: RunCriteria, opts: FindOptions): Promise<FindResult> {
  const ignored = new Set<number>()
  /** Same-user forced runs that GoCD created before it accepted our trigger: another trigger's runs. */
  const earlier = new Map<number, PipelineInstance>()
  let lastProgress = s.clock.now()
  const check = async (attempt: number): Promise<{ done: boolean; value: FindResult | undefined }> => {
    const all = await runsAfter(s.client, s.pipeline, criteria.baseline)
    if (attempt === 0) for (const run of createdBeforeAcceptance(all, criteria, opts.serverAcceptedAt)) earlier.set(run.counter, run)
    const runs = all.filter((r) => !earlier.has(r.counter))
    for (const run of earlier.values()) {
      if (ignored.has(run.counter)) continue
      ignored.add(run.counter)
      s.logger.info(
        `run ${s.pipeline}/${run.counter} appeared but is not ours: GoCD created it (${iso(run.scheduled_date)}) before it accepted this trigger (${iso(opts.serverAcceptedAt)}); another trigger by ${criteria.login} started it`
      )
    }
    const ours = findOurRuns(runs, criteria)
    if (ours.length > 1)
      s.logger.warning(`runs ${ours.map((r) => r.counter).join(', ')} of ${s.pipeline} all match this trigger (same user); following the first, ${ours[0].counter}`)
    if (ours.length) return { done: true, value: { run: ours[0] } }
    for (const run of runs) {
      if (ignored.has(run.counter)) continue
      ignored.add(run.counter)
      s.logger.info(`run ${s.pipeline}/${run.counter} appeared but is not ours: ${mismatch(run, criteria)}`)
    }
    if (attempt > 0 && opts.health) {
      const errors: HealthMessage[] = newPipelineErrors(await getHealthMessages(s.client), opts.health, s.pipeline)
      if (errors.length) throw silentFailure(s, errors)
    }
    if (opts.uncertain) {
      const status = await getPipelineStatus(s.client, s.pipeline)
      if (status.schedulable) {
        const again = findOurRuns((await runsAfter(s.client, s.pipeline, criteria.baseline)).filter((r) => !earlier.has(r.counter)), criteria)
        return again.length ? { done: true, value: { run: again[0] } } : { done: true, value: { notAccepted: true } }
      }
    }
    if (s.clock.now() - lastProgress >= PROGRESS_EVERY_MS) {
      lastProgress = s.clock.now()
      s.logger.info(`waiting for GoCD to create the run of ${s.pipeline} (${formatDuration(s.clock.now() - opts.acceptedAt)} since it accepted the trigger; GoCD updates the materials first)`)
    }
    return { done: false, value: undefined }
  }
  try {
    const result = await poll<FindResult | undefined>({ check, timeoutMs: remaining(s), sleep: s.clock.sleep, now: s.clock.now })
    return result!
  } catch (err) {
    if (err instanceof PollTimeoutError)
      throw new ActionError(
        `GoCD accepted the trigger of ${s.pipeline} but no run of it appeared within ${formatDuration(s.clock.now() - opts.acceptedAt)} (newest run before: ${criteria.baseline || 'none'}). GoCD creates the run after updating the materials; look at the server health messages in GoCD (the ! icon in the header) and at the pipeline's materials.`
      )
    throw err
  }
}

function iso(ms: number | undefined): string {
  return ms === undefined ? 'unknown time' : new Date(ms).toISOString()
}

function silentFailure(s: Session, errors: HealthMessage[]): ActionError {
  const lines = errors.map((m) => `${m.message}${m.detail ? `: ${m.detail}` : ''}`)
  return new ActionError(
    `GoCD accepted the trigger of ${s.pipeline} but then could not create the run. Server health message${lines.length > 1 ? 's' : ''}:\n  ${lines.join('\n  ')}\nFix the cause (often a material that cannot be updated, or a pinned revision GoCD cannot find) and run the workflow again.`
  )
}
