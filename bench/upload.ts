/**
 * Upload: the upload-artifact bundle sends one big file, and the same volume as many small files, to each
 * destination's fake; `curl` sends the same bytes to the same fake as the reference (the big file itself, or a
 * stored zip of the small files). Measured: wall time (start -> exit) as throughput of payload bytes, and peak RSS
 * of the action and of curl. Data is generated in a temp dir and deleted afterwards.
 */
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { bundle, hasBundle } from './harness/bundles.js'
import { benchNode } from './harness/node.js'
import { storedZip, writeBigFile, writeManyFiles } from './harness/data.js'
import { failureOf, runMeasured, type ProcResult } from './harness/proc.js'
import { against, figure, type Figure } from './harness/stats.js'
import { uploadTarget, type Destination, type Payload } from './harness/upload-targets.js'

const MIB = 2 ** 20
const CURL = '/usr/bin/curl'

export interface UploadPlan {
  bytes: number
  files: number
  runs: number
  destinations: Destination[]
}

interface Sample {
  mibps: number
  rss: number
}

async function measureOne(dest: Destination, p: Payload, bytes: number, tool: 'action' | 'curl'): Promise<Sample> {
  const target = await uploadTarget(dest, p, tool === 'curl')
  try {
    let res: ProcResult
    if (tool === 'action') res = await runMeasured(benchNode().path, [bundle('upload-artifact')], target.env, { timeoutMs: 20 * 60_000 })
    else res = await runMeasured(CURL, [...target.curl, '-o', '/dev/null'], { PATH: process.env.PATH ?? '' }, { timeoutMs: 20 * 60_000 })
    if (res.code !== 0) throw new Error(`${tool} upload to ${dest} failed (exit ${res.code}): ${tool === 'action' ? failureOf(res) : res.stderr.slice(0, 300)}`)
    return { mibps: bytes / MIB / ((res.exitedAt - res.startedAt) / 1000), rss: res.peakRssKiB / 1024 }
  } finally {
    await target.close()
  }
}

export async function uploadBench(plan: UploadPlan, log: (m: string) => void): Promise<{ figures: Figure[]; notes: string[] }> {
  const G = 'upload'
  if (!hasBundle('upload-artifact')) return { figures: [], notes: ['dist/upload-artifact/index.js is missing: not measured.'] }
  if (!existsSync(CURL)) return { figures: [], notes: [`${CURL} is missing: no reference, not measured.`] }
  const dir = mkdtempSync(join(tmpdir(), 'bench-upload-'))
  const figures: Figure[] = []
  try {
    const bigDir = join(dir, 'big')
    mkdirSync(bigDir)
    let big = join(bigDir, 'Bench.Big.1.0.0.zip')
    writeBigFile(big, plan.bytes)
    const manyDir = join(dir, 'many')
    const manyBytes = writeManyFiles(manyDir, plan.files, plan.bytes)
    const manyZip = join(dir, 'Bench.ManyRef.1.0.0.zip')
    await storedZip(manyDir, manyZip)
    log(`upload: generated ${Math.round(plan.bytes / MIB)} MiB as one file and as ${plan.files} files (zip ${Math.round(statSync(manyZip).size / MIB)} MiB)`)
    let version = 0
    for (const dest of plan.destinations) {
      for (const shape of ['one file', `${plan.files} files`] as const) {
        const samples = { action: [] as Sample[], curl: [] as Sample[] }
        for (let i = 0; i < plan.runs; i++) {
          for (const tool of ['action', 'curl'] as const) {
            const tag = `${dest}-${version}`
            if (shape === 'one file') {
              // Package versions must differ for Octopus: rename the big file for every upload.
              const next = join(bigDir, `Bench.Big.1.0.${++version}.zip`)
              renameSync(big, next)
              big = next
            } else version++
            const p: Payload = shape === 'one file' ? { path: big, curlFile: big, packaged: true, tag } : { path: manyDir, curlFile: manyZip, packaged: false, tag }
            samples[tool].push(await measureOne(dest, p, shape === 'one file' ? plan.bytes : manyBytes, tool))
          }
        }
        const label = `${dest}, ${Math.round(plan.bytes / MIB)} MiB as ${shape}`
        const curlT = figure(G, `${label}: curl throughput (reference)`, 'MiB/s', samples.curl.map((s) => s.mibps))
        const curlR = figure(G, `${label}: curl peak RSS (reference)`, 'MiB', samples.curl.map((s) => s.rss))
        figures.push(
          against(figure(G, `${label}: action throughput`, 'MiB/s', samples.action.map((s) => s.mibps)), 'curl', curlT.stats.median),
          curlT,
          against(figure(G, `${label}: action peak RSS`, 'MiB', samples.action.map((s) => s.rss)), 'curl', curlR.stats.median),
          curlR
        )
        log(`upload: ${label} done`)
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  const notes = [
    `Payload: ${Math.round(plan.bytes / MIB)} MiB of incompressible bytes, as one file and as ${plan.files} files of equal size; runs per configuration: ${plan.runs}. Throughput = payload bytes / wall time of the process (start -> exit), which includes the action's start-up and the fake's own work while receiving.`,
    'The action runs with compression_level: 0 (the data does not compress; the docs advise 0 for such data). One file: GitHub gets a zip of it, Octopus the file as a package (named Bench.Big.1.0.N.zip), GoCD the file as the multipart part `file`. Many files: GitHub a zip, Octopus a packed zip (package_id/package_version), GoCD a zip in the part `zipfile`.',
    'Reference: curl sends the same bytes to the same fake: the big file, or a stored zip of the small files built beforehand (not timed). GitHub: curl does one Put Blob to a signed URL from CreateArtifact (made before timing, no finalize), where the action uses @actions/artifact (8 MiB blocks, block list, finalize).',
    'A fresh fake per upload. The GoCD fake keeps artifacts in memory (its RSS is not the action\'s); the Octopus and GitHub fakes stream to temp files.'
  ]
  return { figures, notes }
}
