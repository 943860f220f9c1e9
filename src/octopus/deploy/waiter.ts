/**
 * Waits for every deployment task at once: ONE batched `GET tasks?ids=` per poll whatever the number of tasks, on
 * the shared adaptive poller (every second for the first 30 s, so completion is seen within about a second, then
 * backing off to 10 s). Along the way it tells the story: state changes, progress, a manual intervention or guided
 * failure waiting for a person (with the portal link), and each task's activity log streamed into its own log group,
 * new lines only. Details are fetched for at most one running task per poll (the one whose log is oldest), only when
 * its `LastUpdatedTime` moved and at most every `logRefreshMs`, and once more when a task finishes. Every request
 * counts against the poller's budget (the next wait grows with the requests a check sent), so the average stays at
 * one request per poll interval: at most one a second in the first 30 s, whatever the number of tasks.
 *
 * On our own timeout it cancels the unfinished tasks when asked (and waits briefly to see them Canceled). It never
 * throws for a failed deployment: it returns the outcomes and the caller decides.
 */
import { ActionError, errorMessage } from '../../core/errors.js'
import type { Logger } from '../../core/logger.js'
import { formatDuration } from '../../core/parse.js'
import { poll, PollTimeoutError } from '../../core/poller.js'
import { ActivityLogStream } from './activity-log.js'
import type { InterruptionResource, TaskResource } from './resources.js'
import type { TaskApi } from './task-api.js'
import { TaskTracker, type TrackerEvent } from './task-tracker.js'
import { isTerminal, type TaskState } from './task-state.js'
import type { CreatedDeployment, DeploymentOutcome } from './targets.js'

export interface WaitOptions {
  timeoutMs: number
  cancelOnTimeout: boolean
  /** Fixed interval; undefined = adaptive. */
  pollIntervalMs?: number
  showTaskLog: boolean
  /** Minimum time between two log fetches of one running task (default 3 s). */
  logRefreshMs?: number
  /** Print a status line when nothing else was printed for this long (default 30 s). */
  heartbeatMs?: number
  /** How long to watch canceled tasks reach Canceled after a timeout (default 60 s). */
  cancelWaitMs?: number
  sleep?: (ms: number) => Promise<void>
  now?: () => number
}

export interface WaitResult {
  outcomes: DeploymentOutcome[]
  /** Our own timeout elapsed before every task finished. */
  timedOut: boolean
  /** Tasks we asked Octopus to cancel after the timeout. */
  canceled: string[]
  /** With `timedOut`: how each unfinished deployment stood when the time ran out (`Prod Executing 50%`). */
  unfinishedAtTimeout: string[]
  elapsedMs: number
}

interface Watched {
  tracker: TaskTracker
  stream: ActivityLogStream
  logFailed: boolean
}

