/** Writes bench/results.json (everything, with samples) and bench/RESULTS.md (tables per group). */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { MachineInfo } from './machine.js'
import { round, type Figure } from './stats.js'

export interface BenchReport {
  date: string
  mode: 'quick' | 'full'
  machine: MachineInfo
  rss: string
  durationSeconds: number
  figures: Figure[]
  /** Per group: how it was measured, and what was skipped and why. */
  notes: Record<string, string[]>
}

const fmt = (n: number, unit: string) => (Number.isFinite(n) ? `${round(n, unit === 'ms' || unit === 'requests' ? 0 : 2)}` : '–')

/** Ratios with two significant digits (0.0045, 0.15, 4.4, 16). */
const ratio = (r: number) => (Number.isFinite(r) ? (r >= 10 ? String(Math.round(r)) : String(Number(r.toPrecision(2)))) : '–')

function table(figures: Figure[]): string {
  const rows = figures.map((f) => {
    const ref = f.reference ? `${ratio(f.reference.ratio)}× ${f.reference.name}` : ''
    return `| ${f.name} | ${f.unit} | ${f.runs} | ${fmt(f.stats.median, f.unit)} | ${fmt(f.stats.min, f.unit)} | ${fmt(f.stats.max, f.unit)} | ${ref} |`
  })
  return ['| figure | unit | samples | median | min | max | ratio (median / reference median) |', '|---|---|---|---|---|---|---|', ...rows].join('\n')
}

export function writeReport(dir: string, report: BenchReport): void {
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'results.json'), JSON.stringify(report, null, 2) + '\n')
  const m = report.machine
  const groups = [...new Set([...report.figures.map((f) => f.group), ...Object.keys(report.notes)])]
  const lines = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench${report.mode === 'quick' ? ' -- --quick' : ''}\` (${report.mode} mode) on ${report.date}, in ${Math.round(report.durationSeconds)} s.`,
    '',
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB memory (${m.freeMemoryGiB} GiB free at start), ${m.os}, Node ${m.node}. ` +
      'The machine is shared with other work, so absolute times are noisy; ratios against a reference measured in the same run are the figures to compare.',
    '',
    `Peak RSS: ${report.rss}. Every figure is measured by the scripts in \`bench/\`; raw samples are in \`results.json\`.`,
    ''
  ]
  for (const g of groups) {
    lines.push(`## ${g}`, '')
    for (const n of report.notes[g] ?? []) lines.push(`- ${n}`)
    if (report.notes[g]?.length) lines.push('')
    const figs = report.figures.filter((f) => f.group === g)
    if (figs.length) lines.push(table(figs), '')
    for (const f of figs.filter((x) => x.note)) lines.push(`- ${f.name}: ${f.note}`)
    if (figs.some((x) => x.note)) lines.push('')
  }
  writeFileSync(join(dir, 'RESULTS.md'), lines.join('\n'))
}
