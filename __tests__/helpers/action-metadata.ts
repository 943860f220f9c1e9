/** Reads each actions/<name>/action.yml and checks the suite metadata invariants (used by the invariant tests). */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { InputReader } from '../../src/core/inputs.js'

export interface ActionMeta {
  name: string
  dir: string
  file: string
  meta: {
    name?: string
    description?: string
    author?: string
    branding?: { icon?: string; color?: string }
    inputs?: Record<string, { description?: string; required?: boolean; default?: string }>
    outputs?: Record<string, { description?: string; value?: string }>
    runs: { using: string; main?: string; steps?: unknown[] }
  }
}

export function listActions(root: string): ActionMeta[] {
  const dir = join(root, 'actions')
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .sort()
    .filter((n) => existsSync(join(dir, n, 'action.yml')))
    .map((name) => {
      const file = join(dir, name, 'action.yml')
      return { name, dir: join(dir, name), file, meta: parse(readFileSync(file, 'utf8')) }
    })
}

export function javascriptActions(root: string): ActionMeta[] {
  return listActions(root).filter((a) => a.meta.runs.using !== 'composite')
}

/** Runs an action's `parseInputs` with no inputs set and returns the names it read. */
export function inputsReadBy(parseInputs: (reader: InputReader) => unknown): Set<string> {
  const reader = new InputReader(() => '', { env: {} })
  try {
    parseInputs(reader)
  } catch {
    // Missing required inputs are expected here: only the names read matter.
  }
  return reader.read
}

export function compareInputs(declared: string[], read: Set<string>): { declaredNotRead: string[]; readNotDeclared: string[] } {
  return {
    declaredNotRead: declared.filter((n) => !read.has(n)).sort(),
    readNotDeclared: [...read].filter((n) => !declared.includes(n)).sort()
  }
}
