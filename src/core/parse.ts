/**
 * Pure parsers for input values. Each returns a value or throws a plain `Error` whose message describes the
 * problem with the value only; `InputReader` adds the input's name.
 */

const TRUE = new Set(['true'])
const FALSE = new Set(['false'])

export function parseBoolean(value: string): boolean {
  const v = value.trim().toLowerCase()
  if (TRUE.has(v)) return true
  if (FALSE.has(v)) return false
  throw new Error('must be true or false')
}

export function parseInteger(value: string, opts: { min?: number; max?: number } = {}): number {
  const v = value.trim()
  if (!/^[+-]?\d+$/.test(v)) throw new Error('must be a whole number')
  const n = Number(v)
  if (!Number.isSafeInteger(n)) throw new Error('is too large')
  if (opts.min !== undefined && n < opts.min) throw new Error(`must be at least ${opts.min}`)
  if (opts.max !== undefined && n > opts.max) throw new Error(`must be at most ${opts.max}`)
  return n
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/**
 * Durations: a bare number is seconds (`600`); otherwise one or more number+unit parts (`90s`, `10m`, `1h30m`,
 * `500ms`, `1d`). Returns milliseconds.
 */
export function parseDuration(value: string, opts: { min?: number; max?: number } = {}): number {
  const v = value.trim().toLowerCase()
  let ms: number
  if (/^\d+$/.test(v)) ms = Number(v) * 1000
  else {
    const parts = [...v.matchAll(/(\d+)(ms|s|m|h|d)/g)]
    if (!parts.length || parts.map((p) => p[0]).join('') !== v.replace(/\s+/g, ''))
      throw new Error('must be a duration such as 600 (seconds), 90s, 10m or 1h30m')
    ms = parts.reduce((sum, p) => sum + Number(p[1]) * UNITS[p[2]], 0)
  }
  if (!Number.isSafeInteger(ms)) throw new Error('is too large')
  if (opts.min !== undefined && ms < opts.min) throw new Error(`must be at least ${formatDuration(opts.min)}`)
  if (opts.max !== undefined && ms > opts.max) throw new Error(`must be at most ${formatDuration(opts.max)}`)
  return ms
}

export function formatDuration(ms: number): string {
  if (ms > 0 && ms < 1000) return `${Math.round(ms)}ms`
  const total = Math.round(ms / 1000)
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  return [h ? `${h}h` : '', m ? `${m}m` : '', s || (!h && !m) ? `${s}s` : ''].join('')
}

/**
 * Multi-line lists: one item per line and, unless `comma: false`, comma-separated items on a line. Blank lines and
 * lines starting with `#` are ignored; items are trimmed.
 */
export function parseList(value: string, opts: { comma?: boolean } = {}): string[] {
  const items: string[] = []
  for (const line of value.split(/\r?\n/)) {
    const trimmed = line.trim()
    if (!trimmed || trimmed.startsWith('#')) continue
    const parts = opts.comma === false ? [trimmed] : trimmed.split(',')
    for (const p of parts) if (p.trim()) items.push(p.trim())
  }
  return items
}

/**
 * `name=value` / `name:value` lines. Each line splits at its FIRST separator (whichever of `separators` comes
 * first), so values may contain `:` and `=`. Names are trimmed; values keep inner spaces but are trimmed at both
 * ends. Returns ordered pairs; a repeated name is an error.
 */
export function parseMap(value: string, opts: { separators?: string[] } = {}): [string, string][] {
  const seps = opts.separators ?? ['=', ':']
  const pairs: [string, string][] = []
  const seen = new Set<string>()
  value.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim()
    if (!trimmed || trimmed.startsWith('#')) return
    const positions = seps.map((s) => trimmed.indexOf(s)).filter((i) => i >= 0)
    if (!positions.length) throw new Error(`line ${index + 1} ("${truncate(trimmed)}") has no ${seps.map((s) => `'${s}'`).join(' or ')}: expected name${seps[0]}value`)
    const at = Math.min(...positions)
    const name = trimmed.slice(0, at).trim()
    const val = trimmed.slice(at + 1).trim()
    if (!name) throw new Error(`line ${index + 1} has an empty name`)
    if (seen.has(name)) throw new Error(`'${truncate(name)}' is given twice`)
    seen.add(name)
    pairs.push([name, val])
  })
  return pairs
}

/**
 * Server URLs: trims, requires http(s), rejects credentials, query and fragment, removes trailing slashes and any
 * of `stripSuffixes` pasted at the end (`/api` for Octopus), keeps virtual directories (`https://host/octopus`).
 */
export function parseServerUrl(value: string, opts: { stripSuffixes?: string[] } = {}): string {
  const v = value.trim()
  let url: URL
  try {
    url = new URL(v)
  } catch {
    throw new Error(`must be an absolute http(s) URL such as https://deploy.example.com, got "${truncate(v)}"`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`must use http or https, got ${url.protocol.replace(':', '')}`)
  if (url.username || url.password) throw new Error('must not contain credentials; use the credential inputs instead')
  if (url.search || url.hash) throw new Error('must not contain a query string or fragment')
  let path = url.pathname.replace(/\/+$/, '')
  for (const suffix of opts.stripSuffixes ?? []) {
    if (path.toLowerCase().endsWith(suffix.toLowerCase())) path = path.slice(0, -suffix.length).replace(/\/+$/, '')
  }
  return `${url.protocol}//${url.host}${path}`
}

export function truncate(s: string, max = 60): string {
  return s.length > max ? `${s.slice(0, max)}…` : s
}
