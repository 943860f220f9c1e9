/**
 * The Node that runs the bundles in a benchmark: Node 24 (what `runs.using: node24` gives on a runner), from the npm
 * registry through `npx -y node@24`, resolved once to its binary so npx's own start is not measured. When npx cannot
 * provide it (offline without a cache), this Node is used and the report says so.
 */
import { execFileSync } from 'node:child_process'

export interface BenchNode {
  path: string
  version: string
  /** Set when Node 24 could not be resolved and this Node stands in for it. */
  fallback?: string
}

let cached: BenchNode | undefined

export function benchNode(): BenchNode {
  if (cached) return cached
  try {
    const out = execFileSync('npx', ['-y', 'node@24', '-p', 'process.execPath + "\\n" + process.version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 180_000
    })
    const [path, version] = out.trim().split('\n').slice(-2)
    cached = { path: path.trim(), version: version.trim() }
  } catch (err) {
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err)
    cached = { path: process.execPath, version: process.version, fallback: `npx -y node@24 failed (${why}); bundles ran on ${process.version}` }
  }
  return cached
}
