/**
 * Cold start: each bundle on a minimal job, run as the runner does (a child process of Node 24, runner env, `INPUT_*`
 * for each input and each input's default), from process start to the first HTTP request its fake sees, to exit, and
 * peak RSS, with the number of requests the job made. Where an official Octopus action does the same job
 * (create-release-action, deploy-release-action, push-package-action), it runs in the same loop on the same fake,
 * ours and theirs alternating, and our figures are given as ratios of theirs. `node -e 0` is the floor for exit
 * and RSS; `node -e http.get(...)` (Node starting and sending one request) the floor for the first request.
 */
import { actionYml, bundle, hasBundle } from './harness/bundles.js'
import { BASE_ENV, CASES, startJobContext, type Job } from './harness/cold-jobs.js'
import { benchNode } from './harness/node.js'
import { OFFICIAL_NOTE_ABSENT, officialBundle, officialBundlesDir, type OfficialBundle } from './harness/official.js'
import { failureOf, runMeasured, type ProcResult } from './harness/proc.js'
import { against, figure, type Figure } from './harness/stats.js'

interface Sample {
  first: number
  exit: number
  rss: number
  requests: number
}

async function measure(what: string, script: string, job: Job): Promise<Sample> {
  job.server.log.clear()
  let res: ProcResult
  try {
    res = await runMeasured(benchNode().path, [script], job.env, { timeoutMs: 120_000 })
  } finally {
    await job.dispose()
  }
  const entries = job.server.log.entries
  if (res.code !== 0) throw new Error(`cold start of ${what} failed (exit ${res.code}): ${failureOf(res)}`)
  if (!entries.length) throw new Error(`cold start of ${what}: the fake saw no request`)
  return { first: entries[0].at - res.startedAt, exit: res.exitedAt - res.startedAt, rss: res.peakRssKiB / 1024, requests: entries.length }
}

class Samples {
  readonly list: Sample[] = []
  add(s: Sample): void {
    this.list.push(s)
  }
  pick<K extends keyof Sample>(k: K): number[] {
    return this.list.map((s) => s[k])
  }
}

export async function coldStart(runs: number, log: (m: string) => void, only?: string[]): Promise<{ figures: Figure[]; notes: string[] }> {
  const G = 'cold start'
  const node = benchNode()
  const ctx = await startJobContext()
  const { octopus } = ctx
  const figures: Figure[] = []
  const notes = [
    `Bundles run on Node ${node.version} (${node.fallback ?? 'npx -y node@24, as `runs.using: node24` does on a runner'}). Runs per bundle: ${runs}; where an official action does the same job, ours and theirs alternate (ours first on even runs, theirs first on odd runs) against the same fakes. Medians; the ratio column divides our median by the reference's.`,
    'Each step gets `INPUT_*` for the inputs passed and for every other input\'s default in its action.yml, as the runner sets them, and GITHUB_OUTPUT, GITHUB_ENV, GITHUB_STEP_SUMMARY and friends in a fresh runner directory.',
    'Jobs: create-release creates one release of Random Quotes (the official action: the same inputs); deploy deploys 1.0.0 to Dev without waiting (the official action does not wait); upload-artifact (octopus) pushes one small package file named like a package (push-package-action: the same file as `packages`); the others have no official counterpart.'
  ]
  if (!officialBundlesDir()) notes.push(OFFICIAL_NOTE_ABSENT)
  try {
    const floorExit: number[] = []
    const floorRss: number[] = []
    const floorFirst: number[] = []
    for (let i = 0; i < runs; i++) {
      const r = await runMeasured(node.path, ['-e', '0'], BASE_ENV)
      floorExit.push(r.exitedAt - r.startedAt)
      floorRss.push(r.peakRssKiB / 1024)
      octopus.server.log.clear()
      const h = await runMeasured(node.path, ['-e', `require('http').get(${JSON.stringify(`${octopus.url}/api`)}, (r) => r.resume())`], BASE_ENV)
      floorFirst.push((octopus.server.log.entries[0]?.at ?? NaN) - h.startedAt)
    }
    const exitFloor = figure(G, 'node -e 0: start -> exit (floor)', 'ms', floorExit)
    const firstFloor = figure(G, 'node -e http.get: start -> first request (floor)', 'ms', floorFirst)
    const rssFloor = figure(G, 'node -e 0: peak RSS (floor)', 'MiB', floorRss)
    figures.push(exitFloor, firstFloor, rssFloor)

    for (const c of CASES.filter((x) => !only || only.includes(x.label) || only.includes(x.action))) {
      if (!hasBundle(c.action)) {
        notes.push(`dist/${c.action}/index.js is missing: ${c.label} not measured.`)
        continue
      }
      const official: OfficialBundle | undefined = c.reference ? officialBundle(c.reference.official) : undefined
      const ours = new Samples()
      const theirs = new Samples()
      for (let i = 0; i < runs; i++) {
        const order = official && i % 2 === 1 ? ['theirs', 'ours'] : ['ours', 'theirs']
        for (const who of order) {
          if (who === 'ours') ours.add(await measure(c.label, bundle(c.action), await c.job(ctx, actionYml(c.action))))
          else if (official && c.reference) theirs.add(await measure(official.label, official.bundle, await c.reference.job(ctx, official.actionYml)))
        }
      }
      const ref = (f: Figure, other: Figure | undefined, floor: Figure) => (other ? against(f, other.name, other.stats.median) : against(f, floor.name, floor.stats.median))
      let o: { first: Figure; exit: Figure; rss: Figure; requests: Figure } | undefined
      if (official) {
        const L = `official ${official.label}`
        o = {
          first: figure(G, `${L}: start -> first request`, 'ms', theirs.pick('first')),
          exit: figure(G, `${L}: start -> exit`, 'ms', theirs.pick('exit')),
          rss: figure(G, `${L}: peak RSS`, 'MiB', theirs.pick('rss')),
          requests: figure(G, `${L}: requests`, 'requests', theirs.pick('requests'))
        }
      }
      figures.push(
        ref(figure(G, `${c.label}: start -> first request`, 'ms', ours.pick('first')), o?.first, firstFloor),
        ref(figure(G, `${c.label}: start -> exit`, 'ms', ours.pick('exit')), o?.exit, exitFloor),
        ref(figure(G, `${c.label}: peak RSS`, 'MiB', ours.pick('rss')), o?.rss, rssFloor),
        o ? against(figure(G, `${c.label}: requests`, 'requests', ours.pick('requests')), o.requests.name, o.requests.stats.median) : figure(G, `${c.label}: requests`, 'requests', ours.pick('requests'))
      )
      if (o) figures.push(against(o.first, firstFloor.name, firstFloor.stats.median), against(o.exit, exitFloor.name, exitFloor.stats.median), against(o.rss, rssFloor.name, rssFloor.stats.median), o.requests)
      else if (c.reference) notes.push(`${c.label}: the official ${c.reference.official} bundle is absent, no reference measured.`)
      log(`cold start: ${c.label} done`)
    }
  } finally {
    await ctx.close()
  }
  return { figures, notes }
}
