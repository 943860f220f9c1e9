/**
 * `${{ }}` evaluation with GitHub's expression engine (@actions/expressions) over plain JSON contexts, plus the
 * runner's status functions and the conversion of parsed template tokens (from @actions/workflow-parser) to values.
 */
import { Evaluator, Lexer, Parser, data, type Expr } from '@actions/expressions'
import { isBasicExpression, isBoolean, isMapping, isNumber, isSequence, isString } from '@actions/workflow-parser'
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/index'
import { TokenType as LexTokenType, type Token } from '@actions/expressions/lexer'
import { TokenType } from '@actions/workflow-parser/templates/tokens/types'

/** Plain JSON contexts by name: github, env, vars, secrets, inputs, steps, job, runner, needs, strategy, matrix. */
export type Contexts = Record<string, unknown>

/** The state the status functions read: the job's status so far (step `if:`) or its needs' results (job `if:`). */
export interface Status {
  success: boolean
  failure: boolean
  cancelled: boolean
}

export const SUCCESS: Status = { success: true, failure: false, cancelled: false }

export class ExpressionEvaluationFailed extends Error {
  constructor(expression: string, reason: string) {
    super(`evaluating \${{ ${expression} }}: ${reason}`)
    this.name = 'ExpressionEvaluationFailed'
  }
}

const CONTEXT_NAMES = ['github', 'env', 'vars', 'secrets', 'inputs', 'steps', 'job', 'jobs', 'runner', 'needs', 'strategy', 'matrix']

function statusFunctions(status: Status): Map<string, { name: string; minArgs: number; maxArgs: number; call: (...a: data.ExpressionData[]) => data.ExpressionData }> {
  const fn = (name: string, value: () => boolean) => ({ name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(value()) })
  const functions = [
    fn('success', () => status.success && !status.cancelled),
    fn('failure', () => status.failure && !status.cancelled),
    fn('always', () => true),
    fn('cancelled', () => status.cancelled),
    {
      name: 'hashFiles',
      minArgs: 1,
      maxArgs: 255,
      call: (): data.ExpressionData => {
        throw new Error('hashFiles() is not supported by the local workflow executor')
      }
    }
  ]
  return new Map(functions.map((f) => [f.name.toLowerCase(), f]))
}

export function toExpressionData(value: unknown): data.ExpressionData {
  if (value === undefined) return new data.Null()
  return JSON.parse(JSON.stringify(value), data.reviver) as data.ExpressionData
}

export function fromExpressionData(value: data.ExpressionData): unknown {
  return JSON.parse(JSON.stringify(value, data.replacer) ?? 'null') as unknown
}

/**
 * @actions/expressions' lexer unescapes only the first `''` of a string literal (`String.replace` with a string);
 * GitHub's runner unescapes all of them. Recompute string values from their lexemes.
 */
function lex(expression: string): Token[] {
  const tokens = new Lexer(expression).lex().tokens
  return tokens.map((t) => (t.type === LexTokenType.STRING ? { ...t, value: t.lexeme.slice(1, -1).split("''").join("'") } : t))
}

function parse(expression: string): Expr {
  const infos = [...statusFunctions(SUCCESS).values()].map(({ name, minArgs, maxArgs }) => ({ name, minArgs, maxArgs }))
  return new Parser(lex(expression), CONTEXT_NAMES, infos).parse()
}

/** Evaluates one expression (without `${{ }}`) to ExpressionData. */
export function evaluateData(expression: string, contexts: Contexts, status: Status = SUCCESS): data.ExpressionData {
  try {
    const dictionary = new data.Dictionary(...CONTEXT_NAMES.map((key) => ({ key, value: toExpressionData(contexts[key] ?? {}) })))
    return new Evaluator(parse(expression), dictionary, statusFunctions(status)).evaluate() ?? new data.Null()
  } catch (err) {
    throw new ExpressionEvaluationFailed(expression, (err as Error).message)
  }
}

export function evaluateExpression(expression: string, contexts: Contexts, status: Status = SUCCESS): unknown {
  return fromExpressionData(evaluateData(expression, contexts, status))
}

/** GitHub truthiness: false, 0, -0, NaN, '' and null are falsy. */
export function isTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === '') return false
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value)
  return true
}

/** Evaluates a condition token (the parser already wraps it in `success() && (...)` when it has no status function). */
export function evaluateCondition(token: TemplateToken, contexts: Contexts, status: Status): boolean {
  if (isBasicExpression(token)) return isTruthy(evaluateExpression(token.expression, contexts, status))
  return isTruthy(tokenValue(token, contexts, status))
}

function where(token: TemplateToken): string {
  return token.line !== undefined ? ` (line ${token.line}, column ${token.col})` : ''
}

/** The JSON value of a template token, expressions evaluated. */
export function tokenValue(token: TemplateToken, contexts: Contexts, status: Status = SUCCESS): unknown {
  if (isBasicExpression(token)) return evaluateExpression(token.expression, contexts, status)
  if (isString(token) || isNumber(token) || isBoolean(token)) return token.value
  if (token.templateTokenType === TokenType.Null) return null
  if (token.templateTokenType === TokenType.InsertExpression) {
    throw new Error(`\${{ insert }} is not supported by the local workflow executor${where(token)}`)
  }
  if (isSequence(token)) {
    const out: unknown[] = []
    for (const item of token) out.push(tokenValue(item, contexts, status))
    return out
  }
  if (isMapping(token)) {
    const out: Record<string, unknown> = {}
    for (const pair of token) out[tokenString(pair.key, contexts, status)] = tokenValue(pair.value, contexts, status)
    return out
  }
  throw new Error(`unexpected template token ${token.typeName()}${where(token)}`)
}

/** Coerces a value to the string a step sees (as the runner does): objects and arrays are an error. */
export function coerceString(value: unknown, what: string): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (typeof value === 'number') return new data.NumberData(value).coerceString()
  throw new Error(`${what} evaluated to ${Array.isArray(value) ? 'an array' : 'an object'}, a string was expected (use toJSON())`)
}

export function tokenString(token: TemplateToken, contexts: Contexts, status: Status = SUCCESS, what = 'value'): string {
  return coerceString(tokenValue(token, contexts, status), what)
}

/** Evaluates a mapping token whose values must be strings (env, with, outputs). */
export function tokenStringMap(token: TemplateToken | undefined, contexts: Contexts, what: string, status: Status = SUCCESS): Record<string, string> {
  const out: Record<string, string> = {}
  if (!token) return out
  if (!isMapping(token)) {
    const value = tokenValue(token, contexts, status)
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${what} must be a mapping`)
    for (const [k, v] of Object.entries(value)) out[k] = coerceString(v, `${what}.${k}`)
    return out
  }
  for (const pair of token) {
    const key = tokenString(pair.key, contexts, status, `${what} key`)
    out[key] = tokenString(pair.value, contexts, status, `${what}.${key}`)
  }
  return out
}
