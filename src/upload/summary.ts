/**
 * The job summary of an upload: where the files went (with links), how many and how big, and the files
 * themselves (the first 50; an artifact can hold thousands and the summary must stay small).
 */
import { escapeHtml, header, humanBytes, link, type SummaryCell, type SummaryWriter } from '../core/summary.js'
import type { Selection } from './selection.js'

export const SUMMARY_FILE_LIMIT = 50

export interface UploadReport {
  /** e.g. "GitHub artifact 'web'". */
  title: string
  /** Rows of the overview table: label, then HTML (use `link()` / `escapeHtml()`). */
  rows: [string, string][]
}

export async function writeUploadSummary(summary: SummaryWriter, selection: Selection, report: UploadReport): Promise<void> {
  const count = selection.files.length
  summary.addHeading(`Uploaded ${report.title}`, 3)
  summary.addTable([
    header('Item', 'Value'),
    ['Files', String(count)],
    ['Total size', humanBytes(selection.totalBytes)],
    ...report.rows.map(([label, html]): SummaryCell[] => [escapeHtml(label), html])
  ])
  const shown = selection.files.slice(0, SUMMARY_FILE_LIMIT)
  summary.addTable([header('File', 'Size'), ...shown.map((f): SummaryCell[] => [escapeHtml(f.name), humanBytes(f.size)])])
  if (count > shown.length) summary.addRaw(`<p>… and ${count - shown.length} more files.</p>`, true)
  await summary.write()
}

export { link, escapeHtml }
