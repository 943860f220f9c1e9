/**
 * Start-up probes: an instrumented copy of a bundle that records, at exit, which of its modules were evaluated and
 * the process's memory; and attribution of a bundle's code positions to the package they came from.
 *
 * Two bundle shapes are understood: ours (ncc / webpack: `__webpack_modules__` and `__webpack_module_cache__`, with
 * the `stats.json` and source map of `script/build.mjs --profile`), and the official Octopus bundles (esbuild:
 * lazy `__commonJS` / `__esm` wrappers keyed by the module's path, with `// node_modules/<pkg>/...` comments before
 * each module).
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { SourceMap } from 'node:module'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export interface ProbeResult {
  /** Modules in the bundle (all chunks that were loaded), and those evaluated during the run, by package. */
  modules: number
  evaluated: number
  evaluatedBytes: number
  evaluatedByPackage: Record<string, number>
  /** Node's own built-in modules loaded during the run (process.moduleLoadList `NativeModule` entries). */
  builtins: string[]
  memory: { rss: number; heapTotal: number; heapUsed: number; external: number; codeSpace: number; peakMalloced: number }
}

/** `node_modules/@scope/name/...` -> the package (a nested copy names its parent); our own sources -> `src (ours)`. */
export function packageOf(path: string): string {
  const pkgs = [...path.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)].map((m) => m[1])
  if (pkgs.length) return pkgs.length > 1 ? `${pkgs[pkgs.length - 1]} (under ${pkgs[pkgs.length - 2]})` : pkgs[0]
  if (/(^|\/)(src|sandbox)\//.test(path) || path.startsWith('./src')) return 'src (ours)'
  if (/^(\.\.\/)?external /.test(path)) return 'Node built-ins (bundle externals)'
  if (/(^|\/)webpack\//.test(path)) return 'webpack runtime'
  return path || 'unknown'
}

const PROBE_EXIT = `process.on('exit', () => { try {
  const m = process.memoryUsage(); const v8 = process.getBuiltinModule('node:v8'); const h = v8.getHeapStatistics();
  const code = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'code_space');
  const memory = { rss: m.rss, heapTotal: m.heapTotal, heapUsed: m.heapUsed, external: m.external, codeSpace: code ? code.space_used_size : 0, peakMalloced: h.peak_malloced_memory };
  const builtins = process.moduleLoadList.filter((x) => x.startsWith('NativeModule ')).map((x) => x.slice(13));
  process.getBuiltinModule('node:fs').writeFileSync(process.env.BENCH_PROBE_OUT, JSON.stringify({ ...__probeModules(), memory, builtins }));
} catch (e) { process.stderr.write('probe failed: ' + e + '\\n') } });\n`

/** ncc (webpack) bundles: the module table and cache are module-scope `var`s, visible to code prepended to the file. */
const WEBPACK_PROBE = `var __probeModules = () => { const all = Object.keys(__webpack_modules__); const done = Object.keys(__webpack_module_cache__);
  return { modules: all.length, loaded: done.map((id) => [id, String(__webpack_modules__[id]).length]) } };\n`

/** esbuild bundles: the lazy wrappers are patched to record the key (the module's path) the first time they run. */
const ESBUILD_PROBE = `var __probeSeen = new Map();
var __probeModules = () => ({ modules: __probeTotal, loaded: [...__probeSeen] });\n`

export interface Instrumented {
  entry: string
  kind: 'webpack' | 'esbuild'
}

/** Copies the bundle's directory to a temp dir and instruments the copy of its entry file. */
export function instrument(bundle: string): Instrumented {
  const dir = mkdtempSync(join(tmpdir(), 'bench-probe-'))
  cpSync(dirname(bundle), dir, { recursive: true })
  const entry = join(dir, basename(bundle))
  const text = readFileSync(entry, 'utf8')
  if (text.includes('__webpack_module_cache__')) {
    writeFileSync(entry, WEBPACK_PROBE + PROBE_EXIT + text)
    return { entry, kind: 'webpack' }
  }
  const cjs = 'var __commonJS = (cb, mod) => function __require() {\n'
  const esm = 'var __esm = (fn, res) => function __init() {\n'
  if (!text.includes(cjs)) throw new Error(`${bundle}: neither an ncc nor an esbuild bundle the probe understands`)
  const total = (text.match(/__commonJS\(\{/g)?.length ?? 0) + (text.match(/__esm\(\{/g)?.length ?? 0)
  const record = (arg: string) => `  { const k = __getOwnPropNames(${arg})[0]; if (k && !__probeSeen.has(k)) __probeSeen.set(k, String(${arg}[k]).length) }\n`
  let patched = text.replace(cjs, cjs + record('cb'))
  if (patched.includes(esm)) patched = patched.replace(esm, esm + `  if (fn) ${record('fn').trim()}\n`)
  const head = patched.startsWith('"use strict";') ? '"use strict";\n' : ''
  writeFileSync(entry, head + `var __probeTotal = ${total};\n` + ESBUILD_PROBE + PROBE_EXIT + patched.slice(head.length ? '"use strict";'.length : 0))
  return { entry, kind: 'esbuild' }
}

interface RawProbe {
  modules: number
  loaded: [string, number][]
  memory: ProbeResult['memory']
  builtins: string[]
}

/** Reads a probe's output; `names` maps webpack module ids to module paths (ours), esbuild keys are paths already. */
export function readProbe(file: string, names: Map<string, string>, baselineBuiltins: string[]): ProbeResult {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as RawProbe
  const byPackage: Record<string, number> = {}
  let bytes = 0
  for (const [id, size] of raw.loaded) {
    const pkg = packageOf(names.get(id) ?? id)
    byPackage[pkg] = (byPackage[pkg] ?? 0) + 1
    bytes += size
  }
  const base = new Set(baselineBuiltins)
  return { modules: raw.modules, evaluated: raw.loaded.length, evaluatedBytes: bytes, evaluatedByPackage: byPackage, builtins: raw.builtins.filter((b) => !base.has(b)), memory: raw.memory }
}

/** Module id -> name (for concatenated ESM modules, the root module's name) from webpack stats written by ncc. */
export function webpackNames(statsFile: string): Map<string, string> {
  const names = new Map<string, string>()
  if (!existsSync(statsFile)) return names
  const stats = JSON.parse(readFileSync(statsFile, 'utf8')) as { modules?: { id?: string | number | null; name?: string }[] }
  for (const m of stats.modules ?? []) if (m.id !== undefined && m.id !== null && m.name) names.set(String(m.id), m.name)
  return names
}

/**
 * Attributes a code position (0-based line and column, as CPU and heap profiles give them) in a bundle file to a
 * package: through the source maps next to our bundles, or through esbuild's per-module path comments.
 */
export function attributor(bundleDir: string): (url: string, line: number, column: number) => string {
  const maps = new Map<string, SourceMap | null>()
  const comments = new Map<string, { line: number; pkg: string }[] | null>()
  const mapFor = (file: string): SourceMap | null => {
    if (!maps.has(file)) maps.set(file, existsSync(`${file}.map`) ? new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8'))) : null)
    return maps.get(file)!
  }
  const commentsFor = (file: string) => {
    if (!comments.has(file)) {
      const marks: { line: number; pkg: string }[] = []
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((l, i) => {
          const m = /^\/\/ ((?:node_modules|src)\/\S+)/.exec(l)
          if (m) marks.push({ line: i, pkg: packageOf(m[1]) })
        })
      comments.set(file, marks.length ? marks : null)
    }
    return comments.get(file)
  }
  const files = new Set(readdirSync(bundleDir).filter((f) => f.endsWith('.js') || f.endsWith('.mjs') || f.endsWith('.cjs')).map((f) => join(bundleDir, f)))
  return (url, line, column) => {
    const file = url.startsWith('file://') ? fileURLToPath(url) : url
    if (!files.has(file)) return url.startsWith('node:') ? 'node (built-in)' : url ? url : 'native / V8'
    const map = mapFor(file)
    if (map) {
      const e = map.findEntry(line, column) as { originalSource?: string }
      return e.originalSource ? packageOf(e.originalSource) : 'bundle (unmapped)'
    }
    const marks = commentsFor(file)
    if (marks) {
      let pkg = 'bundle prelude'
      for (const m of marks) {
        if (m.line > line) break
        pkg = m.pkg
      }
      return pkg
    }
    return 'bundle'
  }
}
