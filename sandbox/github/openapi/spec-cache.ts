/**
 * Helpers shared by the request and response subsets of GitHub's OpenAPI description: stripping prose, and a disk
 * cache under the OS temp dir so that the many worker processes of a test run parse the big spec file once.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Keys that carry prose or examples only; dropping them keeps the cache small and ajv quiet. */
const PROSE = new Set(['description', 'example', 'examples', 'summary', 'externalDocs', 'title'])

/** Drops prose keys, but not properties that happen to carry such a name (a repository's `description`). */
export function stripProse(value: unknown, names = false): unknown {
  if (Array.isArray(value)) return value.map((v) => stripProse(v))
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) {
      if (!names && (PROSE.has(k) || k.startsWith('x-'))) continue
      out[k] = stripProse(v, !names && (k === 'properties' || k === 'patternProperties'))
    }
    return out
  }
  return value
}

/** Bumped whenever what is extracted changes, so an old cache is not read. */
const FORMAT = 5

/** Reads `name` from the cache dir, or builds it and writes it there (write then rename: readers never see half). */
export function cached<T>(name: string, build: () => T): T {
  const dir = join(tmpdir(), 'github-fake-openapi-cache')
  const file = join(dir, `v${FORMAT}-${name}`)
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T
  } catch {
    const value = build()
    try {
      mkdirSync(dir, { recursive: true })
      const tmp = `${file}.${process.pid}.${Date.now()}.tmp`
      writeFileSync(tmp, JSON.stringify(value))
      renameSync(tmp, file)
    } catch {
      // A read-only temp dir only costs speed.
    }
    return value
  }
}
