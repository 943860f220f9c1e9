/**
 * The runner's protocol for a JavaScript action, written out here instead of importing `@actions/core`: workflow
 * commands on stdout (`::name key=value::message`, escaped as the runner unescapes them) and file commands appended
 * to the files the runner names in `GITHUB_OUTPUT`, `GITHUB_ENV` and `GITHUB_STEP_SUMMARY` (`name<<delimiter`
 * heredocs with a random delimiter). The functions have `@actions/core`'s names and write byte for byte what it
 * writes (a test compares them); the difference is what loading costs: `@actions/core` imports
 * `@actions/http-client` and with it a second copy of undici at start (about 16 MiB of peak RSS, see bench/README.md),
 * for `getIDToken`, which the suite does not use (OIDC tokens are requested in src/octopus/oidc.ts).
 *
 * Only action-runtime.ts uses this module; library code takes a Logger.
 */
import { randomUUID } from 'node:crypto'
import { appendFileSync, existsSync } from 'node:fs'
import { access, appendFile, writeFile, constants } from 'node:fs/promises'
import { EOL } from 'node:os'

export type CommandProperties = Record<string, string | number | undefined>

/** Strings pass as they are; null and undefined become ''; anything else is JSON. */
export function toCommandValue(input: unknown): string {
  if (input === null || input === undefined) return ''
  if (typeof input === 'string' || input instanceof String) return String(input)
  return JSON.stringify(input)
}

function escapeData(s: unknown): string {
  return toCommandValue(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

function escapeProperty(s: unknown): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

/** `::command key=value,key=value::message`, properties without a value left out. */
export function formatCommand(command: string, properties: CommandProperties, message: unknown): string {
  const props = Object.entries(properties)
    .filter(([, v]) => v !== undefined && v !== '' && v !== 0)
    .map(([k, v]) => `${k}=${escapeProperty(v)}`)
  return `::${command || 'missing.command'}${props.length ? ` ${props.join(',')}` : ''}::${escapeData(message)}`
}

export function issueCommand(command: string, properties: CommandProperties, message: unknown): void {
  process.stdout.write(formatCommand(command, properties, message) + EOL)
}

export const isDebug = (): boolean => process.env.RUNNER_DEBUG === '1'
export const debug = (message: string): void => issueCommand('debug', {}, message)
export const info = (message: string): void => void process.stdout.write(message + EOL)
export const warning = (message: string | Error): void => issueCommand('warning', {}, message instanceof Error ? message.toString() : message)
export const error = (message: string | Error): void => issueCommand('error', {}, message instanceof Error ? message.toString() : message)
export const startGroup = (name: string): void => issueCommand('group', {}, name)
export const endGroup = (): void => issueCommand('endgroup', {}, '')
export const setSecret = (secret: string): void => issueCommand('add-mask', {}, secret)

/** Marks the step failed (exit code 1) with an error annotation. */
export function setFailed(message: string | Error): void {
  process.exitCode = 1
  error(message)
}

/** A `name<<delimiter` heredoc with a fresh random delimiter that neither the name nor the value may contain. */
export function keyValueMessage(key: string, value: unknown): string {
  const delimiter = `ghadelimiter_${randomUUID()}`
  const converted = toCommandValue(value)
  if (key.includes(delimiter)) throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`)
  if (converted.includes(delimiter)) throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`)
  return `${key}<<${delimiter}${EOL}${converted}${EOL}${delimiter}`
}

function issueFileCommand(command: 'OUTPUT' | 'ENV', message: string): void {
  const filePath = process.env[`GITHUB_${command}`]
  if (!filePath) throw new Error(`Unable to find environment variable for file command ${command}`)
  if (!existsSync(filePath)) throw new Error(`Missing file at path: ${filePath}`)
  appendFileSync(filePath, `${message}${EOL}`, { encoding: 'utf8' })
}

/** A step output: the GITHUB_OUTPUT file, or the `set-output` command where the runner gives no file. */
export function setOutput(name: string, value: unknown): void {
  if (process.env.GITHUB_OUTPUT) return issueFileCommand('OUTPUT', keyValueMessage(name, value))
  process.stdout.write(EOL)
  issueCommand('set-output', { name }, toCommandValue(value))
}

/** An environment variable for this process and the job's later steps (GITHUB_ENV, or `set-env`). */
export function exportVariable(name: string, value: unknown): void {
  const converted = toCommandValue(value)
  process.env[name] = converted
  if (process.env.GITHUB_ENV) return issueFileCommand('ENV', keyValueMessage(name, value))
  issueCommand('set-env', { name }, converted)
}

/** Appends (or with `overwrite`, writes) HTML to the job summary file named by GITHUB_STEP_SUMMARY. */
export async function writeSummary(html: string, options: { overwrite?: boolean } = {}): Promise<void> {
  const filePath = process.env.GITHUB_STEP_SUMMARY
  if (!filePath) throw new Error('Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.')
  try {
    await access(filePath, constants.R_OK | constants.W_OK)
  } catch {
    throw new Error(`Unable to access summary file: '${filePath}'. Check if the file has correct read/write permissions.`)
  }
  await (options.overwrite ? writeFile : appendFile)(filePath, html, { encoding: 'utf8' })
}
