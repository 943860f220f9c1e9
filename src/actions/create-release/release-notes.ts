/** Reads `release_notes_file` (relative paths are relative to the workspace, where the runner starts steps). */
import { readFile } from 'node:fs/promises'
import { isAbsolute, resolve } from 'node:path'
import { ActionError } from '../../core/errors.js'

export async function readReleaseNotesFile(path: string, env: NodeJS.ProcessEnv): Promise<string> {
  const full = isAbsolute(path) ? path : resolve(env.GITHUB_WORKSPACE || process.cwd(), path)
  try {
    return await readFile(full, 'utf8')
  } catch (err) {
    const code = (err as { code?: string }).code
    throw new ActionError(
      `input 'release_notes_file': cannot read ${full} (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : ((err as Error).message ?? code)}). Check the path (relative paths start at the workspace) and that an earlier step created the file.`
    )
  }
}
