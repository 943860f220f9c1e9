/** Paths in the repository, wherever a test file sits in the folder layout. */
import { join, resolve } from 'node:path'

export const REPO_ROOT = resolve(import.meta.dirname, '../..')

/** The committed bundle of an action, as its action.yml runs it. */
export function bundlePath(action: string): string {
  return join(REPO_ROOT, 'dist', action, 'index.js')
}

/** A file under `__tests__/fixtures/`. */
export function fixturePath(...parts: string[]): string {
  return join(REPO_ROOT, '__tests__', 'fixtures', ...parts)
}
