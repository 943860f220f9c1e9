/**
 * Deploy wait: the deploy bundle deploys a release to 1 or 10 environments whose tasks take 5 s, 30 s or 120 s
 * (real time: the fake's clock runs at speed 1, so the action's adaptive polling meets real task durations) and
 * waits. Measured from the fake: per task, completion (the task's completion instant on the fake's clock) to the
 * first task request that started after it (detection latency); last completion to the action's exit; requests per
 * minute while waiting. Reference: the official await-task behaviour modelled on the same task timeline, one
 * `GET tasks/{id}` per task every 10 s from the task's creation.
 */
import { actionYml, bundle, hasBundle, runner } from './harness/bundles.js'
import { benchNode } from './harness/node.js'
import { benchOctopus, BENCH_PROJECT } from './harness/octopus-bench.js'
import { jitterSource } from './harness/jitter.js'
import { failureOf, runMeasured } from './harness/proc.js'
import { against, figure, type Figure } from './harness/stats.js'

const QUEUE_MS = 500
const BASELINE_INTERVAL_MS = 10_000

interface Sample {
  detect: number[]
  exit: number
  rpm: number
  baselineDetect: number[]
  baselineRpm: number
}

async function deployOnce(taskSeconds: number, envCount: number, jitter: number): Promise<Sample> {
  const { fake, environments } = await benchOctopus(envCount, taskSeconds * 1000, QUEUE_MS + jitter)
  const r = runner(actionYml('deploy'), { server: fake.url, api_key: fake.apiKey, project: BENCH_PROJECT, release_number: '1.0.0', environments: environments.join('\n'), timeout: '10m' })
  try {
    const res = await runMeasured(benchNode().path, [bundle('deploy')], r.env, { timeoutMs: 15 * 60_000 })
    if (res.code !== 0) throw new Error(`deploy (${taskSeconds} s, ${envCount} env) failed: ${failureOf(res)}`)
    const ids = (JSON.parse(r.outputs().server_tasks) as { serverTaskId: string }[]).map((t) => t.serverTaskId)
    const tasks = ids.map((id) => fake.task(id)!)
    const log = fake.server.log.entries
    const detect: number[] = []
    const baselineDetect: number[] = []
    for (const t of tasks) {
      if (t.State !== 'Success' || t.completedAt === undefined) throw new Error(`task ${t.Id} ended ${t.State}`)
      const seen = log.find((e) => e.method === 'GET' && e.at >= t.completedAt! && /\/tasks/i.test(e.path) && (e.path.includes(t.Id) || (e.query.ids ?? '').split(',').includes(t.Id)))
      if (!seen) throw new Error(`no request observed ${t.Id} after it completed`)
      detect.push(seen.at - t.completedAt)
      const polls = Math.ceil((t.completedAt - t.queuedAt) / BASELINE_INTERVAL_MS)
      baselineDetect.push(t.queuedAt + polls * BASELINE_INTERVAL_MS - t.completedAt)
    }
    const firstCreate = Math.min(...tasks.map((t) => t.queuedAt))
    const lastDone = Math.max(...tasks.map((t) => t.completedAt!))
    const waiting = log.filter((e) => e.at >= firstCreate && e.at <= res.exitedAt)
    return {
      detect,
      exit: res.exitedAt - lastDone,
      rpm: waiting.length / ((res.exitedAt - firstCreate) / 60_000),
      baselineDetect,
      baselineRpm: tasks.length * (60_000 / BASELINE_INTERVAL_MS)
    }
  } finally {
    r.dispose()
    await fake.close()
  }
}

export interface DeployWaitPlan {
  durations: number[]
  envCounts: number[]
  runs: number
}

export async function deployWait(plan: DeployWaitPlan, log: (m: string) => void): Promise<{ figures: Figure[]; notes: string[] }> {
  const G = 'deploy wait'
  if (!hasBundle('deploy')) return { figures: [], notes: ['dist/deploy/index.js is missing: not measured.'] }
  const configs = plan.durations.flatMap((d) => plan.envCounts.map((n) => ({ d, n })))
  const samples = new Map<string, Sample[]>(configs.map((c) => [`${c.d}/${c.n}`, []]))
  const jitter = jitterSource(7)
  for (let run = 0; run < plan.runs; run++) {
    // The configurations of one round run side by side (separate fakes): waiting is idle time, and the longest task sets the round's length.
    const round = await Promise.all(configs.map((c) => deployOnce(c.d, c.n, jitter())))
    round.forEach((s, i) => samples.get(`${configs[i].d}/${configs[i].n}`)!.push(s))
    log(`deploy wait: round ${run + 1}/${plan.runs} done`)
  }
  const figures: Figure[] = []
  for (const { d, n } of configs) {
    const s = samples.get(`${d}/${n}`)!
    const label = `${d} s task × ${n} env`
    const baseDetect = figure(G, `${label}: 10 s polling model: completion -> observing poll`, 'ms', s.flatMap((x) => x.baselineDetect))
    const baseRpm = figure(G, `${label}: 10 s polling model: requests per minute`, 'req/min', s.map((x) => x.baselineRpm))
    figures.push(
      against(figure(G, `${label}: completion -> observing request`, 'ms', s.flatMap((x) => x.detect)), '10 s polling model', baseDetect.stats.median),
      figure(G, `${label}: last completion -> exit`, 'ms', s.map((x) => x.exit)),
      against(figure(G, `${label}: requests per minute`, 'req/min', s.map((x) => x.rpm)), '10 s polling model', baseRpm.stats.median),
      baseDetect,
      baseRpm
    )
  }
  const notes = [
    `Real time: the Octopus fake's clock runs at speed 1; each task is queued ${QUEUE_MS} ms + a seeded jitter in [0, 1000) ms per run (so samples cover the action's 1 s poll period) and then runs for the stated duration. Runs per configuration: ${plan.runs}; detection samples are per task (runs × environments).`,
    'The action runs with its defaults (adaptive polling: every second for 30 s, then backing off to 10 s; task logs streamed), so requests per minute include the log requests.',
    "Reference model (the official await-task behaviour): one GET tasks/{id} per task every 10 s starting at the task's creation, applied to the same task timeline; the ratio is the action's median over the model's median."
  ]
  return { figures, notes }
}
