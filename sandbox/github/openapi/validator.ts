/**
 * Validates a REST request against GitHub's OpenAPI description: finds the operation for method + path (literal
 * segments win over `{params}`, as in GitHub's routing), coerces and checks path and query parameters, and checks the
 * JSON body with ajv (+ ajv-formats). Compiled validators are cached per process.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { loadSpecSubset, type SpecFlavour, type SpecOperation, type SpecParameter } from './spec-subset.js'

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv

export interface MatchedOperation {
  operation: SpecOperation
  /** Decoded path parameters. */
  params: Record<string, string>
}

export type ValidationOutcome =
  | { kind: 'ok'; operation: SpecOperation; params: Record<string, string>; body: unknown }
  | { kind: 'not-found' }
  | { kind: 'method-not-allowed' }
  | { kind: 'invalid'; operation: SpecOperation; status: 400 | 422; message: string; details: string[] }

interface Template {
  segments: string[]
  /** Names of the parameters that may span several segments. */
  multi: Set<string>
  operations: Map<string, SpecOperation>
}

interface Index {
  /** Templates without multi-segment parameters, by segment count (the fast path). */
  bySegments: Map<number, Template[]>
  /** Templates with one, matched segment by segment with backtracking. */
  multi: Template[]
}

const indexes = new Map<SpecFlavour, Index>()
const validators = new Map<string, ValidateFunction>()
let ajv: Ajv | undefined

function getAjv(): Ajv {
  if (!ajv) {
    ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false, verbose: true })
    addFormats(ajv)
  }
  return ajv
}

function compiled(key: string, schema: Record<string, unknown>): ValidateFunction {
  let v = validators.get(key)
  if (!v) {
    v = getAjv().compile(schema)
    validators.set(key, v)
  }
  return v
}

function getIndex(flavour: SpecFlavour): Index {
  let index = indexes.get(flavour)
  if (index) return index
  const templates = new Map<string, Template>()
  for (const op of loadSpecSubset(flavour).operations) {
    let t = templates.get(op.path)
    if (!t) {
      t = { segments: op.path.split('/').slice(1), multi: new Set(), operations: new Map() }
      templates.set(op.path, t)
    }
    for (const p of op.parameters) if (p.in === 'path' && p.multiSegment) t.multi.add(p.name)
    t.operations.set(op.method, op)
  }
  index = { bySegments: new Map(), multi: [] }
  for (const t of templates.values()) {
    if (t.multi.size) {
      index.multi.push(t)
      continue
    }
    const list = index.bySegments.get(t.segments.length) ?? []
    list.push(t)
    index.bySegments.set(t.segments.length, list)
  }
  indexes.set(flavour, index)
  return index
}

const isParam = (segment: string) => /^\{[^{}]+\}$/.test(segment)

