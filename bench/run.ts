/**
 * `npm run bench [-- --quick] [-- --only=cold,deploy,gocd,upload,rotation] [-- --cases=create-release,deploy]`: starts the fakes, runs the built
 * bundles as the runner would, and writes bench/RESULTS.md and bench/results.json. Quick mode uses small sizes and
 * few runs (for development); the full mode is sized to finish within about 25 minutes on a 2-core machine.
 */
import { resolve } from 'node:path'
import { coldStart } from './cold-start.js'
import { machineInfo } from './harness/machine.js'
import { rssMethod } from './harness/proc.js'
import { writeReport, type BenchReport } from './harness/report.js'
import type { Figure } from './harness/stats.js'
import { SUITES, type Mode, type Suite } from './suites.js'

const args = process.argv.slice(2)
const mode: Mode = args.includes('--quick') ? 'quick' : 'full'
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',')
/** `--cases=create-release,upload-artifact (octopus)`: only these cold-start jobs (labels or action names). */
const cases = args.find((a) => a.startsWith('--cases='))?.slice('--cases='.length).split(',')
const outDir = args.find((a) => a.startsWith('--out='))?.slice('--out='.length) ?? resolve(import.meta.dirname)

const log = (m: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${m}`)

async function main(): Promise<void> {
  const started = Date.now()
  const machine = machineInfo()
  const figures: Figure[] = []
  const notes: Record<string, string[]> = {}
  const suites: Suite[] = [{ key: 'cold', group: 'cold start', run: (m, l) => coldStart(m === 'quick' ? 5 : 10, l, cases) }, ...SUITES]
  for (const suite of suites) {
    if (only && !only.includes(suite.key)) continue
    log(`${suite.group}: starting (${mode})`)
    try {
      const out = await suite.run(mode, log)
      figures.push(...out.figures)
      notes[suite.group] = [...(notes[suite.group] ?? []), ...out.notes]
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err)
      log(`${suite.group}: FAILED: ${message}`)
      notes[suite.group] = [...(notes[suite.group] ?? []), `Not measured in this run: ${message}`]
    }
    log(`${suite.group}: done after ${Math.round((Date.now() - started) / 1000)} s`)
  }
  const report: BenchReport = {
    date: new Date().toISOString(),
    mode,
    machine,
    rss: rssMethod(),
    durationSeconds: (Date.now() - started) / 1000,
    figures,
    notes
  }
  writeReport(outDir, report)
  log(`wrote ${outDir}/RESULTS.md and results.json (${figures.length} figures)`)
}

main().catch((err) => {
  console.error(err)
  process.exitCode = 1
})
