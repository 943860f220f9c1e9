/**
 * The inputs an action receives, as the runner resolves them: each `with:` value (names match case-insensitively),
 * else the action.yml default (an expression is evaluated); `with:` keys the action does not declare are passed
 * anyway with GitHub's warning. JavaScript actions get them as `INPUT_<NAME>` (runner-env.ts).
 */
import { tokenString, type Contexts } from './expressions.js'
import type { LocalAction } from './action-loader.js'

export interface ResolvedInputs {
  values: Record<string, string>
  unexpected: string[]
}

export function resolveActionInputs(action: LocalAction, given: Record<string, string>, contexts: Contexts): ResolvedInputs {
  const values: Record<string, string> = {}
  const declared = new Map(action.inputs.map((i) => [i.id.toLowerCase(), i]))
  const givenLower = new Map(Object.entries(given).map(([k, v]) => [k.toLowerCase(), { key: k, value: v }]))
  for (const input of action.inputs) {
    const provided = givenLower.get(input.id.toLowerCase())
    if (provided !== undefined) values[input.id] = provided.value
    else if (input.default !== undefined) values[input.id] = tokenString(input.default, contexts, undefined, `default of input '${input.id}'`)
  }
  const unexpected: string[] = []
  for (const [lower, { key, value }] of givenLower) {
    if (!declared.has(lower)) {
      unexpected.push(key)
      values[key] = value
    }
  }
  return { values, unexpected }
}

export function unexpectedInputsWarning(action: LocalAction, unexpected: string[]): string {
  return `Unexpected input(s) ${unexpected.map((u) => `'${u}'`).join(', ')}, valid inputs are [${action.inputs.map((i) => `'${i.id}'`).join(', ')}]`
}
