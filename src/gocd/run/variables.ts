/**
 * Pipeline variables from the `environment_variables` and `secure_environment_variables` inputs (`NAME=value` per
 * line). Secure values are never echoed in messages, not even when a line cannot be parsed.
 */
import { truncate } from '../../core/parse.js'
import type { ScheduleVariable } from '../pipelines.js'

/** Parses secure `NAME=value` lines; problems name the line and variable, never the value. */
export function parseSecureVariables(text: string | undefined): { variables: ScheduleVariable[]; problems: string[] } {
  const variables: ScheduleVariable[] = []
  const problems: string[] = []
  if (!text) return { variables, problems }
  const seen = new Set<string>()
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim()
    if (!trimmed || trimmed.startsWith('#')) return
    const at = trimmed.indexOf('=')
    const name = at > 0 ? trimmed.slice(0, at).trim() : ''
    if (at < 0) problems.push(`line ${index + 1} has no '=': expected NAME=value (the line is not shown because it may hold a secret)`)
    else if (!name) problems.push(`line ${index + 1} has an empty name: expected NAME=value`)
    else if (seen.has(name)) problems.push(`'${truncate(name)}' is given twice`)
    else {
      seen.add(name)
      variables.push({ name, value: trimmed.slice(at + 1).trim(), secure: true })
    }
  })
  return { variables, problems }
}

export function plainVariables(pairs: [string, string][]): ScheduleVariable[] {
  return pairs.map(([name, value]) => ({ name, value, secure: false }))
}

/** Names given in both inputs. */
export function duplicateNames(plain: ScheduleVariable[], secure: ScheduleVariable[]): string[] {
  const secureNames = new Set(secure.map((v) => v.name))
  return plain.filter((v) => secureNames.has(v.name)).map((v) => v.name)
}
