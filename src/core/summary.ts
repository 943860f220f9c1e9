/**
 * Job summary helpers. Library code builds a summary through the `SummaryWriter` interface, which
 * `core.summary` satisfies, so it can be tested without the runner's summary file
 * (`__tests__/helpers/memory-summary.ts`).
 */
export type SummaryCell = string | { data: string; header?: boolean }

export interface SummaryWriter {
  addHeading(text: string, level?: number | string): SummaryWriter
  addTable(rows: SummaryCell[][]): SummaryWriter
  addLink(text: string, href: string): SummaryWriter
  addRaw(text: string, addEOL?: boolean): SummaryWriter
  addList(items: string[], ordered?: boolean): SummaryWriter
  addBreak(): SummaryWriter
  write(options?: { overwrite?: boolean }): Promise<unknown>
}

const EMOJI: Record<string, string> = {
  success: '✅',
  passed: '✅',
  failed: '❌',
  failure: '❌',
  error: '❌',
  timedout: '⏱️',
  canceled: '🚫',
  cancelled: '🚫',
  cancelling: '🚫',
  queued: '⏳',
  executing: '🔄',
  building: '🔄',
  running: '🔄',
  scheduled: '⏳',
  awaitingapproval: '✋',
  waiting: '✋',
  unknown: '❔',
  skipped: '⏭️'
}

export function statusEmoji(state: string): string {
  return EMOJI[state.toLowerCase().replace(/[^a-z]/g, '')] ?? '❔'
}

export function statusCell(state: string): string {
  return `${statusEmoji(state)} ${escapeHtml(state)}`
}

export function header(...titles: string[]): SummaryCell[] {
  return titles.map((t) => ({ data: t, header: true }))
}

export function link(text: string, href: string | undefined): string {
  return href ? `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>` : escapeHtml(text)
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

export function humanBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let v = bytes
  let i = 0
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return i === 0 ? `${v} B` : `${v.toFixed(v >= 100 ? 0 : 1)} ${units[i]}`
}

export { formatDuration as humanDuration } from './parse.js'