export async function waitForDeployments(api: TaskApi, deployments: CreatedDeployment[], logger: Logger, opts: WaitOptions): Promise<WaitResult> {
  const now = opts.now ?? Date.now
  const started = now()
  const watched: Watched[] = deployments.map((d) => ({ tracker: new TaskTracker(d), stream: new ActivityLogStream(), logFailed: false }))
  const refresh = opts.logRefreshMs ?? 3000
  const heartbeat = opts.heartbeatMs ?? 30_000
  let lastOutput = started

  const say = (e: TrackerEvent) => {
    if (e.level === 'warning') logger.warning(e.message)
    else logger.info(e.message)
    lastOutput = now()
  }

  let requests = 0
  const fetchLog = async (w: Watched, task: TaskResource, final: boolean) => {
    requests++
    const t = w.tracker
    t.loggedAt = task.LastUpdatedTime ?? null
    t.lastLogFetch = now()
    let details
    try {
      details = await api.details(t.deployment.serverTaskId, { logs: opts.showTaskLog })
    } catch (err) {
      if (!w.logFailed) logger.warning(`Could not read the task log of ${t.name} (${t.deployment.serverTaskId}): ${errorMessage(err)}. Waiting continues without it.`)
      w.logFailed = true
      return
    }
    const root = details.ActivityLogs?.[0]
    if (!final) {
      const progress = t.updateProgress(details.Progress?.ProgressPercentage, root?.ProgressMessage ?? undefined)
      if (progress) say(progress)
    }
    if (!opts.showTaskLog) return
    const lines = w.stream.next(details.ActivityLogs)
    if (!lines.length) return
    await logger.group(`Octopus task log: ${t.name} (${t.deployment.serverTaskId})${final ? ` — ${t.state}` : ''}`, async () => {
      logger.quote(lines.map((line) => line.text))
    })
    lastOutput = now()
  }

  const explainInterruptions = async (t: TaskTracker) => {
    let pending: InterruptionResource[]
    requests++
    try {
      pending = await api.pendingInterruptions(t.deployment.serverTaskId)
    } catch (err) {
      logger.debug(`could not read the interruptions of ${t.deployment.serverTaskId}: ${errorMessage(err)}`)
      return
    }
    for (const i of pending) {
      const instructions = i.Form?.Elements?.find((e) => e.Name === 'Instructions')?.Control?.Text
      say({ level: 'info', message: `${t.name}: "${i.Title ?? i.Type ?? i.Id}"${instructions ? ` — ${instructions}` : ''}` })
    }
  }

  const check = async () => {
    requests = 1
    const active = watched.filter((w) => !w.tracker.done)
    const tasks = await api.tasks(active.map((w) => w.tracker.deployment.serverTaskId))
    const byId = new Map(tasks.map((t) => [t.Id.toLowerCase(), t]))
    const missing = active.filter((w) => !byId.has(w.tracker.deployment.serverTaskId.toLowerCase()))
    if (missing.length)
      throw new ActionError(
        `Octopus did not return the server task(s) ${missing.map((w) => `${w.tracker.deployment.serverTaskId} (${w.tracker.name})`).join(', ')}: they may have been deleted, or the credential cannot see them.`
      )
    const due: { w: Watched; task: TaskResource }[] = []
    for (const w of active) {
      const task = byId.get(w.tracker.deployment.serverTaskId.toLowerCase())!
      const hadPending = w.tracker.pending.join(',')
      for (const e of w.tracker.update(task)) say(e)
      if (w.tracker.pending.length && w.tracker.pending.join(',') !== hadPending) await explainInterruptions(w.tracker)
      const state = w.tracker.state
      if (isTerminal(state)) {
        if (opts.showTaskLog) await fetchLog(w, task, true)
      } else if (state !== 'Queued' && (task.LastUpdatedTime ?? null) !== w.tracker.loggedAt && now() - w.tracker.lastLogFetch >= refresh) {
        due.push({ w, task })
      }
    }
    // One running task's details per poll: the one whose log was read longest ago.
    const next = due.sort((a, b) => a.w.tracker.lastLogFetch - b.w.tracker.lastLogFetch)[0]
    if (next) await fetchLog(next.w, next.task, false)
    const remaining = watched.filter((w) => !w.tracker.done)
    if (remaining.length && now() - lastOutput >= heartbeat) {
      say({
        level: 'info',
        message: `Waiting for ${remaining.length} of ${watched.length} deployment${watched.length === 1 ? '' : 's'} (${formatDuration(now() - started)} elapsed): ${remaining.map((w) => w.tracker.status()).join('; ')}`
      })
    }
    return { done: remaining.length === 0, value: null, requests }
  }

  const pollShape = opts.pollIntervalMs ? { initialIntervalMs: opts.pollIntervalMs, fastPhaseMs: Number.POSITIVE_INFINITY } : {}
  let timedOut = false
  const canceled: string[] = []
  const unfinishedAtTimeout: string[] = []
  try {
    await poll({ check, timeoutMs: opts.timeoutMs, sleep: opts.sleep, now, ...pollShape })
  } catch (err) {
    if (!(err instanceof PollTimeoutError)) throw err
    timedOut = true
  }
  if (timedOut) {
    const unfinished = watched.filter((w) => !w.tracker.done)
    unfinishedAtTimeout.push(...unfinished.map((w) => w.tracker.status()))
    logger.warning(`Stopped waiting after ${formatDuration(opts.timeoutMs)} (the 'timeout' input); not finished: ${unfinishedAtTimeout.join('; ')}.`)
    if (opts.cancelOnTimeout && unfinished.length) {
      for (const w of unfinished) {
        await api.cancel(w.tracker.deployment.serverTaskId)
        canceled.push(w.tracker.deployment.serverTaskId)
        logger.info(`Asked Octopus to cancel ${w.tracker.name} (${w.tracker.deployment.serverTaskId}).`)
      }
      try {
        await poll({ check, timeoutMs: opts.cancelWaitMs ?? 60_000, sleep: opts.sleep, now, ...pollShape })
      } catch (err) {
        if (!(err instanceof PollTimeoutError)) throw err
        logger.warning(`The canceled tasks had not stopped after ${formatDuration(opts.cancelWaitMs ?? 60_000)}; Octopus keeps cancelling them.`)
      }
    }
  }
  return { outcomes: watched.map((w) => outcomeOf(w.tracker)), timedOut, canceled, unfinishedAtTimeout, elapsedMs: now() - started }
}

function outcomeOf(t: TaskTracker): DeploymentOutcome {
  const task = t.task
  const state: TaskState = t.state
  const start = parseTime(task?.StartTime)
  const end = parseTime(task?.CompletedTime) ?? parseTime(task?.LastUpdatedTime)
  return {
    ...t.deployment,
    state,
    errorMessage: task?.ErrorMessage ?? undefined,
    durationMs: start !== undefined && end !== undefined && end >= start ? end - start : undefined,
    pendingInterruptions: isTerminal(state) ? [] : t.pending
  }
}

function parseTime(value: string | null | undefined): number | undefined {
  if (!value) return undefined
  const t = Date.parse(value)
  return Number.isNaN(t) ? undefined : t
}
