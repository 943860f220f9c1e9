/**
 * Octopus (NuGet-style) versions: up to four numeric parts plus an optional pre-release tag, compared numerically;
 * channel version rules use NuGet range syntax (`1.0`, `[1.0,2.0)`, `(,1.0]`, `[1.2.3]`).
 */

export interface ParsedVersion {
  parts: number[]
  tag: string
}

const VERSION = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/

export function parseVersion(text: string): ParsedVersion | undefined {
  const m = VERSION.exec(text.trim())
  if (!m) return undefined
  const parts = [m[1], m[2], m[3], m[4]].map((p) => (p === undefined ? 0 : Number(p)))
  return { parts, tag: m[5] ?? '' }
}

export function isValidVersion(text: string): boolean {
  return parseVersion(text) !== undefined
}

function compareTags(a: string, b: string): number {
  if (a === b) return 0
  if (!a) return 1 // a release sorts after any pre-release
  if (!b) return -1
  const pa = a.split('.')
  const pb = b.split('.')
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i]
    const y = pb[i]
    if (x === undefined) return -1
    if (y === undefined) return 1
    const nx = /^\d+$/.test(x) ? Number(x) : undefined
    const ny = /^\d+$/.test(y) ? Number(y) : undefined
    if (nx !== undefined && ny !== undefined) {
      if (nx !== ny) return nx - ny
    } else if (nx !== undefined) return -1
    else if (ny !== undefined) return 1
    else {
      const c = x.localeCompare(y, 'en', { sensitivity: 'base' })
      if (c !== 0) return c
    }
  }
  return 0
}

/** Compares two versions; unparsable ones sort first, by text. */
export function compareVersions(a: string, b: string): number {
  const pa = parseVersion(a)
  const pb = parseVersion(b)
  if (!pa || !pb) return pa ? 1 : pb ? -1 : a.localeCompare(b)
  for (let i = 0; i < 4; i++) if (pa.parts[i] !== pb.parts[i]) return pa.parts[i] - pb.parts[i]
  return compareTags(pa.tag, pb.tag)
}

export function sameVersion(a: string, b: string): boolean {
  return compareVersions(a, b) === 0
}

/** True when `version` is inside the NuGet range (an empty range allows everything). */
export function satisfiesRange(version: string, range: string): boolean {
  const r = range.trim()
  if (!r) return true
  if (!/^[[(]/.test(r)) return compareVersions(version, r) >= 0
  const m = /^([[(])\s*([^,\])]*?)\s*(?:,\s*([^\])]*?)\s*)?([\])])$/.exec(r)
  if (!m) return false
  const [, open, low, high, close] = m
  if (m[3] === undefined) return open === '[' && close === ']' && sameVersion(version, low)
  if (low) {
    const c = compareVersions(version, low)
    if (open === '[' ? c < 0 : c <= 0) return false
  }
  if (high) {
    const c = compareVersions(version, high)
    if (close === ']' ? c > 0 : c >= 0) return false
  }
  return true
}

/** The pre-release tag of a version ('' for none). */
export function tagOf(version: string): string {
  return parseVersion(version)?.tag ?? ''
}

/**
 * Expands the project's versioning template from the last release version (`#{Octopus.Version.LastMajor}`,
 * `LastMinor`, `LastPatch`, `NextMajor`, `NextMinor`, `NextPatch`).
 */
export function nextVersion(template: string, last: string | undefined): string {
  const p = last ? parseVersion(last)?.parts ?? [0, 0, 0, 0] : [0, 0, 0, 0]
  const values: Record<string, number> = {
    LastMajor: p[0],
    LastMinor: p[1],
    LastPatch: p[2],
    LastBuild: p[3],
    NextMajor: p[0] + 1,
    NextMinor: p[1] + 1,
    NextPatch: p[2] + 1,
    NextBuild: p[3] + 1
  }
  return template.replace(/#\{Octopus\.Version\.(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole))
}
