/**
 * GoCD: the trigger bundle schedules `up42` (one stage) on the GoCD fake in real time (speed 1) and waits for it.
 * GoCD answers the schedule with 202 and creates the run asynchronously (after the fake's schedule delay), so the
 * action has to find its run. Measured from the fake: run creation to the first request that read it (run
 * detection), stage completion to the first request that read the run or stage after it (completion detection),
 * completion to exit, and requests per minute. Reference: fixed 10 s polling from the schedule request, modelled on
 * the same timeline.
 */
import { startGocdFake } from '../sandbox/gocd/index.js'
import { actionYml, bundle, hasBundle, runner } from './harness/bundles.js'
import { benchNode } from './harness/node.js'
import { jitterSource } from './harness/jitter.js'
import { failureOf, runMeasured } from './harness/proc.js'
import { against, figure, type Figure } from './harness/stats.js'

const SCHEDULE_DELAY_MS = 2000
const MODEL_INTERVAL_MS = 10_000

interface Sample {
  runDetect: number
  doneDetect: number
  exit: number
  rpm: number
  modelRunDetect: number
  modelDoneDetect: number
}

/** Latency of a fixed-interval poller started at `from` to see an event at `at`. */
const modelLatency = (from: number, at: number) => from + Math.ceil((at - from) / MODEL_INTERVAL_MS) * MODEL_INTERVAL_MS - at

async function triggerOnce(stageMs: number, jitter: () => number): Promise<Sample> {
  const gocd = await startGocdFake({ speed: 1, scheduleDelayMs: SCHEDULE_DELAY_MS + jitter(), defaultStagePlan: { outcome: 'pass', durationMs: stageMs + jitter() } })
  const r = runner(actionYml('trigger-gocd-pipeline'), { server: gocd.goUrl, token: gocd.token, pipeline: 'up42', timeout: '10m' })
  try {
    gocd.server.log.clear()
    const res = await runMeasured(benchNode().path, [bundle('trigger-gocd-pipeline')], r.env, { timeoutMs: 12 * 60_000 })
    if (res.code !== 0) throw new Error(`trigger-gocd-pipeline failed: ${failureOf(res)}`)
    const counter = Number(r.outputs().counter)
    gocd.sync()
    const run = gocd.state.run('up42', counter)
    if (!run) throw new Error(`the fake has no run up42/${counter}`)
    const last = run.stages[run.stages.length - 1]
    const completedAt = Math.max(...last.jobs.map((j) => j.transitions[j.transitions.length - 1].at))
    const log = gocd.server.log.entries
    const accepted = log.find((e) => e.method === 'POST' && e.path.endsWith('/schedule') && e.status === 202)
    if (!accepted) throw new Error('no accepted schedule request in the log')
    const readsRun = (e: (typeof log)[number]) =>
      e.method === 'GET' && (e.path.endsWith('/up42/history') || e.path.includes(`/pipelines/up42/${counter}`) || e.path.includes(`/stages/up42/${counter}/`))
    const found = log.find((e) => readsRun(e) && e.at >= run.scheduledAt)
    const done = log.find((e) => readsRun(e) && e.at >= completedAt && !e.path.endsWith('/history'))
    if (!found || !done) throw new Error('no request observed the run or its completion')
    return {
      runDetect: found.at - run.scheduledAt,
      doneDetect: done.at - completedAt,
      exit: res.exitedAt - completedAt,
      rpm: log.filter((e) => e.at >= accepted.at).length / ((res.exitedAt - accepted.at) / 60_000),
      modelRunDetect: modelLatency(accepted.at, run.scheduledAt),
      modelDoneDetect: modelLatency(accepted.at, completedAt)
    }
  } finally {
    r.dispose()
    await gocd.close()
  }
}

export async function gocdRun(plan: { stageSeconds: number[]; runs: number }, log: (m: string) => void): Promise<{ figures: Figure[]; notes: string[] }> {
  const G = 'GoCD trigger'
  if (!hasBundle('trigger-gocd-pipeline')) return { figures: [], notes: ['dist/trigger-gocd-pipeline/index.js is missing: not measured.'] }
  const samples = new Map<number, Sample[]>(plan.stageSeconds.map((s) => [s, []]))
  const jitter = jitterSource(12)
  for (let i = 0; i < plan.runs; i++) {
    const round = await Promise.all(plan.stageSeconds.map((s) => triggerOnce(s * 1000, jitter)))
    round.forEach((s, j) => samples.get(plan.stageSeconds[j])!.push(s))
    log(`GoCD: round ${i + 1}/${plan.runs} done`)
  }
  const figures: Figure[] = []
  for (const s of plan.stageSeconds) {
    const x = samples.get(s)!
    const label = `${s} s stage`
    const mRun = figure(G, `${label}: 10 s polling model: run created -> observing poll`, 'ms', x.map((v) => v.modelRunDetect))
    const mDone = figure(G, `${label}: 10 s polling model: completion -> observing poll`, 'ms', x.map((v) => v.modelDoneDetect))
    figures.push(
      against(figure(G, `${label}: run created -> first request that read it`, 'ms', x.map((v) => v.runDetect)), '10 s polling model', mRun.stats.median),
      against(figure(G, `${label}: stage completed -> first request that read it`, 'ms', x.map((v) => v.doneDetect)), '10 s polling model', mDone.stats.median),
      figure(G, `${label}: stage completed -> exit`, 'ms', x.map((v) => v.exit)),
      figure(G, `${label}: requests per minute (schedule -> exit)`, 'req/min', x.map((v) => v.rpm)),
      mRun,
      mDone
    )
  }
  const notes = [
    `Real time (the GoCD fake at speed 1). The fake creates the run ${SCHEDULE_DELAY_MS} ms + a seeded jitter in [0, 1000) ms after accepting the schedule (202, no counter), as GoCD does asynchronously; pipeline up42 has one stage with one job, whose duration also gets a jitter in [0, 1000) ms so that samples cover the action's poll period; the action waits for all stages with its default polling. Runs per configuration: ${plan.runs}.`,
    'Reference model: a poller reading every 10 s from the moment the schedule was accepted, applied to the same run timeline (there is no official GoCD action to compare with).'
  ]
  return { figures, notes }
}
