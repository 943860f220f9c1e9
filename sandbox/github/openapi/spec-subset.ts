/**
 * The request side of GitHub's official OpenAPI description (`@octokit/openapi`), reduced to what request validation
 * needs: for every operation its method, path template, parameters and JSON request body schema.
 *
 * Only the one dereferenced JSON file of the chosen flavour is read (api.github.com or a GHES version), lazily and at
 * most once per process. Because that file is 60-73 MB (about a second to parse) and a test suite starts the fake
 * many times in many worker processes, the extracted subset (~0.5 MB, descriptions stripped) is cached on disk under
 * the OS temp dir, keyed by the package version and the file size; later loads take milliseconds.
 */
import { readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { cached, stripProse as strip } from './spec-cache.js'

export type SpecFlavour = 'api.github.com' | 'ghes-3.19' | 'ghes-3.18' | 'ghes-3.17' | 'ghec'

export interface SpecParameter {
  name: string
  in: 'path' | 'query' | 'header' | 'cookie'
  required?: boolean
  schema?: Record<string, unknown>
  /** A path parameter that may span several segments (`x-multi-segment`: `heads/feature/a` in `git/ref/{ref}`). */
  multiSegment?: boolean
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
const require = createRequire(import.meta.url)
const memo = new Map<SpecFlavour, SpecSubset>()

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
        parameters: [...shared, ...(op.parameters ?? [])].map((p) => ({
          ...(strip(p) as SpecParameter),
          ...((p as unknown as Record<string, unknown>)['x-multi-segment'] ? { multiSegment: true } : {})
        })),
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
  const subset = cached(`${flavour}-${pkg.version}-${statSync(file).size}.json`, () => extract(flavour, file, pkg.version))
  memo.set(flavour, subset)
  return subset
}
