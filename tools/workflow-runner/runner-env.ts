/**
 * The environment a runner gives a JavaScript action, and reading back what the action wrote: the one builder used
 * by the workflow runner (per step), the GitHub fake's `runnerEnv` (which adds the GITHUB_* / ACTIONS_* context),
 * the tests that run bundles and the benchmarks.
 *
 * - File commands: empty GITHUB_OUTPUT, GITHUB_ENV, GITHUB_PATH, GITHUB_STATE and GITHUB_STEP_SUMMARY files, named
 *   as the runner names them, read back as the runner does (`name=value` lines and `name<<DELIMITER` heredocs,
 *   GITHUB_PATH one directory a line).
 * - Inputs: `INPUT_<NAME>` (spaces to `_`, upper case, hyphens kept), as `@actions/core` reads them.
 * - A runner directory: workspace, temp and tool cache under one temp dir, laid out as on a hosted runner.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface FileCommandPaths {
  output: string
  env: string
  path: string
  state: string
  stepSummary: string
}

export interface FileCommandResults {
  outputs: Record<string, string>
  env: Record<string, string>
  path: string[]
  state: Record<string, string>
  summary: string
}

export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

export function inputEnv(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [inputEnvName(k), v]))
}

/** Parses `name=value` and `name<<DELIM ... DELIM` entries; a heredoc without its closing delimiter is an error. */
export function parseKeyValueFile(text: string, what: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    if (line.trim() === '') continue
    const eq = line.indexOf('=')
    const heredoc = line.indexOf('<<')
    if (heredoc > 0 && (eq < 0 || heredoc < eq)) {
      const name = line.slice(0, heredoc)
      const delimiter = line.slice(heredoc + 2)
      if (delimiter === '') throw new Error(`${what}: empty heredoc delimiter for '${name}'`)
      const value: string[] = []
      let closed = false
      for (i++; i < lines.length; i++) {
        if (lines[i] === delimiter) {
          closed = true
          break
        }
        value.push(lines[i])
      }
      if (!closed) throw new Error(`${what}: matching delimiter not found '${delimiter}'`)
      out[name] = value.join('\n')
    } else if (eq > 0) {
      out[line.slice(0, eq)] = line.slice(eq + 1)
    } else {
      throw new Error(`${what}: invalid format '${line}'`)
    }
  }
  return out
}

/** Creates the five empty file-command files in `dir` (which must exist), named as the runner names them. */
export function createFileCommands(dir: string, id = `${Date.now().toString(16)}${Math.random().toString(16).slice(2, 6)}`): FileCommandPaths {
  const files: FileCommandPaths = {
    output: join(dir, `set_output_${id}`),
    env: join(dir, `set_env_${id}`),
    path: join(dir, `add_path_${id}`),
    state: join(dir, `save_state_${id}`),
    stepSummary: join(dir, `step_summary_${id}`)
  }
  for (const f of Object.values(files)) writeFileSync(f, '')
  return files
}

export function fileCommandEnv(files: FileCommandPaths): Record<string, string> {
  return { GITHUB_OUTPUT: files.output, GITHUB_ENV: files.env, GITHUB_PATH: files.path, GITHUB_STATE: files.state, GITHUB_STEP_SUMMARY: files.stepSummary }
}

export function readFileCommands(files: FileCommandPaths): FileCommandResults {
  return {
    outputs: parseKeyValueFile(readFileSync(files.output, 'utf8'), 'GITHUB_OUTPUT'),
    env: parseKeyValueFile(readFileSync(files.env, 'utf8'), 'GITHUB_ENV'),
    path: readFileSync(files.path, 'utf8')
      .split(/\r?\n/)
      .filter((l) => l.trim() !== ''),
    state: parseKeyValueFile(readFileSync(files.state, 'utf8'), 'GITHUB_STATE'),
    summary: readFileSync(files.stepSummary, 'utf8')
  }
}

export interface RunnerEnvOptions {
  /** Action inputs; become `INPUT_<NAME>`. */
  inputs?: Record<string, string>
  /** Base directory for workspace, temp, tool cache and file commands (default a fresh temp dir). */
  dir?: string
  /** Names the workspace folder as on a hosted runner (`<dir>/work/<name>/<name>`); default `repo`. */
  repositoryName?: string
  /** Variables layered over the runner's own (before the inputs). */
  env?: Record<string, string>
}

export interface RunnerEnv {
  dir: string
  env: Record<string, string>
  files: FileCommandPaths
  /** Everything the action wrote to its file commands (throws on a malformed file, as the runner fails the step). */
  read(): FileCommandResults
  outputs(): Record<string, string>
  summary(): string
  /** The raw GITHUB_ENV file. */
  envFile(): string
  /** Removes the runner directory. */
  dispose(): void
}

/** A hosted-runner-like environment for one action run: PATH and HOME of this process, CI markers, the runner's directories, file commands, inputs. */
export function runnerEnv(opts: RunnerEnvOptions = {}): RunnerEnv {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'runner-'))
  const name = opts.repositoryName ?? 'repo'
  const workspace = join(dir, 'work', name, name)
  const temp = join(dir, 'temp')
  const toolCache = join(dir, 'tool-cache')
  const commands = join(temp, '_runner_file_commands')
  for (const d of [workspace, temp, toolCache, commands]) mkdirSync(d, { recursive: true })
  const files = createFileCommands(commands)
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    ...fileCommandEnv(files),
    GITHUB_WORKSPACE: workspace,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_TEMP: temp,
    RUNNER_TOOL_CACHE: toolCache,
    RUNNER_WORKSPACE: join(dir, 'work', name),
    ...opts.env,
    ...inputEnv(opts.inputs ?? {})
  }
  return {
    dir,
    env,
    files,
    read: () => readFileCommands(files),
    outputs: () => parseKeyValueFile(readFileSync(files.output, 'utf8'), 'GITHUB_OUTPUT'),
    summary: () => readFileSync(files.stepSummary, 'utf8'),
    envFile: () => readFileSync(files.env, 'utf8'),
    dispose: () => rmSync(dir, { recursive: true, force: true })
  }
}
