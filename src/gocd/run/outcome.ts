/** How a finished wait is told: the log line or error (with links), and a one-sentence headline for the job summary. */
import { formatDuration } from '../../core/parse.js'
import type { GocdClient } from '../client.js'
import { jobConsoleUrl, runUrl } from '../links.js'
import type { PipelineInstance } from '../types.js'
import type { WaitFor } from './types.js'
import type { WaitOutcome } from './wait.js'

export interface OutcomeText {
  /** For the log or the failure message. */
  message: string
  /** For the job summary (the table has the links). */
  headline: string
}

export function describeWaitFor(waitFor: WaitFor): string {
  if (waitFor.kind === 'all_stages') return 'all stages'
  if (waitFor.kind === 'first_stage') return 'the first stage'
  return `stage ${waitFor.name}`
}

export function describeOutcome(
  client: GocdClient,
  run: PipelineInstance,
  o: WaitOutcome,
  opts: { waitFor: WaitFor; timeoutMs: number; cancelOnTimeout: boolean }
): OutcomeText {
  const id = `${run.name}/${run.counter}`
  const url = runUrl(client, run.name, run.counter)
  const stage = o.stage
  if (o.timedOut) {
    const after = `timed out after ${formatDuration(opts.timeoutMs)} waiting for ${id}`
    const tail = o.cancelled.length
      ? `; cancelled stage ${o.cancelled.join(', ')} (cancel_on_timeout)`
      : opts.cancelOnTimeout
        ? '; no stage was active to cancel'
        : '; the run goes on in GoCD (set cancel_on_timeout: true to cancel it)'
    return { message: `${after}${tail}. ${url}`, headline: `${after[0].toUpperCase()}${after.slice(1)}${tail}.` }
  }
  if (!stage) return { message: `${id}: ${o.result}`, headline: `${o.result}.` }
  if (o.result === 'Passed') {
    const what = opts.waitFor.kind === 'all_stages' ? 'all stages' : `stage ${stage.name}`
    return { message: `${id} passed (${what}). ${url}`, headline: `Passed (${what}).` }
  }
  if (o.result === 'AwaitingApproval') {
    const text = `stage ${stage.name} waits for manual approval in GoCD; the stages before it passed`
    return { message: `${id}: ${text}. Approve it at ${url}`, headline: `${text[0].toUpperCase()}${text.slice(1)}.` }
  }
  const bad = stage.jobs.filter((j) => j.result === 'Failed' || j.result === 'Cancelled')
  const what = `stage ${stage.name} #${stage.counter} ${o.result === 'Cancelled' ? 'was cancelled' : 'failed'}`
  const links = bad.map((j) => `job ${j.name} ${j.result}: ${jobConsoleUrl(client, run.name, run.counter, stage.name, stage.counter, j.name)}`)
  const jobs = bad.map((j) => `${j.name} ${j.result}`).join(', ')
  return {
    message: `${id}: ${what}${links.length ? `\n  ${links.join('\n  ')}` : ''}`,
    headline: `${what[0].toUpperCase()}${what.slice(1)}${jobs ? ` (jobs: ${jobs})` : ''}.`
  }
}
