/**
 * The request side of GitHub's official OpenAPI description (`@octokit/openapi`), reduced to what request validation
 * needs: for every operation its method, path template, parameters and JSON request body schema.
 *
 * Only the one dereferenced JSON file of the chosen flavour is read (api.github.com or a GHES version), lazily and at
 * most once per process. Because that file is 60-73 MB (about a second to parse) and a test suite starts the fake
 * many times in many worker processes, the extracted subset (~0.5 MB, descriptions stripped) is cached on disk under
 * the OS temp dir, keyed by the package version and the file size; later loads take milliseconds.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export type SpecFlavour = 'api.github.com' | 'ghes-3.19' | 'ghes-3.18' | 'ghes-3.17' | 'ghec'

export interface SpecParameter {
  name: string
  in: 'path' | 'query' | 'header' | 'cookie'
  required?: boolean
  schema?: Record<string, unknown>
}

export interface SpecOperation {
  method: string
  path: string
  operationId: string
  /** GitHub's documentation page for the operation (used as `documentation_url`). */
  docs?: string
  parameters: SpecParameter[]
  /** JSON request body, when the operation takes one. */
  body?: { required: boolean; schema?: Record<string, unknown>; contentTypes: string[] }
}

export interface SpecSubset {
  flavour: SpecFlavour
  version: string
  operations: SpecOperation[]
}

const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head']
/** Keys that carry prose or examples only; dropping them keeps the cache small and ajv quiet. */
const PROSE = new Set(['description', 'example', 'examples', 'summary', 'externalDocs', 'title'])

const require = createRequire(import.meta.url)
const memo = new Map<SpecFlavour, SpecSubset>()

function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip)
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) if (!PROSE.has(k) && !k.startsWith('x-')) out[k] = strip(v)
    return out
  }
  return value
}

interface RawOperation {
  operationId: string
  externalDocs?: { url?: string }
  parameters?: SpecParameter[]
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Record<string, unknown> }> }
}

function extract(flavour: SpecFlavour, file: string, version: string): SpecSubset {
  const spec = JSON.parse(readFileSync(file, 'utf8')) as { paths: Record<string, Record<string, unknown>> }
  const operations: SpecOperation[] = []
  for (const [path, item] of Object.entries(spec.paths)) {
    const shared = (item.parameters as SpecParameter[] | undefined) ?? []
    for (const method of METHODS) {
      const op = item[method] as RawOperation | undefined
      if (!op) continue
      const rb = op.requestBody
      operations.push({
        method: method.toUpperCase(),
        path,
        operationId: op.operationId,
        docs: op.externalDocs?.url,
        parameters: strip([...shared, ...(op.parameters ?? [])]) as SpecParameter[],
        body: rb
          ? {
              required: rb.required === true,
              schema: strip(rb.content?.['application/json']?.schema) as Record<string, unknown> | undefined,
              contentTypes: Object.keys(rb.content ?? {})
            }
          : undefined
      })
    }
  }
  return { flavour, version, operations }
}

/** Loads (once per process) the request-side subset of the spec flavour. */
export function loadSpecSubset(flavour: SpecFlavour = 'api.github.com'): SpecSubset {
  const hit = memo.get(flavour)
  if (hit) return hit
  const file = require.resolve(`@octokit/openapi/generated/${flavour}.deref.json`)
  const pkg = JSON.parse(readFileSync(require.resolve('@octokit/openapi/package.json'), 'utf8')) as { version: string }
  const size = statSync(file).size
  const dir = join(tmpdir(), 'github-fake-openapi-cache')
  const cacheFile = join(dir, `${flavour}-${pkg.version}-${size}.json`)
  let subset: SpecSubset | undefined
  try {
    subset = JSON.parse(readFileSync(cacheFile, 'utf8')) as SpecSubset
  } catch {
    subset = extract(flavour, file, pkg.version)
    try {
      mkdirSync(dir, { recursive: true })
      // Write then rename: concurrent workers never read a half-written cache.
      const tmp = `${cacheFile}.${process.pid}.${Date.now()}.tmp`
      writeFileSync(tmp, JSON.stringify(subset))
      renameSync(tmp, cacheFile)
    } catch {
      // A read-only temp dir only costs speed.
    }
  }
  memo.set(flavour, subset)
  return subset
}
