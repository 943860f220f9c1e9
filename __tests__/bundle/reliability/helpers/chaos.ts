/**
 * Seeded chaos for the fakes: at a total rate p, each request gets one of five faults with equal probability
 * (latency, 503, 429 with Retry-After, connection reset, response lost after the server acted). Rows collect what
 * each run saw for the table the chaos tests print.
 */
import type { Fault, FakeServer } from '../../../../sandbox/common/index.js'

export const FAULT_KINDS = ['latency', '5xx', '429', 'reset', 'lost-response'] as const
export type FaultKind = (typeof FAULT_KINDS)[number]

export const FAULT: Record<FaultKind, Fault> = {
  latency: { kind: 'latency', ms: 25 },
  '5xx': { kind: 'status', status: 503 },
  '429': { kind: 'status', status: 429, headers: { 'Retry-After': '1' } },
  reset: { kind: 'reset' },
  'lost-response': { kind: 'lost-response' }
}

/**
 * Installs the mix on `server` for requests whose path matches `path`. The rules are tried in order, so rule k
 * fires with probability q / (1 - (k - 1) q) to give each kind the same share q = p / 5 of all requests.
 */
export function installChaos(server: FakeServer, rate: number, seed: number, opts: { path?: RegExp; firstWrite?: FaultKind } = {}): void {
  server.faults.clear()
  server.faults.seed(seed)
  if (opts.firstWrite)
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) server.faults.add({ method, path: opts.path ?? /./, fault: FAULT[opts.firstWrite], times: 1 })
  const q = rate / FAULT_KINDS.length
  FAULT_KINDS.forEach((kind, k) => server.faults.add({ path: opts.path ?? /./, fault: FAULT[kind], probability: q / (1 - k * q) }))
}

export interface ChaosStep {
  rate: number
  seed: number
  /** The first write request (of each method) gets this fault, whatever the rate: the creating request is hit. */
  firstWrite?: FaultKind
}

/**
 * The chaos plan of a suite: three rates on all requests with three seeds each, then each fault kind forced on
 * the first write (creation, schedule, upload, secret write) on top of a 0.15 rate.
 */
export const PLAN: ChaosStep[] = [
  ...[0.05, 0.15, 0.3].flatMap((rate) => [11, 12, 13].map((seed) => ({ rate, seed }))),
  ...FAULT_KINDS.map((firstWrite, i) => ({ rate: 0.15, seed: 41 + i, firstWrite }))
]

export const stepLabel = (p: ChaosStep): string => `rate ${p.rate}${p.firstWrite ? ` + ${p.firstWrite} on the first write` : ''}, seed ${p.seed}`

export function clearChaos(server: FakeServer): void {
  server.faults.clear()
}

export interface ChaosRow {
  action: string
  mode: 'in-process' | 'bundle'
  rate: number
  firstWrite?: FaultKind
  seed: number
  requests: number
  faults: Record<string, number>
  outcome: string
  operations: number
  expected: number
  duplicates: number
}

/** Counts the faults a server fired from its request log (status faults split into 5xx and 429). */
export function faultsInLog(server: FakeServer, fromEntry: number): { requests: number; faults: Record<string, number> } {
  const entries = server.log.entries.slice(fromEntry)
  const faults: Record<string, number> = Object.fromEntries([...FAULT_KINDS, 'on writes'].map((k) => [k, 0]))
  for (const e of entries) {
    if (!e.fault) continue
    if (e.method !== 'GET' && e.method !== 'HEAD') faults['on writes']++
    if (e.fault === 'status') faults[e.status === 429 ? '429' : '5xx']++
    else faults[e.fault]++
  }
  return { requests: entries.length, faults }
}

/** Prints the chaos table of a suite when CHAOS_REPORT is set (`CHAOS_REPORT=1 npm run test:bundle`); the tests assert on the rows either way. */
export function reportChaos(title: string, rows: ChaosRow[]): void {
  if (process.env.CHAOS_REPORT) console.log(`chaos: ${title}\n${formatTable(rows)}`)
}

export function formatTable(rows: ChaosRow[]): string {
  const head = ['action', 'mode', 'rate', 'seed', 'requests', ...FAULT_KINDS, 'faults', 'on writes', 'outcome', 'operations', 'expected', 'duplicates']
  const total = (r: ChaosRow) => FAULT_KINDS.reduce((a, k) => a + (r.faults[k] ?? 0), 0)
  const lines = rows.map((r) =>
    [r.action, r.mode, `${r.rate}${r.firstWrite ? ` + ${r.firstWrite} on first write` : ''}`, r.seed, r.requests, ...FAULT_KINDS.map((k) => r.faults[k] ?? 0), total(r), r.faults['on writes'] ?? 0, r.outcome, r.operations, r.expected, r.duplicates].join(' | ')
  )
  const sum = (f: (r: ChaosRow) => number) => rows.reduce((a, r) => a + f(r), 0)
  const totals = `runs ${rows.length}, faults injected ${sum(total)} (${sum((r) => r.faults['on writes'] ?? 0)} on writes), duplicates ${sum((r) => r.duplicates)}`
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...lines.map((l) => `| ${l} |`), '', totals].join('\n')
}
