/**
 * Reads action inputs into typed values, collecting every problem so they are reported together in one
 * `ConfigurationError` (`finish()`). Inputs may fall back to environment variables (`server` -> `OCTOPUS_URL`);
 * messages always name both. Secret inputs are registered with the `SecretRegistry` the moment they are read.
 *
 * Convention: an action's `parseInputs(reader)` reads every input it declares unconditionally (then validates),
 * so the invariant tests can compare what the code reads with what `action.yml` declares.
 */
import { ConfigurationError } from './errors.js'
import { parseBoolean, parseDuration, parseInteger, parseList, parseMap, parseServerUrl, truncate } from './parse.js'
import type { SecretRegistry } from './secrets.js'

/** Returns the raw value of an input ('' when not set). */
export type InputSource = (name: string) => string

/** The runner passes inputs as `INPUT_<NAME>` (spaces become `_`, upper case), as `@actions/core` reads them. */
export function envInputSource(env: NodeJS.ProcessEnv = process.env): InputSource {
  return (name) => env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? ''
}

export interface ReadOptions {
  /** Environment variable used when the input is empty. */
  env?: string
  required?: boolean
  /** Register the value with the secret registry and never echo it in messages. */
  secret?: boolean
  /** Longest accepted value, in characters (names and versions end up in URLs and server fields). */
  maxLength?: number
}

export class InputReader {
  /** Names of the inputs read so far. */
  readonly read = new Set<string>()
  readonly problems: string[] = []

  constructor(
    private readonly source: InputSource,
    private readonly opts: { env?: NodeJS.ProcessEnv; secrets?: SecretRegistry } = {}
  ) {}

  /** Records a problem with an input; `finish()` reports them all. */
  problem(message: string): void {
    this.problems.push(message)
  }

  /** How to refer to an input in messages: `'server' (or env OCTOPUS_URL)`. */
  label(name: string, env?: string): string {
    return env ? `'${name}' (or the ${env} environment variable)` : `'${name}'`
  }

  /** The trimmed value (input, else env fallback), or undefined when both are empty. */
  raw(name: string, opts: ReadOptions = {}): string | undefined {
    this.read.add(name)
    let value = this.source(name)
    if (!value.trim() && opts.env) value = (this.opts.env ?? process.env)[opts.env] ?? ''
    if (opts.secret) this.opts.secrets?.add(value)
    const trimmed = value.trim()
    if (!trimmed) {
      if (opts.required) this.problem(`input ${this.label(name, opts.env)} is required${opts.env ? `: set it in 'with:' or set ${opts.env}` : ''}`)
      return undefined
    }
    if (opts.secret && trimmed !== value) this.opts.secrets?.add(trimmed)
    if (opts.maxLength !== undefined && trimmed.length > opts.maxLength) {
      this.problem(`input ${this.label(name, opts.env)} is too long: ${trimmed.length} characters, at most ${opts.maxLength}`)
      return undefined
    }
    return trimmed
  }

  string(name: string, opts: ReadOptions & { default?: string } = {}): string | undefined {
    return this.raw(name, opts) ?? opts.default
  }

  /** A required string; returns '' (after recording the problem) when missing so parsing can go on. */
  required(name: string, opts: Omit<ReadOptions, 'required'> = {}): string {
    return this.raw(name, { ...opts, required: true }) ?? ''
  }

  private convert<T>(name: string, opts: ReadOptions, parse: (v: string) => T): T | undefined {
    const v = this.raw(name, opts)
    if (v === undefined) return undefined
    try {
      return parse(v)
    } catch (err) {
      const shown = opts.secret ? '' : ` (got "${truncate(v)}")`
      this.problem(`input ${this.label(name, opts.env)} ${(err as Error).message}${shown}`)
      return undefined
    }
  }

  boolean(name: string, defaultValue: boolean, opts: ReadOptions = {}): boolean {
    return this.convert(name, opts, parseBoolean) ?? defaultValue
  }

  optionalBoolean(name: string, opts: ReadOptions = {}): boolean | undefined {
    return this.convert(name, opts, parseBoolean)
  }

  integer(name: string, opts: ReadOptions & { min?: number; max?: number } = {}): number | undefined {
    return this.convert(name, opts, (v) => parseInteger(v, opts))
  }

  /** Milliseconds. */
  duration(name: string, opts: ReadOptions & { min?: number; max?: number } = {}): number | undefined {
    return this.convert(name, opts, (v) => parseDuration(v, opts))
  }

  /** One of `values` (matched case-insensitively, returned as declared). */
  enumOf<T extends string>(name: string, values: readonly T[], opts: ReadOptions = {}): T | undefined {
    return this.convert(name, opts, (v) => {
      const found = values.find((x) => x.toLowerCase() === v.toLowerCase())
      if (!found) throw new Error(`must be one of ${values.join(', ')}`)
      return found
    })
  }

  list(name: string, opts: ReadOptions & { comma?: boolean } = {}): string[] {
    return this.convert(name, opts, (v) => parseList(v, opts)) ?? []
  }

  map(name: string, opts: ReadOptions & { separators?: string[] } = {}): [string, string][] {
    return this.convert(name, opts, (v) => parseMap(v, opts)) ?? []
  }

  url(name: string, opts: ReadOptions & { stripSuffixes?: string[] } = {}): string | undefined {
    return this.convert(name, opts, (v) => parseServerUrl(v, opts))
  }

  /** At most one of the inputs may be given. `given` says which are set (after env fallbacks). */
  exclusive(given: Record<string, unknown>): void {
    const set = Object.entries(given).filter(([, v]) => isGiven(v)).map(([k]) => k)
    if (set.length > 1) this.problem(`inputs ${set.map((s) => `'${s}'`).join(' and ')} cannot be used together: give only one`)
  }

  /** At least one of the inputs must be given. */
  atLeastOne(given: Record<string, unknown>, why = ''): void {
    if (!Object.values(given).some(isGiven))
      this.problem(`one of the inputs ${Object.keys(given).map((s) => `'${s}'`).join(', ')} is required${why ? `: ${why}` : ''}`)
  }

  /** Throws one `ConfigurationError` listing every problem found. */
  finish(): void {
    if (this.problems.length) throw new ConfigurationError(this.problems)
  }
}

function isGiven(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === '') return false
  if (Array.isArray(v)) return v.length > 0
  return true
}
