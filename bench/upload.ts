/**
 * Upload: the upload-artifact bundle sends one big file, and the same volume as many small files, to each
 * destination's fake; `curl` sends the same bytes to the same fake as the reference (the big file itself, or a stored
 * zip of the small files), alternating with the action run by run. For GitHub, `@actions/artifact` called directly
 * (bench/harness/artifact-direct.mjs) runs too: what the library does on its own, without the action around it.
 * Measured: wall time (start -> exit) as throughput of payload bytes, and peak RSS.
 *
 * Memory: peak RSS of the action for the same volume as 1,000 / 10,000 / 50,000 files (full mode), and for one file
 * of two sizes: flat means it does not grow with either. Data is generated in a temp dir and deleted afterwards.
 */
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { bundle, hasBundle, REPO } from './harness/bundles.js'
import { storedZip, writeBigFile, writeManyFiles } from './harness/data.js'
import { benchNode } from './harness/node.js'
import { failureOf, runMeasured, type ProcResult } from './harness/proc.js'
import { against, figure, type Figure } from './harness/stats.js'
import { uploadTarget, type Destination, type Payload } from './harness/upload-targets.js'

const MIB = 2 ** 20
const CURL = '/usr/bin/curl'
const ARTIFACT_DIRECT = join(REPO, 'bench', 'harness', 'artifact-direct.mjs')
/** The RSS goal of issue #22. */
const RSS_GOAL_MIB = 150

export interface UploadPlan {
  /** Payload of the throughput runs (one file, and the same volume as `files` files). */
  bytes: number
  files: number
  runs: number
  destinations: Destination[]
  /** Memory runs: the same volume (`memoryBytes`) as each of these numbers of files, and one file of `memoryBytes`. */
  memoryFileCounts: number[]
  memoryBytes: number
}

type Tool = 'action' | 'curl' | 'library'

interface Sample {
  mibps: number
  rss: number
}

const LABEL: Record<Tool, string> = { action: 'action', curl: 'curl (reference)', library: '@actions/artifact alone' }

async function measureOne(dest: Destination, p: Payload, bytes: number, tool: Tool): Promise<Sample> {
  const target = await uploadTarget(dest, p, tool === 'curl')
  try {
    let res: ProcResult
    const limit = { timeoutMs: 20 * 60_000 }
    if (tool === 'action') res = await runMeasured(benchNode().path, [bundle('upload-artifact')], target.env, limit)
    else if (tool === 'library') res = await runMeasured(benchNode().path, [ARTIFACT_DIRECT, `lib-${p.tag}`, p.libraryRoot ?? p.path, '0'], target.env, { ...limit, cwd: REPO })
    else res = await runMeasured(CURL, [...target.curl, '-o', '/dev/null'], { PATH: process.env.PATH ?? '' }, limit)
    if (res.code !== 0) throw new Error(`${tool} upload to ${dest} failed (exit ${res.code}): ${tool === 'curl' ? res.stderr.slice(0, 300) : failureOf(res)}`)
    return { mibps: bytes / MIB / ((res.exitedAt - res.startedAt) / 1000), rss: res.peakRssKiB / 1024 }
  } finally {
    await target.close()
  }
}

interface Payloads {
  big: { dir: string; file: string }
  many: { dir: string; zip: string; bytes: number }
  memory: { count: number; dir: string; bytes: number }[]
  memoryBig: { dir: string; file: string }
}

async function makePayloads(dir: string, plan: UploadPlan, log: (m: string) => void): Promise<Payloads> {
  const bigDir = join(dir, 'big')
  mkdirSync(bigDir)
  const big = join(bigDir, 'Bench.Big.1.0.0.zip')
  writeBigFile(big, plan.bytes)
  const manyDir = join(dir, 'many')
  const manyBytes = writeManyFiles(manyDir, plan.files, plan.bytes)
  const manyZip = join(dir, 'Bench.ManyRef.1.0.0.zip')
  await storedZip(manyDir, manyZip)
  const memory = plan.memoryFileCounts.map((count) => {
    const d = join(dir, `memory-${count}`)
    return { count, dir: d, bytes: writeManyFiles(d, count, plan.memoryBytes) }
  })
  const memBigDir = join(dir, 'memory-big')
  mkdirSync(memBigDir)
  const memBig = join(memBigDir, 'Bench.Mem.1.0.0.zip')
  writeBigFile(memBig, plan.memoryBytes)
  log(`upload: generated ${Math.round(plan.bytes / MIB)} MiB as one file and as ${plan.files} files (reference zip ${Math.round(statSync(manyZip).size / MIB)} MiB), and ${Math.round(plan.memoryBytes / MIB)} MiB as ${plan.memoryFileCounts.join(' / ')} files and as one file`)
  return { big: { dir: bigDir, file: big }, many: { dir: manyDir, zip: manyZip, bytes: manyBytes }, memory, memoryBig: { dir: memBigDir, file: memBig } }
}

