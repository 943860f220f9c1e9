/**
 * Checks what the fake answers against GitHub's OpenAPI description: the status must be one the operation documents
 * (errors may use any status, with GitHub's error shape), a documented JSON body must be there and match its schema
 * (ajv + ajv-formats, `$ref`s resolved against the description's shared schemas), and a status documented without
 * a body must have none. Compiled validators are cached per process.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { loadResponseSubset } from './response-subset.js'
import type { SpecFlavour } from './spec-subset.js'

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv

/** Every error body GitHub sends has at least a message (Basic Error / Validation Error). */
const ERROR_SHAPE = {
  type: 'object',
  required: ['message'],
  properties: { message: { type: 'string' }, documentation_url: { type: 'string' }, status: { type: 'string' }, errors: { type: 'array' } }
}

const engines = new Map<SpecFlavour, { ajv: Ajv; id: string }>()
const validators = new Map<string, ValidateFunction>()

function engine(flavour: SpecFlavour): { ajv: Ajv; id: string } {
  let e = engines.get(flavour)
  if (!e) {
    const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false, inlineRefs: false })
    addFormats(ajv)
    const id = `https://github-fake.invalid/${flavour}`
    ajv.addSchema({ $id: id, components: { schemas: loadResponseSubset(flavour).schemas } })
    e = { ajv, id }
    engines.set(flavour, e)
  }
  return e
}

/** The schema with its `#/components/...` references pointed at the shared-schemas document. */
function anchored(schema: unknown, id: string): unknown {
  if (Array.isArray(schema)) return schema.map((s) => anchored(s, id))
  if (schema && typeof schema === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(schema)) out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `${id}${v}` : anchored(v, id)
    return out
  }
  return schema
}

function compiled(flavour: SpecFlavour, key: string, schema: Record<string, unknown>): ValidateFunction {
  let v = validators.get(key)
  if (!v) {
    const { ajv, id } = engine(flavour)
    v = ajv.compile(anchored(schema, id) as Record<string, unknown>)
    validators.set(key, v)
  }
  return v
}

function describe(e: ErrorObject): string {
  const at = e.instancePath || '(body)'
  if (e.keyword === 'required') return `${at}: missing required "${(e.params as { missingProperty: string }).missingProperty}"`
  if (e.keyword === 'enum') return `${at}: ${e.message} ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}`
  return `${at}: ${e.message ?? e.keyword}`
}

export interface ResponseToValidate {
  operationId: string
  status: number
  /** The parsed JSON body, `undefined` when there is none; `raw` for a body that is not JSON (stream, bytes). */
  body: unknown
  raw?: boolean
}

/** What is wrong with the answer (empty when it conforms). At most 40 lines. */
export function validateResponse(flavour: SpecFlavour, res: ResponseToValidate): string[] {
  const documented = loadResponseSubset(flavour).operations[res.operationId]
  if (!documented) return [`operation ${res.operationId} is not in the ${flavour} description`]
  const status = String(res.status)
  const spec = documented[status] ?? documented[`${status[0]}XX`] ?? documented.default
  if (!spec && res.status < 400) return [`status ${status} is not documented for ${res.operationId} (documented: ${Object.keys(documented).join(', ')})`]
  // The description often lists an error status without its body; GitHub still sends its JSON error.
  if (!spec?.schema && res.status >= 400) {
    if (res.raw || res.body === undefined) return [`error status ${status} without GitHub's JSON error body`]
    return check(flavour, `error`, ERROR_SHAPE, res.body)
  }
  if (!spec) return []
  if (!spec.schema) {
    if (spec.contentTypes.length === 0 && (res.raw || res.body !== undefined)) return [`status ${status} of ${res.operationId} has no body in the description, but the fake sent one`]
    return []
  }
  if (res.raw) return spec.contentTypes.some((t) => !/json/.test(t)) ? [] : [`status ${status} of ${res.operationId} must be JSON`]
  if (res.body === undefined) return [`status ${status} of ${res.operationId} must have a JSON body`]
  return check(flavour, `${res.operationId} ${status}`, spec.schema, res.body)
}

function check(flavour: SpecFlavour, key: string, schema: Record<string, unknown>, body: unknown): string[] {
  const v = compiled(flavour, `${flavour} ${key}`, schema)
  if (v(body)) return []
  return [...new Set((v.errors ?? []).map(describe))].slice(0, 40)
}
