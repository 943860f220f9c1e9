/**
 * "Did you mean" suggestions for names the server does not know: case-insensitive edit distance plus substring
 * matches, best first.
 */

/** Levenshtein distance between two strings (case-insensitive). */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase()
  const t = b.toLowerCase()
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j)
  for (let i = 1; i <= s.length; i++) {
    const cur = [i]
    for (let j = 1; j <= t.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1))
    prev = cur
  }
  return prev[t.length]
}

/** Up to `max` candidates close to `wanted`: within a third of its length in edits, or containing/contained in it. */
export function closeMatches(wanted: string, candidates: string[], max = 3): string[] {
  const w = wanted.toLowerCase().trim()
  if (!w) return []
  const limit = Math.max(2, Math.floor(w.length / 3))
  return [...new Set(candidates)]
    .map((c) => {
      const lc = c.toLowerCase()
      const distance = editDistance(w, lc)
      const contains = lc.includes(w) || w.includes(lc)
      return { c, score: contains ? Math.min(distance, limit) - 0.5 : distance, ok: contains || distance <= limit }
    })
    .filter((x) => x.ok)
    .sort((a, b) => a.score - b.score || a.c.localeCompare(b.c))
    .slice(0, max)
    .map((x) => x.c)
}

/** ` Did you mean 'A' or 'B'?` (with a leading space), or '' when nothing is close. */
export function didYouMean(wanted: string, candidates: string[]): string {
  const m = closeMatches(wanted, candidates)
  if (!m.length) return ''
  const quoted = m.map((x) => `'${x}'`)
  return ` Did you mean ${quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}` : quoted[0]}?`
}

/** ` Known: a, b, c (and N more).` for short lists of what exists. */
export function knownNames(names: string[], max = 10): string {
  if (!names.length) return ''
  const shown = names.slice(0, max).map((n) => `'${n}'`).join(', ')
  return ` Available: ${shown}${names.length > max ? ` (and ${names.length - max} more)` : ''}.`
}
