/**
 * The response side of GitHub's OpenAPI description (`@octokit/openapi`): for every operation the documented statuses
 * and their JSON schemas, plus the shared `components.schemas` they reference. Read from the non-dereferenced file of
 * the flavour (13 MB instead of 60-73 MB: references stay references, so the shared schemas are stored once).
 *
 * Like the request subset it is extracted once and cached under the OS temp dir (about 2 MB, prose stripped), keyed by
 * the package version and the file size. Only tests load it (response checking is a switch they turn on).
 */
import { readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { cached, stripProse } from './spec-cache.js'
import type { SpecFlavour } from './spec-subset.js'

export interface ResponseSpec {
  /** JSON schema of the body (`$ref`s point into `components`), when the status documents a JSON body. */
  schema?: Record<string, unknown>
  contentTypes: string[]
}

export interface ResponseSubset {
  flavour: SpecFlavour
  version: string
  /** operationId -> status (`200`, `4XX`, `default`) -> what the body looks like. */
  operations: Record<string, Record<string, ResponseSpec>>
  /** `components.schemas` of the description, prose stripped. */
  schemas: Record<string, unknown>
}

const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head']
const require = createRequire(import.meta.url)
const memo = new Map<SpecFlavour, ResponseSubset>()

interface RawResponse {
  $ref?: string
  content?: Record<string, { schema?: Record<string, unknown> }>
}

/**
 * The description's schemas as plain JSON Schema:
 * - OpenAPI 3.0's `nullable`: `type: [t, 'null']` (and `null` in an `enum`), or, without a `type` (`nullable` next to
 *   `oneOf`), `anyOf: [the schema, {type: 'null'}]`;
 * - a formatted string whose own `default` is `""` (a deployment status's `log_url`) also accepts `""`, which is what
 *   GitHub answers when the URL was not given.
 */
export function toJsonSchema(value: unknown, names = false): unknown {
  if (Array.isArray(value)) return value.map((v) => toJsonSchema(v))
  if (!value || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) out[k] = toJsonSchema(v, !names && (k === 'properties' || k === 'patternProperties'))
  if (names) return out
  if (out.default === '' && typeof out.format === 'string') return { anyOf: [out, { const: '' }] }
  if (out.nullable !== true) return out
  delete out.nullable
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null']
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null]
    return out
  }
  return { anyOf: [out, { type: 'null' }] }
}

function extract(flavour: SpecFlavour, file: string, version: string): ResponseSubset {
  const spec = JSON.parse(readFileSync(file, 'utf8')) as {
    paths: Record<string, Record<string, { operationId?: string; responses?: Record<string, RawResponse> }>>
    components: { schemas: Record<string, unknown>; responses: Record<string, RawResponse> }
  }
  const shared = spec.components.responses
  const operations: ResponseSubset['operations'] = {}
  for (const item of Object.values(spec.paths)) {
    for (const method of METHODS) {
      const op = item[method]
      if (!op?.operationId) continue
      const out: Record<string, ResponseSpec> = {}
      for (const [status, raw] of Object.entries(op.responses ?? {})) {
        const res = raw.$ref ? shared[raw.$ref.split('/').pop()!] ?? {} : raw
        const json = Object.entries(res.content ?? {}).find(([type]) => /json/.test(type))?.[1]
        out[status] = {
          schema: json?.schema ? (toJsonSchema(stripProse(json.schema)) as Record<string, unknown>) : undefined,
          contentTypes: Object.keys(res.content ?? {})
        }
      }
      operations[op.operationId] = out
    }
  }
  return { flavour, version, operations, schemas: toJsonSchema(stripProse(spec.components.schemas, true), true) as Record<string, unknown> }
}

/** Loads (once per process) the response-side subset of the spec flavour. */
export function loadResponseSubset(flavour: SpecFlavour = 'api.github.com'): ResponseSubset {
  const hit = memo.get(flavour)
  if (hit) return hit
  const file = require.resolve(`@octokit/openapi/generated/${flavour}.json`)
  const pkg = JSON.parse(readFileSync(require.resolve('@octokit/openapi/package.json'), 'utf8')) as { version: string }
  const subset = cached(`responses-${flavour}-${pkg.version}-${statSync(file).size}.json`, () => extract(flavour, file, pkg.version))
  memo.set(flavour, subset)
  return subset
}
