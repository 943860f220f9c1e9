/**
 * The file commands of one step: fresh GITHUB_OUTPUT, GITHUB_ENV, GITHUB_PATH, GITHUB_STATE and
 * GITHUB_STEP_SUMMARY files, read back after the step as the runner does (`name=value` lines and
 * `name<<DELIMITER` heredocs; GITHUB_PATH one directory a line).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export interface StepFiles {
  env: Record<string, string>
  read(): StepFileResults
}

export interface StepFileResults {
  outputs: Record<string, string>
  env: Record<string, string>
  path: string[]
  state: Record<string, string>
  summary: string
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

export function createStepFiles(tempDir: string): StepFiles {
  const dir = mkdtempSync(join(tempDir, 'step-'))
  const files = {
    GITHUB_OUTPUT: join(dir, 'set_output'),
    GITHUB_ENV: join(dir, 'set_env'),
    GITHUB_PATH: join(dir, 'add_path'),
    GITHUB_STATE: join(dir, 'save_state'),
    GITHUB_STEP_SUMMARY: join(dir, 'step_summary')
  }
  for (const f of Object.values(files)) writeFileSync(f, '')
  return {
    env: { ...files },
    read: () => ({
      outputs: parseKeyValueFile(readFileSync(files.GITHUB_OUTPUT, 'utf8'), 'GITHUB_OUTPUT'),
      env: parseKeyValueFile(readFileSync(files.GITHUB_ENV, 'utf8'), 'GITHUB_ENV'),
      path: readFileSync(files.GITHUB_PATH, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== ''),
      state: parseKeyValueFile(readFileSync(files.GITHUB_STATE, 'utf8'), 'GITHUB_STATE'),
      summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8')
    })
  }
}
