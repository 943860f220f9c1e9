/** The test double of the suite's `SummaryWriter`: keeps what would be written in memory. */
import { escapeHtml, link, type SummaryCell, type SummaryWriter } from '../../src/core/summary.js'

/** A summary writer that keeps the HTML in memory, for tests. */
export class MemorySummary implements SummaryWriter {
  readonly parts: string[] = []
  written = ''
  addHeading(text: string, level: number | string = 1): SummaryWriter {
    this.parts.push(`<h${level}>${escapeHtml(text)}</h${level}>`)
    return this
  }
  addTable(rows: SummaryCell[][]): SummaryWriter {
    const html = rows
      .map((r) => `<tr>${r.map((c) => (typeof c === 'string' ? `<td>${c}</td>` : c.header ? `<th>${c.data}</th>` : `<td>${c.data}</td>`)).join('')}</tr>`)
      .join('')
    this.parts.push(`<table>${html}</table>`)
    return this
  }
  addLink(text: string, href: string): SummaryWriter {
    this.parts.push(link(text, href))
    return this
  }
  addRaw(text: string, addEOL = false): SummaryWriter {
    this.parts.push(text + (addEOL ? '\n' : ''))
    return this
  }
  addList(items: string[], ordered = false): SummaryWriter {
    const tag = ordered ? 'ol' : 'ul'
    this.parts.push(`<${tag}>${items.map((i) => `<li>${i}</li>`).join('')}</${tag}>`)
    return this
  }
  addBreak(): SummaryWriter {
    this.parts.push('<br>')
    return this
  }
  async write(): Promise<unknown> {
    this.written += this.parts.join('\n')
    this.parts.length = 0
    return this
  }
  text(): string {
    return this.written + this.parts.join('\n')
  }
}
