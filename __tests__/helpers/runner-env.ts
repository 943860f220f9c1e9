/** A runner-like environment for running a bundle as the runner does: INPUT_*, file commands, temp dirs. */
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface RunnerFiles {
  dir: string
  env: Record<string, string>
  outputs(): Record<string, string>
  summary(): string
  envFile(): string
}

/** Parses a GITHUB_OUTPUT / GITHUB_ENV file (`name=value` lines and `name<<DELIM` heredocs). */
export function parseFileCommands(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc) {
      const [, name, delim] = heredoc
      const value: string[] = []
      for (i++; i < lines.length && lines[i] !== delim; i++) value.push(lines[i])
      out[name] = value.join('\n')
    } else if (line.includes('=')) {
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1)
    }
  }
  return out
}

export function runnerFiles(inputs: Record<string, string> = {}): RunnerFiles {
  const dir = mkdtempSync(join(tmpdir(), 'runner-'))
  const files = { output: join(dir, 'output'), env: join(dir, 'env'), summary: join(dir, 'summary'), path: join(dir, 'path'), state: join(dir, 'state') }
  for (const f of Object.values(files)) writeFileSync(f, '')
  mkdirSync(join(dir, 'temp'))
  mkdirSync(join(dir, 'workspace'))
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_OUTPUT: files.output,
    GITHUB_ENV: files.env,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_PATH: files.path,
    GITHUB_STATE: files.state,
    GITHUB_WORKSPACE: join(dir, 'workspace'),
    RUNNER_TEMP: join(dir, 'temp'),
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64'
  }
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.replace(/ /g, '_').toUpperCase()}`] = v
  return {
    dir,
    env,
    outputs: () => parseFileCommands(readFileSync(files.output, 'utf8')),
    summary: () => readFileSync(files.summary, 'utf8'),
    envFile: () => readFileSync(files.env, 'utf8')
  }
}
