/**
 * Incremental streaming of a server task's activity log. The task details endpoint returns the whole activity tree
 * (steps, their children, and each one's log elements) every time; `ActivityLogStream` remembers how many elements
 * of each activity it has already shown and returns only the new ones, in the order they occurred, so a log polled
 * twenty times is still printed once. A header line names the step whenever the output moves to another activity (and at the start of each batch).
 */
import type { ActivityResource, LogElementResource } from './resources.js'

export interface LogLine {
  text: string
  /** The Octopus log category (Verbose, Info, Warning, Error, Fatal). */
  category: string
}

interface Pending {
  activity: ActivityResource
  element: LogElementResource
  order: number
}

export class ActivityLogStream {
  private readonly shown = new Map<string, number>()

  /** The log lines that appeared since the previous call (each batch names its steps, as it lands in its own group). */
  next(activities: readonly ActivityResource[] | undefined): LogLine[] {
    let lastActivity: string | undefined
    const fresh: Pending[] = []
    let order = 0
    const visit = (activity: ActivityResource, depth: number) => {
      if (depth > 50) return
      const elements = activity.LogElements ?? []
      const already = this.shown.get(activity.Id) ?? 0
      for (const element of elements.slice(already)) fresh.push({ activity, element, order: order++ })
      if (elements.length > already) this.shown.set(activity.Id, elements.length)
      for (const child of activity.Children ?? []) visit(child, depth + 1)
    }
    for (const root of activities ?? []) visit(root, 0)
    fresh.sort((a, b) => time(a.element) - time(b.element) || a.order - b.order)
    const lines: LogLine[] = []
    for (const { activity, element } of fresh) {
      if (activity.Id !== lastActivity) {
        lines.push({ text: `── ${activity.Name}`, category: 'Info' })
        lastActivity = activity.Id
      }
      lines.push(...formatElement(element))
    }
    return lines
  }

  /** Number of log elements shown so far. */
  get count(): number {
    let n = 0
    for (const v of this.shown.values()) n += v
    return n
  }
}

function time(element: LogElementResource): number {
  const t = element.OccurredAt ? Date.parse(element.OccurredAt) : NaN
  return Number.isNaN(t) ? 0 : t
}

const MARKS: Record<string, string> = { warning: 'WARN ', error: 'ERROR', fatal: 'FATAL' }

/**
 * Every printed line starts with the time, never with text from the server, and the lines are printed with
 * `logger.quote` (neutralised, and between stop-commands markers on the runner): a deployment script printing
 * `::add-mask::` or `##[error]` cannot issue commands in this job. A lone `\r` (progress output) starts a line, as
 * it does on the runner.
 */
function formatElement(element: LogElementResource): LogLine[] {
  const at = element.OccurredAt && !Number.isNaN(Date.parse(element.OccurredAt)) ? new Date(element.OccurredAt).toISOString().slice(11, 19) : '--:--:--'
  const mark = MARKS[String(element.Category ?? '').toLowerCase()] ?? ''
  const prefix = `   ${at} ${mark ? `${mark} ` : ''}`
  const continuation = `   ${at} ${mark ? ' '.repeat(mark.length + 1) : ''}`
  const [first, ...rest] = String(element.MessageText ?? '').split(/\r\n|\r|\n/)
  return [{ text: `${prefix}${first}`, category: element.Category }, ...rest.map((line) => ({ text: `${continuation}${line}`, category: element.Category }))]
}