export async function uploadBench(plan: UploadPlan, log: (m: string) => void): Promise<{ figures: Figure[]; notes: string[] }> {
  const G = 'upload'
  if (!hasBundle('upload-artifact')) return { figures: [], notes: ['dist/upload-artifact/index.js is missing: not measured.'] }
  if (!existsSync(CURL)) return { figures: [], notes: [`${CURL} is missing: no reference, not measured.`] }
  const dir = mkdtempSync(join(tmpdir(), 'bench-upload-'))
  const figures: Figure[] = []
  let version = 0
  /** A payload with a fresh tag; Octopus package versions must differ, so a single file gets a new name each time. */
  const payload = (shape: { dir: string; file: string } | { dir: string; zip?: string }, dest: Destination): Payload => {
    const tag = `${dest}-${++version}`
    if ('file' in shape) {
      const next = shape.file.replace(/\.1\.0\.\d+\.zip$/, `.1.0.${version}.zip`)
      renameSync(shape.file, next)
      shape.file = next
      return { path: next, curlFile: next, packaged: true, tag, libraryRoot: shape.dir }
    }
    return { path: shape.dir, curlFile: shape.zip ?? '', packaged: false, tag, libraryRoot: shape.dir }
  }
  try {
    const p = await makePayloads(dir, plan, log)
    const mb = (n: number) => Math.round(n / MIB)
    for (const dest of plan.destinations) {
      const tools: Tool[] = dest === 'github' ? ['action', 'curl', 'library'] : ['action', 'curl']
      for (const shape of ['one file', `${plan.files} files`] as const) {
        const samples: Record<Tool, Sample[]> = { action: [], curl: [], library: [] }
        const bytes = shape === 'one file' ? plan.bytes : p.many.bytes
        for (let i = 0; i < plan.runs; i++) {
          // Alternate who goes first, so a slow phase of the machine does not always hit the same tool.
          const order = i % 2 ? [...tools].reverse() : tools
          for (const tool of order) samples[tool].push(await measureOne(dest, payload(shape === 'one file' ? p.big : p.many, dest), bytes, tool))
        }
        const label = `${dest}, ${mb(plan.bytes)} MiB as ${shape}`
        const ref = figure(G, `${label}: ${LABEL.curl} throughput`, 'MiB/s', samples.curl.map((s) => s.mibps))
        const refRss = figure(G, `${label}: ${LABEL.curl} peak RSS`, 'MiB', samples.curl.map((s) => s.rss))
        figures.push(
          against(figure(G, `${label}: action throughput`, 'MiB/s', samples.action.map((s) => s.mibps)), 'curl', ref.stats.median),
          ref,
          figure(G, `${label}: action peak RSS`, 'MiB', samples.action.map((s) => s.rss), { note: `goal ≤ ${RSS_GOAL_MIB} MiB` }),
          refRss
        )
        if (samples.library.length)
          figures.push(
            against(figure(G, `${label}: ${LABEL.library} throughput`, 'MiB/s', samples.library.map((s) => s.mibps)), 'curl', ref.stats.median),
            figure(G, `${label}: ${LABEL.library} peak RSS`, 'MiB', samples.library.map((s) => s.rss))
          )
        log(`upload: ${label} done`)
      }
      // Memory: the same volume as more and more files, and as one file (the action; for GitHub the library too).
      const memTools: Tool[] = dest === 'github' ? ['action', 'library'] : ['action']
      for (const tool of memTools) {
        for (const m of p.memory) {
          const s = await measureOne(dest, payload({ dir: m.dir }, dest), m.bytes, tool)
          figures.push(figure(G, `${dest}, ${mb(plan.memoryBytes)} MiB as ${m.count} files: ${LABEL[tool]} peak RSS`, 'MiB', [s.rss]))
        }
        const s = await measureOne(dest, payload(p.memoryBig, dest), plan.memoryBytes, tool)
        figures.push(figure(G, `${dest}, ${mb(plan.memoryBytes)} MiB as one file: ${LABEL[tool]} peak RSS`, 'MiB', [s.rss]))
      }
      log(`upload: ${dest} memory series done`)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  const notes = [
    `Throughput: ${Math.round(plan.bytes / MIB)} MiB of incompressible bytes, as one file and as ${plan.files} files of equal size; runs per configuration: ${plan.runs}, the tools alternating. Throughput = payload bytes / wall time of the process (start -> exit), which includes the action's start-up, the file selection and the fake's own work while receiving.`,
    'The action runs with compression_level: 0 (the data does not compress; the docs advise 0 for such data) and its other inputs\' defaults. One file: GitHub gets a zip of it, Octopus the file as a package (named Bench.Big.1.0.N.zip), GoCD the file as the multipart part `file`. Many files: GitHub a zip, Octopus a packed zip (package_id/package_version), GoCD a zip in the part `zipfile`.',
    'Reference: curl sends the same bytes to the same fake: the big file, or a stored zip of the small files built beforehand (not timed). GitHub: curl does one Put Blob to a signed URL from CreateArtifact (made before timing, no finalize), where @actions/artifact sends 8 MiB blocks, the block list and a finalize. "@actions/artifact alone" is that library called directly on the same files (bench/harness/artifact-direct.mjs): the GitHub destination cannot be faster or lighter than it.',
    `Memory: ${Math.round(plan.memoryBytes / MIB)} MiB as ${plan.memoryFileCounts.join(' / ')} files and as one file, one run each; flat means the same peak RSS whatever the number of files and the payload size (compare with the ${Math.round(plan.bytes / MIB)} MiB rows above).`,
    'A fresh fake per upload. The GoCD fake keeps artifacts in memory (its RSS is not the action\'s); the Octopus and GitHub fakes stream to temp files.'
  ]
  return { figures, notes }
}
