/**
 * `workflow_dispatch` inputs, validated against the workflow's declared inputs as GitHub does: values arrive as
 * strings; unknown inputs are rejected; a required input needs a value unless it has a default; `boolean` takes
 * `true`/`false`, `number` a number, `choice` one of its options, `environment` a name. The event payload
 * (`github.event.inputs`) holds strings; the `inputs` context keeps booleans and numbers typed.
 */
import { isBoolean, isMapping, isNumber, isSequence, isString } from '@actions/workflow-parser'
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/index'
import type { MappingToken } from '@actions/workflow-parser/templates/tokens/index'

export type InputType = 'string' | 'boolean' | 'number' | 'choice' | 'environment'

export interface DispatchInputDef {
  name: string
  type: InputType
  required: boolean
  default?: string
  options?: string[]
  description?: string
}

export interface DispatchInputs {
  /** `github.event.inputs`: every declared input as a string. */
  payload: Record<string, string>
  /** The `inputs` context: booleans and numbers typed. */
  context: Record<string, string | boolean | number>
}

export class DispatchInputError extends Error {
  constructor(readonly problems: string[]) {
    super(`workflow_dispatch inputs rejected:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'DispatchInputError'
  }
}

const TYPES = new Set<InputType>(['string', 'boolean', 'number', 'choice', 'environment'])

function scalarText(token: TemplateToken): string {
  if (isString(token)) return token.value
  if (isBoolean(token)) return token.value ? 'true' : 'false'
  if (isNumber(token)) return String(token.value)
  throw new Error(`expected a scalar, found ${token.typeName()}`)
}

/** Reads the declared inputs from the parsed `on.workflow_dispatch.inputs` mapping. */
export function readDispatchInputs(token: MappingToken | undefined): DispatchInputDef[] {
  const defs: DispatchInputDef[] = []
  for (const pair of token ?? []) {
    const name = scalarText(pair.key)
    const def: DispatchInputDef = { name, type: 'string', required: false }
    for (const prop of isMapping(pair.value) ? pair.value : []) {
      const key = scalarText(prop.key)
      if (key === 'type') {
        const type = scalarText(prop.value) as InputType
        if (!TYPES.has(type)) throw new Error(`workflow_dispatch input '${name}': unknown type '${type}'`)
        def.type = type
      } else if (key === 'required') def.required = isBoolean(prop.value) && prop.value.value
      else if (key === 'default') def.default = scalarText(prop.value)
      else if (key === 'description') def.description = scalarText(prop.value)
      else if (key === 'options' && isSequence(prop.value)) {
        def.options = []
        for (const o of prop.value) def.options.push(scalarText(o))
      }
    }
    defs.push(def)
  }
  return defs
}

function checkValue(def: DispatchInputDef, value: string): string | undefined {
  switch (def.type) {
    case 'boolean':
      return value === 'true' || value === 'false' ? undefined : `input '${def.name}' is a boolean: expected 'true' or 'false', got '${value}'`
    case 'number':
      return value.trim() !== '' && Number.isFinite(Number(value)) ? undefined : `input '${def.name}' is a number: got '${value}'`
    case 'choice':
      return def.options?.includes(value) ? undefined : `input '${def.name}': '${value}' is not one of the allowed values ${JSON.stringify(def.options ?? [])}`
    default:
      return undefined
  }
}

export function resolveDispatchInputs(defs: DispatchInputDef[], given: Record<string, string>): DispatchInputs {
  const problems: string[] = []
  const known = new Set(defs.map((d) => d.name))
  const unknown = Object.keys(given).filter((k) => !known.has(k))
  if (unknown.length > 0) problems.push(`unexpected inputs provided: ${JSON.stringify(unknown)} (declared: ${JSON.stringify([...known])})`)
  for (const [k, v] of Object.entries(given)) {
    if (typeof v !== 'string') problems.push(`input '${k}' must be given as a string, got ${typeof v}`)
  }
  const payload: Record<string, string> = {}
  const context: Record<string, string | boolean | number> = {}
  for (const def of defs) {
    const provided = given[def.name]
    let value = provided !== undefined && provided !== '' ? provided : def.default
    if (value === undefined || value === '') {
      if (def.required) {
        problems.push(`required input '${def.name}' not provided`)
        continue
      }
      value = def.type === 'boolean' ? 'false' : ''
      payload[def.name] = value
      context[def.name] = def.type === 'boolean' ? false : value
      continue
    }
    const problem = typeof value === 'string' ? checkValue(def, value) : undefined
    if (problem) {
      problems.push(problem)
      continue
    }
    payload[def.name] = value
    context[def.name] = def.type === 'boolean' ? value === 'true' : def.type === 'number' ? Number(value) : value
  }
  if (problems.length > 0) throw new DispatchInputError(problems)
  return { payload, context }
}
