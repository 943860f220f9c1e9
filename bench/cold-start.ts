/**
 * Cold start: each bundle on a minimal job, run as the runner does (child process, runner env, INPUT_*), from
 * process start to the first HTTP request its fake sees, and to exit; peak RSS. `node -e 0` is the floor for exit
 * and RSS; `node -e http.get(...)` (Node starting and sending one request) is the floor for the first request.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FakeServer } from '../sandbox/common/index.js'
import { startGithubFake, type GithubFake } from '../sandbox/github/index.js'
import { startGocdFake } from '../sandbox/gocd/index.js'
import { startOctopusFake, type OctopusFake } from '../sandbox/octopus/index.js'
import { bundle, hasBundle, runner, type ActionName } from './harness/bundles.js'
import { failureOf, runMeasured, type ProcResult } from './harness/proc.js'
import { against, figure, type Figure } from './harness/stats.js'

interface Job {
  env: Record<string, string>
  server: FakeServer
  dispose(): Promise<void>
}

interface Context {
  octopus: OctopusFake
  github: GithubFake
  file: string
}

const BASE_ENV = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir() }

/** The minimal job of each action: one small create / deploy / trigger / upload / rotation. */
const JOBS: Record<ActionName, (c: Context) => Promise<Job>> = {
  'create-release': async ({ octopus }) => {
    const r = runner({ server: octopus.url, api_key: octopus.apiKey, project: 'Random Quotes' })
    return { env: r.env, server: octopus.server, dispose: async () => r.dispose() }
  },
  deploy: async ({ octopus }) => {
    const r = runner({ server: octopus.url, api_key: octopus.apiKey, project: 'Random Quotes', release_number: '1.0.0', environments: 'Dev', wait: 'false' })
    return { env: r.env, server: octopus.server, dispose: async () => r.dispose() }
  },
  'trigger-gocd-pipeline': async () => {
    const gocd = await startGocdFake({ scheduleDelayMs: 100, defaultStagePlan: { outcome: 'pass', durationMs: 60_000 } })
    const r = runner({ server: gocd.goUrl, token: gocd.token, pipeline: 'up42', wait: 'false' })
    return { env: r.env, server: gocd.server, dispose: async () => (r.dispose(), gocd.close()) }
  },
  'upload-artifact': async ({ github, file }) => {
    const job = await github.runnerEnv({ inputs: { path: file, name: `cold-${Date.now()}-${Math.random().toString(36).slice(2, 8)}` } })
    return { env: { ...BASE_ENV, ...job.env }, server: github.server, dispose: async () => undefined }
  },
  'rotate-secret': async ({ github }) => {
    const r = runner({ source: 'random', secret_name: 'BENCH_COLD', targets: `repo:${github.owner}/${github.repo}`, github_token: github.token, github_api_url: github.apiUrl })
    return { env: r.env, server: github.server, dispose: async () => r.dispose() }
  }
}

async function measure(action: ActionName, ctx: Context): Promise<{ res: ProcResult; first: number }> {
  const job = await JOBS[action](ctx)
  job.server.log.clear()
  const res = await runMeasured(process.execPath, [bundle(action)], job.env, { timeoutMs: 120_000 })
  const first = job.server.log.entries[0]?.at
  await job.dispose()
  if (res.code !== 0) throw new Error(`cold start of ${action} failed (exit ${res.code}): ${failureOf(res)}`)
  if (first === undefined) throw new Error(`cold start of ${action}: the fake saw no request`)
  return { res, first: first - res.startedAt }
}

export async function coldStart(runs: number, log: (m: string) => void): Promise<Figure[]> {
  const G = 'cold start'
  const dir = mkdtempSync(join(tmpdir(), 'bench-cold-'))
  const file = join(dir, 'app.txt')
  writeFileSync(file, 'cold start artifact\n')
  const [octopus, github] = await Promise.all([startOctopusFake({ taskProfile: { queueMs: 500, durationMs: 2000 } }), startGithubFake()])
  const ctx: Context = { octopus, github, file }
  const figures: Figure[] = []
  try {
    // The deploy job needs a release; create it once through the API.
    const created = await fetch(`${octopus.url}/api/${octopus.spaceId}/releases/create/v1`, {
      method: 'POST',
      headers: { 'X-Octopus-ApiKey': octopus.apiKey, 'Content-Type': 'application/json' },
      body: JSON.stringify({ SpaceId: octopus.spaceId, SpaceIdOrName: octopus.spaceId, ProjectName: 'Random Quotes', ReleaseVersion: '1.0.0' })
    })
    if (created.status !== 201) throw new Error(`creating the bench release failed: ${created.status} ${await created.text()}`)

    const floorExit: number[] = []
    const floorRss: number[] = []
    const floorFirst: number[] = []
    for (let i = 0; i < runs; i++) {
      const r = await runMeasured(process.execPath, ['-e', '0'], BASE_ENV)
      floorExit.push(r.exitedAt - r.startedAt)
      floorRss.push(r.peakRssKiB / 1024)
      octopus.server.log.clear()
      const h = await runMeasured(process.execPath, ['-e', `require('http').get(${JSON.stringify(`${octopus.url}/api`)}, (r) => r.resume())`], BASE_ENV)
      floorFirst.push((octopus.server.log.entries[0]?.at ?? NaN) - h.startedAt)
    }
    const exitFloor = figure(G, 'node -e 0: start -> exit (floor)', 'ms', floorExit)
    const firstFloor = figure(G, 'node -e http.get: start -> first request (floor)', 'ms', floorFirst)
    const rssFloor = figure(G, 'node -e 0: peak RSS (floor)', 'MiB', floorRss)
    figures.push(exitFloor, firstFloor, rssFloor)

    for (const action of Object.keys(JOBS) as ActionName[]) {
      if (!hasBundle(action)) {
        log(`cold start: dist/${action}/index.js is missing, skipped`)
        continue
      }
      const first: number[] = []
      const exit: number[] = []
      const rss: number[] = []
      for (let i = 0; i < runs; i++) {
        const m = await measure(action, ctx)
        first.push(m.first)
        exit.push(m.res.exitedAt - m.res.startedAt)
        rss.push(m.res.peakRssKiB / 1024)
      }
      figures.push(
        against(figure(G, `${action}: start -> first request`, 'ms', first), firstFloor.name, firstFloor.stats.median),
        against(figure(G, `${action}: start -> exit`, 'ms', exit), exitFloor.name, exitFloor.stats.median),
        against(figure(G, `${action}: peak RSS`, 'MiB', rss), rssFloor.name, rssFloor.stats.median)
      )
      log(`cold start: ${action} done`)
    }
  } finally {
    await Promise.all([octopus.close(), github.close()])
    rmSync(dir, { recursive: true, force: true })
  }
  return figures
}