/** A segment mixing parameters and text (`{base}...{head}`) as a regex whose groups are the parameters. */
function compositePattern(segment: string): { regex: RegExp; names: string[] } {
  const names: string[] = []
  const source = segment
    .split(/(\{[^{}]+\})/)
    .map((part) => {
      if (isParam(part)) {
        names.push(part.slice(1, -1))
        return '(.+?)'
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    })
    .join('')
  return { regex: new RegExp(`^${source}$`), names }
}

interface Match {
  template: Template
  /** Still-encoded values of the path parameters. */
  raw: Record<string, string>
  /** One character per template segment: `1` literal, `0` parameter (literal segments win left to right). */
  score: string
}

/** Matches `parts` against a template; a multi-segment parameter takes one or more segments (shortest first). */
function matchSegments(t: Template, parts: string[], ti = 0, pi = 0, raw: Record<string, string> = {}, score = ''): Match | undefined {
  if (ti === t.segments.length) return pi === parts.length ? { template: t, raw: { ...raw }, score } : undefined
  if (pi >= parts.length) return undefined
  const seg = t.segments[ti]
  if (seg.includes('{') && !isParam(seg)) {
    const { regex, names } = compositePattern(seg)
    const m = regex.exec(parts[pi])
    if (!m) return undefined
    return matchSegments(t, parts, ti + 1, pi + 1, { ...raw, ...Object.fromEntries(names.map((n, i) => [n, m[i + 1]])) }, `${score}0`)
  }
  if (!isParam(seg)) return seg === parts[pi] ? matchSegments(t, parts, ti + 1, pi + 1, raw, `${score}1`) : undefined
  const name = seg.slice(1, -1)
  const rest = t.segments.length - ti - 1
  const most = t.multi.has(name) ? parts.length - pi - rest : 1
  for (let n = 1; n <= most; n++) {
    const value = parts.slice(pi, pi + n)
    if (value.some((v) => !v)) break
    const m = matchSegments(t, parts, ti + 1, pi + n, { ...raw, [name]: value.join('/') }, `${score}0`)
    if (m) return m
  }
  return undefined
}

/** Finds the path template for a (still percent-encoded) path: most literal segments first, then left to right. */
function matchTemplate(flavour: SpecFlavour, path: string): { template: Template; params: Record<string, string> } | undefined {
  const parts = path.replace(/\/+$/, '').split('/').slice(1)
  const index = getIndex(flavour)
  let best: Match | undefined
  const literals = (m: Match) => m.score.replace(/0/g, '').length
  // `compare/{base}...{head}` (the older form) and `compare/{basehead}` match the same paths: the current one wins.
  const composite = (m: Match) => m.template.segments.filter((seg) => seg.includes('{') && !isParam(seg)).length
  const better = (m: Match, b: Match) =>
    literals(m) !== literals(b) ? literals(m) > literals(b) : composite(m) !== composite(b) ? composite(m) < composite(b) : m.score > b.score
  for (const t of [...(index.bySegments.get(parts.length) ?? []), ...index.multi]) {
    const m = matchSegments(t, parts)
    if (m && (!best || better(m, best))) best = m
  }
  if (!best) return undefined
  const params = Object.fromEntries(Object.entries(best.raw).map(([k, v]) => [k, decodeURIComponent(v)]))
  return { template: best.template, params }
}

function typesOf(schema: Record<string, unknown> | undefined): string[] {
  if (!schema) return []
  const own = typeof schema.type === 'string' ? [schema.type] : Array.isArray(schema.type) ? (schema.type as string[]) : []
  const alts = [...((schema.oneOf as Record<string, unknown>[]) ?? []), ...((schema.anyOf as Record<string, unknown>[]) ?? [])]
  return [...own, ...alts.flatMap(typesOf)]
}

/** Turns a raw parameter string into the JSON value the schema expects (strings stay strings when allowed). */
function coerce(schema: Record<string, unknown> | undefined, raw: string): unknown {
  const types = typesOf(schema)
  if (types.includes('string') || types.length === 0) return raw
  if ((types.includes('integer') || types.includes('number')) && /^-?\d+(\.\d+)?$/.test(raw)) return Number(raw)
  if (types.includes('boolean') && (raw === 'true' || raw === 'false')) return raw === 'true'
  if (types.includes('array')) return raw.split(',')
  return raw
}

/** GitHub's wording for schema failures ("\"key_id\" wasn't supplied.", "... is not a member of [...]"). */
function describe(err: ErrorObject, where: string): string {
  const at = err.instancePath ? `'properties/${err.instancePath.slice(1).split('/').join('/properties/')}'` : `'${where}'`
  const list = (v: unknown[]) => `[${v.map((x) => JSON.stringify(x)).join(', ')}]`
  switch (err.keyword) {
    case 'required':
      return `"${(err.params as { missingProperty: string }).missingProperty}" wasn't supplied.`
    case 'enum':
      return `For ${at}, ${JSON.stringify(err.data)} is not a member of ${list((err.params as { allowedValues: unknown[] }).allowedValues)}.`
    case 'type':
      return `For ${at}, ${JSON.stringify(err.data)} is not ${/^[aeiou]/.test(String(err.params.type)) ? 'an' : 'a'} ${String(err.params.type)}.`
    case 'maxProperties':
      return `For ${at}, ${JSON.stringify(err.data)} has more than ${String(err.params.limit)} properties.`
    case 'pattern':
      return `For ${at}, ${JSON.stringify(err.data)} does not match the pattern ${String(err.params.pattern)}.`
    case 'additionalProperties':
      return `"${String(err.params.additionalProperty)}" is not a permitted key.`
    default:
      return `For ${at}, ${err.message ?? 'is invalid'}.`
  }
}

function check(key: string, schema: Record<string, unknown>, data: unknown, where: string): string[] {
  const v = compiled(key, schema)
  if (v(data)) return []
  return (v.errors ?? []).map((e) => describe(e, where))
}

function paramSchema(params: SpecParameter[]): Record<string, unknown> {
  return {
    type: 'object',
    properties: Object.fromEntries(params.map((p) => [p.name, p.schema ?? {}])),
    required: params.filter((p) => p.required).map((p) => p.name)
  }
}

export interface RequestToValidate {
  method: string
  /** The raw (percent-encoded) path below the API root. */
  path: string
  query: URLSearchParams
  /** The raw body; empty when there is none. */
  body: Buffer
}

export function validateRequest(flavour: SpecFlavour, req: RequestToValidate): ValidationOutcome {
  const found = matchTemplate(flavour, req.path)
  if (!found) return { kind: 'not-found' }
  const method = req.method === 'HEAD' && !found.template.operations.has('HEAD') ? 'GET' : req.method
  const operation = found.template.operations.get(method)
  if (!operation) return { kind: 'method-not-allowed' }
  const key = `${flavour} ${operation.method} ${operation.path}`
  const details: string[] = []

  const pathParams = operation.parameters.filter((p) => p.in === 'path')
  const pathValues = Object.fromEntries(pathParams.map((p) => [p.name, coerce(p.schema, found.params[p.name] ?? '')]))
  details.push(...check(`${key} path`, paramSchema(pathParams), pathValues, 'path'))

  const queryParams = operation.parameters.filter((p) => p.in === 'query')
  const queryValues: Record<string, unknown> = {}
  for (const p of queryParams) {
    const raw = req.query.get(p.name)
    if (raw !== null) queryValues[p.name] = coerce(p.schema, raw)
  }
  details.push(...check(`${key} query`, paramSchema(queryParams), queryValues, 'query'))

  let body: unknown = undefined
  if (req.body.length > 0) {
    try {
      body = JSON.parse(req.body.toString('utf8'))
    } catch {
      return { kind: 'invalid', operation, status: 400, message: 'Problems parsing JSON', details: ['body is not JSON'] }
    }
  }
  if (operation.body?.schema) {
    if (body === undefined && operation.body.required) details.push('Request body is required.')
    else if (body !== undefined) details.push(...check(`${key} body`, operation.body.schema, body, 'body'))
  }
  if (details.length) return { kind: 'invalid', operation, status: 422, message: `Invalid request.\n\n${details.join('\n')}`, details }
  return { kind: 'ok', operation, params: found.params, body }
}
