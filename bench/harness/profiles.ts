/**
 * Summaries of V8 profiles written by `node --cpu-prof` and `node --heap-prof`: time and allocated bytes by where
 * they went (a package of the bundle, Node's built-in modules being loaded, the bundle's parse and compile, GC, idle).
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

interface CallFrame {
  functionName: string
  url: string
  lineNumber: number
  columnNumber: number
}

interface CpuNode {
  id: number
  callFrame: CallFrame
  children?: number[]
}

interface CpuProfile {
  nodes: CpuNode[]
  samples: number[]
  timeDeltas: number[]
}

interface HeapNode {
  callFrame: CallFrame
  selfSize: number
  children: HeapNode[]
}

export type Attribute = (url: string, line: number, column: number) => string

export const PARSE = 'parse + compile of the bundle'
export const BUILTINS = 'loading Node built-in modules'
const COMPILE_FRAMES = new Set(['compileSourceTextModule', 'wrapSafe', 'compileFunctionForCJSLoader', 'compileFunction'])
const BUILTIN_FRAMES = new Set(['compileForInternalLoader', 'compileForPublicLoader'])
const SPECIAL: Record<string, string> = { '(garbage collector)': 'GC', '(idle)': 'idle (waiting on the network)', '(program)': 'V8 / native (program)' }

/** Walks up from a frame: the first frame of the bundle decides the package; loading a built-in wins over it. */
function classify(chain: CallFrame[], attribute: Attribute): string {
  const self = chain[0]
  if (SPECIAL[self.functionName]) return SPECIAL[self.functionName]
  if (COMPILE_FRAMES.has(self.functionName)) return PARSE
  if (chain.some((f) => BUILTIN_FRAMES.has(f.functionName))) return BUILTINS
  for (const f of chain) {
    if (f.url && !f.url.startsWith('node:')) {
      const pkg = attribute(f.url, f.lineNumber, f.columnNumber)
      if (pkg !== f.url) return pkg
    }
  }
  return 'Node runtime (streams, sockets, module loader)'
}

function addTo(map: Record<string, number>, key: string, value: number): void {
  map[key] = (map[key] ?? 0) + value
}

/** Milliseconds of CPU samples by where they went, from the newest `.cpuprofile` in `dir`. */
export function cpuByBucket(dir: string, attribute: Attribute): { total: number; buckets: Record<string, number> } {
  const file = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).sort().pop()
  if (!file) throw new Error(`no .cpuprofile in ${dir}`)
  const p = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile
  const byId = new Map(p.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const cache = new Map<number, string>()
  const bucketOf = (id: number): string => {
    let b = cache.get(id)
    if (b === undefined) {
      const chain: CallFrame[] = []
      for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) chain.push(byId.get(cur)!.callFrame)
      b = classify(chain, attribute)
      cache.set(id, b)
    }
    return b
  }
  const buckets: Record<string, number> = {}
  let total = 0
  p.samples.forEach((id, i) => {
    const ms = (p.timeDeltas[i] ?? 0) / 1000
    total += ms
    addTo(buckets, bucketOf(id), ms)
  })
  return { total, buckets }
}

/** Bytes of sampled allocations still live when the profile was written, by where they were allocated. */
export function heapByBucket(dir: string, attribute: Attribute): { total: number; buckets: Record<string, number> } {
  const file = readdirSync(dir).filter((f) => f.endsWith('.heapprofile')).sort().pop()
  if (!file) throw new Error(`no .heapprofile in ${dir}`)
  const p = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { head: HeapNode }
  const buckets: Record<string, number> = {}
  let total = 0
  const walk = (n: HeapNode, chain: CallFrame[]) => {
    const here = [n.callFrame, ...chain]
    if (n.selfSize) {
      total += n.selfSize
      addTo(buckets, classify(here, attribute), n.selfSize)
    }
    for (const c of n.children) walk(c, here)
  }
  walk(p.head, [])
  return { total, buckets }
}

/** The largest buckets, the rest summed as `other`. */
export function top(buckets: Record<string, number>, n: number): [string, number][] {
  const sorted = Object.entries(buckets).sort((a, b) => b[1] - a[1])
  const head = sorted.slice(0, n)
  const rest = sorted.slice(n).reduce((s, [, v]) => s + v, 0)
  return rest > 0 ? [...head, [`other (${sorted.length - n})`, rest]] : head
}
