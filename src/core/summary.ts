/**
 * Job summary helpers. Library code builds a summary through the `SummaryWriter` interface. `SummaryDocument`
 * implements it for the runner and for tests alike (only where the HTML goes differs), producing the HTML
 * `core.summary` would, with two differences that keep server and input text from becoming markup: headings and
 * link texts are HTML-escaped (core's are not), and only http(s) URLs become links. Table cells, list items and raw
 * text are HTML: callers escape what they put there (`escapeHtml`, `link`, `statusCell`). The whole document is
 * redacted before it is written. The tests' double (`__tests__/helpers/memory-summary.ts`) is a `SummaryDocument`
 * that keeps the HTML in memory.
 */
import { EOL } from 'node:os'

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

/** An HTML link when `href` is an http(s) URL; otherwise (missing, `javascript:`, relative…) the escaped text alone. */
export function link(text: string, href: string | undefined): string {
  return isWebUrl(href) ? `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>` : escapeHtml(text)
}

export function isWebUrl(href: string | undefined): href is string {
  if (!href) return false
  try {
    const protocol = new URL(href).protocol
    return protocol === 'https:' || protocol === 'http:'
  } catch {
    return false
  }
}

/** Text as HTML content or a double-quoted attribute value (the only kind of attribute the summaries write). */
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

/** Writes finished summary HTML somewhere (the runner's summary file, or memory). */
export type SummarySink = (html: string, options?: { overwrite?: boolean }) => Promise<void>

/** Anything that can redact secrets from text (the `SecretRegistry`). */
export interface Redactor {
  redact(text: string): string
}

/** A job summary built as `core.summary` builds it, escaped as described above, redacted as a whole on `write()`. */
export class SummaryDocument implements SummaryWriter {
  private buffer = ''

  constructor(
    private readonly secrets: Redactor,
    private readonly sink: SummarySink
  ) {}

  addHeading(text: string, level: number | string = 1): SummaryWriter {
    const tag = ['1', '2', '3', '4', '5', '6'].includes(String(level)) ? `h${level}` : 'h1'
    return this.add(`<${tag}>${escapeHtml(text)}</${tag}>`)
  }

  addTable(rows: SummaryCell[][]): SummaryWriter {
    const cell = (c: SummaryCell) => (typeof c === 'string' ? `<td>${c}</td>` : c.header ? `<th>${c.data}</th>` : `<td>${c.data}</td>`)
    return this.add(`<table>${rows.map((r) => `<tr>${r.map(cell).join('')}</tr>`).join('')}</table>`)
  }

  addLink(text: string, href: string): SummaryWriter {
    return this.add(link(text, href))
  }

  addRaw(text: string, addEOL = false): SummaryWriter {
    this.buffer += text + (addEOL ? EOL : '')
    return this
  }

  addList(items: string[], ordered = false): SummaryWriter {
    const tag = ordered ? 'ol' : 'ul'
    return this.add(`<${tag}>${items.map((i) => `<li>${i}</li>`).join('')}</${tag}>`)
  }

  addBreak(): SummaryWriter {
    return this.add('<br>')
  }

  /** Redacts the buffered HTML, hands it to the sink and empties the buffer. */
  async write(options?: { overwrite?: boolean }): Promise<unknown> {
    const html = this.secrets.redact(this.buffer)
    this.buffer = ''
    await this.sink(html, options)
    return this
  }

  /** The HTML added since the last `write()`, unredacted. */
  pending(): string {
    return this.buffer
  }

  private add(element: string): SummaryWriter {
    return this.addRaw(element, true)
  }
}
