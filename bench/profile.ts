/**
 * `npx tsx bench/profile.ts [--only=create-release,deploy] [--runs=3] [--out=FILE]`: where each action's start goes.
 * Builds our bundles with source maps and webpack stats into a temp dir (`script/build.mjs --out --profile`, the same
 * ncc build as dist/), then runs each bundle, and the official action doing the same job where there is one, on the
 * minimal job of the cold-start benchmark (same fakes, Node 24):
 * - plain runs (median wall time and peak RSS);
 * - a probe run of an instrumented copy: modules evaluated out of those bundled, by package; Node built-ins loaded
 *   beyond `node -e 0`; V8 heap, external memory and peak malloc at exit;
 * - `--cpu-prof` (0.1 ms sampling): CPU time by package, parse/compile, built-in loading, GC, idle;
 * - `--heap-prof` (32 KiB sampling): allocations still live at exit by package.
 * Writes a markdown report (default bench/PROFILE.md).
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { actionYml, REPO } from './harness/bundles.js'
import { CASES, startJobContext, type Case, type Context, type JobOf } from './harness/cold-jobs.js'
import { benchNode } from './harness/node.js'
import { officialBundle } from './harness/official.js'
import { attributor, instrument, readProbe, webpackNames, type ProbeResult } from './harness/probe.js'
import { cpuByBucket, heapByBucket, top } from './harness/profiles.js'
import { failureOf, runMeasured } from './harness/proc.js'
import { summarize } from './harness/stats.js'

const args = process.argv.slice(2)
const arg = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)
const only = arg('only')?.split(',')
const runs = Number(arg('runs') ?? 3)
const out = resolve(arg('out') ?? join(REPO, 'bench', 'PROFILE.md'))
const log = (m: string) => console.log(`[profile ${new Date().toISOString().slice(11, 19)}] ${m}`)

interface Subject {
  label: string
  bundle: string
  actionYml: string
  job: JobOf
  names: Map<string, string>
}

interface Report {
  subject: Subject
  wall: number
  rss: number
  requests: number
  bundleBytes: number
  probe: ProbeResult
  cpu: { total: number; buckets: Record<string, number> }
  heap: { total: number; buckets: Record<string, number> }
}

const MIB = 2 ** 20
const mib = (b: number) => (b / MIB).toFixed(1)

async function runOnce(s: Subject, ctx: Context, nodeArgs: string[], extraEnv: Record<string, string> = {}, script = s.bundle) {
  const job = await s.job(ctx, s.actionYml)
  job.server.log.clear()
  try {
    const res = await runMeasured(benchNode().path, [...nodeArgs, script], { ...job.env, ...extraEnv }, { timeoutMs: 120_000 })
    if (res.code !== 0) throw new Error(`${s.label} failed (exit ${res.code}): ${failureOf(res)}`)
    return { res, requests: job.server.log.entries.length }
  } finally {
    await job.dispose()
  }
}

async function profileSubject(s: Subject, ctx: Context, baselineBuiltins: string[]): Promise<Report> {
  const walls: number[] = []
  const rss: number[] = []
  let requests = 0
  for (let i = 0; i < runs; i++) {
    const { res, requests: n } = await runOnce(s, ctx, [])
    walls.push(res.exitedAt - res.startedAt)
    rss.push(res.peakRssKiB / 1024)
    requests = n
  }
  const work = mkdtempSync(join(tmpdir(), 'bench-profile-'))
  try {
    const probed = instrument(s.bundle)
    const probeOut = join(work, 'probe.json')
    await runOnce(s, ctx, [], { BENCH_PROBE_OUT: probeOut }, probed.entry)
    rmSync(dirname(probed.entry), { recursive: true, force: true })
    const probe = readProbe(probeOut, s.names, baselineBuiltins)
    const attribute = attributor(dirname(s.bundle))
    await runOnce(s, ctx, ['--cpu-prof', '--cpu-prof-dir', join(work, 'cpu'), '--cpu-prof-interval', '100'])
    const cpu = cpuByBucket(join(work, 'cpu'), attribute)
    await runOnce(s, ctx, ['--heap-prof', '--heap-prof-dir', join(work, 'heap'), '--heap-prof-interval', '32768'])
    const heap = heapByBucket(join(work, 'heap'), attribute)
    const bundleBytes = readdirSync(dirname(s.bundle))
      .filter((f) => /\.(c|m)?js$/.test(f))
      .reduce((n, f) => n + statSync(join(dirname(s.bundle), f)).size, 0)
    return { subject: s, wall: summarize(walls).median, rss: summarize(rss).median, requests, bundleBytes, probe, cpu, heap }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

function section(c: Case, reports: Report[]): string[] {
  const cols = reports.map((r) => r.subject.label)
  const row = (name: string, f: (r: Report) => string) => `| ${name} | ${reports.map(f).join(' | ')} |`
  const lines = [
    `## ${c.label}`,
    '',
    `| | ${cols.join(' | ')} |`,
    `|---|${cols.map(() => '---').join('|')}|`,
    row(`start -> exit, median of ${runs} (ms)`, (r) => r.wall.toFixed(0)),
    row('peak RSS (MiB)', (r) => r.rss.toFixed(1)),
    row('requests to the fake', (r) => String(r.requests)),
    row('bundle files on disk (KiB)', (r) => (r.bundleBytes / 1024).toFixed(0)),
    row('modules evaluated / bundled', (r) => `${r.probe.evaluated} / ${r.probe.modules}`),
    row('code of the evaluated modules (KiB)', (r) => (r.probe.evaluatedBytes / 1024).toFixed(0)),
    row('Node built-ins loaded beyond `node -e 0`', (r) => `${r.probe.builtins.length}`),
    row('at exit: V8 heap used / total (MiB)', (r) => `${mib(r.probe.memory.heapUsed)} / ${mib(r.probe.memory.heapTotal)}`),
    row('at exit: external (source text, buffers) (MiB)', (r) => mib(r.probe.memory.external)),
    row('peak malloc (V8 zones: parser, compiler) (MiB)', (r) => mib(r.probe.memory.peakMalloced)),
    ''
  ]
  for (const r of reports) {
    const pk = Object.entries(r.probe.evaluatedByPackage).sort((a, b) => b[1] - a[1])
    lines.push(`${r.subject.label}: modules evaluated by package: ${pk.map(([p, n]) => `${p} ${n}`).join(', ')}.`, '')
    lines.push(`${r.subject.label}: Node built-ins loaded beyond \`node -e 0\`: ${r.probe.builtins.join(', ') || 'none'}.`, '')
  }
  for (const [title, pick, unit, fmt] of [
    ['CPU time by where it went (`--cpu-prof`, one run)', (r: Report) => r.cpu, 'ms', (v: number) => v.toFixed(1)],
    ['Allocations live at exit by where they were made (`--heap-prof`, sampled)', (r: Report) => r.heap, 'KiB', (v: number) => (v / 1024).toFixed(0)]
  ] as const) {
    lines.push(`${title}:`, '')
    for (const r of reports) {
      const p = pick(r)
      lines.push(`- ${r.subject.label} (total ${fmt(p.total)} ${unit}): ${top(p.buckets, 9).map(([k, v]) => `${k} ${fmt(v)}`).join('; ')}`)
    }
    lines.push('')
  }
  return lines
}

async function main(): Promise<void> {
  const node = benchNode()
  const cases = CASES.filter((c) => !only || only.includes(c.action) || only.includes(c.label))
  const actions = [...new Set(cases.map((c) => c.action))]
  const build = mkdtempSync(join(tmpdir(), 'bench-build-'))
  log(`building ${actions.join(', ')} with source maps and stats into ${build}`)
  execFileSync(process.execPath, [join(REPO, 'script', 'build.mjs'), '--out', build, '--profile', ...actions], { stdio: 'inherit' })
  const baselineBuiltins = JSON.parse(
    execFileSync(node.path, ['-p', 'JSON.stringify(process.moduleLoadList.filter((x) => x.startsWith("NativeModule ")).map((x) => x.slice(13)))'], { encoding: 'utf8' })
  ) as string[]
  const ctx = await startJobContext()
  const lines = [
    '# Where a start goes',
    '',
    `Written by \`npx tsx bench/profile.ts\` on ${new Date().toISOString()}, Node ${node.version}${node.fallback ? ` (${node.fallback})` : ''}, on the cold-start jobs (bench/harness/cold-jobs.ts).`,
    'Our bundles are built like dist/ (ncc) plus source maps and webpack stats; the official bundles are esbuild output with a path comment per module. Profiled runs are slower than plain ones; compare shares, not absolute times.',
    ''
  ]
  try {
    for (const c of cases) {
      const subjects: Subject[] = []
      const ours = join(build, c.action, 'index.js')
      subjects.push({ label: `ours (${c.action})`, bundle: ours, actionYml: actionYml(c.action), job: c.job, names: webpackNames(join(build, c.action, 'stats.json')) })
      const official = c.reference ? officialBundle(c.reference.official) : undefined
      if (official && c.reference) subjects.push({ label: `official ${official.label}`, bundle: official.bundle, actionYml: official.actionYml, job: c.reference.job, names: new Map() })
      const reports: Report[] = []
      for (const s of subjects) {
        reports.push(await profileSubject(s, ctx, baselineBuiltins))
        log(`${c.label}: ${s.label} profiled`)
      }
      lines.push(...section(c, reports))
    }
  } finally {
    await ctx.close()
    rmSync(build, { recursive: true, force: true })
  }
  writeFileSync(out, lines.join('\n'))
  log(`wrote ${out}`)
}

main().catch((err) => {
  console.error(err)
  process.exitCode = 1
})
