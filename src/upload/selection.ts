/**
 * Which files an upload takes, found the way the official `actions/upload-artifact` finds them: `@actions/glob`
 * patterns (one per line, `!` excludes, a directory means everything below it), symbolic links followed (the file
 * is stored under the link's path, with the target's content), broken links skipped, directories never uploaded on
 * their own (so empty directories are left out), hidden files (a `.` segment) excluded unless asked for.
 *
 * The root of the artifact (paths inside it are relative to the root) is the least common ancestor of the search
 * paths of the patterns; a single pattern naming one file has that file's directory as its root.
 */
import * as glob from '@actions/glob'
import { realpath, stat } from 'node:fs/promises'
import { dirname, normalize, relative, sep } from 'node:path'

export interface SelectedFile {
  /** Absolute path on the runner (a symbolic link's own path). */
  path: string
  /** The real path the content is read from (the target of a symbolic link). */
  source: string
  /** Path inside the artifact: relative to the root, `/`-separated. */
  name: string
  size: number
}

export interface Selection {
  root: string
  files: SelectedFile[]
  totalBytes: number
  /** Paths that differ only in letter case (they collide on case-insensitive file systems). */
  caseCollisions: string[]
}

export interface SelectionOptions {
  includeHiddenFiles: boolean
}

/** The least common ancestor directory of absolute paths (segment-wise, keeping the leading separator). */
export function commonAncestor(paths: string[]): string {
  if (!paths.length) throw new Error('commonAncestor needs at least one path')
  const split = paths.map((p) => normalize(p).split(sep))
  const common: string[] = []
  for (let i = 0; i < Math.min(...split.map((s) => s.length)); i++) {
    const part = split[0][i]
    if (split.some((s) => s[i] !== part)) break
    common.push(part)
  }
  const joined = common.join(sep)
  return joined || sep
}

export async function selectFiles(patterns: string[], opts: SelectionOptions): Promise<Selection> {
  const globber = await glob.create(patterns.join('\n'), {
    followSymbolicLinks: true,
    implicitDescendants: true,
    omitBrokenSymbolicLinks: true,
    excludeHiddenFiles: !opts.includeHiddenFiles
  })
  const found = await globber.glob()
  const searchPaths = globber.getSearchPaths()
  const files: { path: string; source: string; size: number }[] = []
  const seen = new Set<string>()
  for (const path of found) {
    if (seen.has(path)) continue
    seen.add(path)
    const info = await stat(path).catch(() => undefined)
    if (!info || info.isDirectory()) continue
    files.push({ path, source: await realpath(path), size: info.size })
  }
  let root: string
  if (searchPaths.length > 1) root = commonAncestor(searchPaths)
  else if (files.length === 1 && searchPaths[0] === files[0].path) root = dirname(files[0].path)
  else root = searchPaths[0] ?? process.cwd()
  const selected = files
    .map((f) => ({ ...f, name: relative(root, f.path).split(sep).join('/') }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  const lower = new Map<string, string>()
  const caseCollisions: string[] = []
  for (const f of selected) {
    const key = f.name.toLowerCase()
    if (lower.has(key)) caseCollisions.push(f.name)
    else lower.set(key, f.name)
  }
  return { root, files: selected, totalBytes: selected.reduce((n, f) => n + f.size, 0), caseCollisions }
}
