/**
 * Rotation fan-out: the rotate-secret bundle (source random) writes one repository secret to N repositories of the
 * GitHub fake under its secondary rate limit (the fake's default: 80 content-creating requests per token per 60 s,
 * and a tighter variant where the limit bites). Measured: wall time (start -> exit) and the requests the fake saw,
 * split into public-key reads, secret writes, verification reads, rate-limited answers and the rest. Reference: the
 * issue's request budget, N writes + N public-key reads (one per repository scope) + N verification reads.
 */
import { startGithubFake } from '../sandbox/github/index.js'
import { actionYml, bundle, hasBundle, runner } from './harness/bundles.js'
import { benchNode } from './harness/node.js'
import { failureOf, runMeasured } from './harness/proc.js'
import { against, figure, type Figure } from './harness/stats.js'

interface Config {
  targets: number
  /** Secondary limit: content-creating requests per 60 s window (80 is the fake's default). */
  perMinute: number
}

interface Sample {
  wallMs: number
  total: number
  keyReads: number
  writes: number
  verifyReads: number
  limited: number
}

async function rotateOnce(c: Config): Promise<Sample> {
  const gh = await startGithubFake({ secondaryPerMinute: c.perMinute })
  const names = Array.from({ length: c.targets }, (_, i) => `bench-${String(i + 1).padStart(2, '0')}`)
  for (const n of names) gh.addRepo(n)
  const r = runner(actionYml('rotate-secret'), {
    source: 'random',
    secret_name: 'BENCH_ROTATED',
    targets: names.map((n) => `repo:${gh.owner}/${n}`).join('\n'),
    github_token: gh.token,
    github_api_url: gh.apiUrl
  })
  try {
    gh.server.log.clear()
    const res = await runMeasured(benchNode().path, [bundle('rotate-secret')], r.env, { timeoutMs: 15 * 60_000 })
    if (res.code !== 0) throw new Error(`rotate-secret (${c.targets} targets) failed: ${failureOf(res)}`)
    for (const n of names) if (gh.readSecret({ repo: `${gh.owner}/${n}` }, 'BENCH_ROTATED') === undefined) throw new Error(`${n} holds no secret after the run`)
    const log = gh.server.log.entries
    const secretPath = /\/actions\/secrets\/BENCH_ROTATED$/
    return {
      wallMs: res.exitedAt - res.startedAt,
      total: log.length,
      keyReads: log.filter((e) => e.method === 'GET' && e.path.endsWith('/actions/secrets/public-key')).length,
      writes: log.filter((e) => e.method === 'PUT' && secretPath.test(e.path)).length,
      verifyReads: log.filter((e) => e.method === 'GET' && secretPath.test(e.path)).length,
      limited: log.filter((e) => e.status === 403 || e.status === 429).length
    }
  } finally {
    r.dispose()
    await gh.close()
  }
}

export async function rotationFanOut(plan: { configs: Config[]; runs: number }, log: (m: string) => void): Promise<{ figures: Figure[]; notes: string[] }> {
  const G = 'rotation fan-out'
  if (!hasBundle('rotate-secret')) return { figures: [], notes: ['dist/rotate-secret/index.js is missing: not measured.'] }
  const samples = plan.configs.map(() => [] as Sample[])
  for (let i = 0; i < plan.runs; i++) {
    const round = await Promise.all(plan.configs.map((c) => rotateOnce(c)))
    round.forEach((s, j) => samples[j].push(s))
    log(`rotation: round ${i + 1}/${plan.runs} done`)
  }
  const figures: Figure[] = []
  plan.configs.forEach((c, j) => {
    const x = samples[j]
    const label = `${c.targets} repo target${c.targets > 1 ? 's' : ''}, limit ${c.perMinute}/min`
    figures.push(
      figure(G, `${label}: wall time (start -> exit)`, 'ms', x.map((v) => v.wallMs)),
      against(figure(G, `${label}: requests`, 'requests', x.map((v) => v.total)), `budget 3N = ${3 * c.targets}`, 3 * c.targets),
      figure(G, `${label}: public-key reads`, 'requests', x.map((v) => v.keyReads)),
      figure(G, `${label}: secret writes (PUT)`, 'requests', x.map((v) => v.writes)),
      figure(G, `${label}: verification reads`, 'requests', x.map((v) => v.verifyReads)),
      figure(G, `${label}: rate-limited answers (403/429)`, 'requests', x.map((v) => v.limited))
    )
  })
  const notes = [
    `Runs per configuration: ${plan.runs}. Each run starts a fresh GitHub fake with N extra repositories; every repository is checked to hold the secret afterwards.`,
    'Requests are everything the fake logged during the run (including retries after a rate-limited answer); the budget is the issue\'s target of N writes + N public-key reads + N verification reads.',
    'The action paces writes itself (Octokit throttling, one content-creating request per second by default), so with the default limit it stays under 80 per minute; the tighter variant shows the retry-after path.'
  ]
  return { figures, notes }
}
