/**
 * Which files an upload takes, found the way the official `actions/upload-artifact` finds them: `@actions/glob`
 * patterns (one per line, `!` excludes, a directory means everything below it), symbolic links followed (the file
 * is stored under the link's path, with the target's content), broken links skipped, directories never uploaded on
 * their own (so empty directories are left out), hidden files (a `.` segment) excluded unless asked for.
 *
 * What a link may reach is limited, so a link committed to a repository (or left by a build) cannot publish a file
 * from elsewhere on the runner: every file's real path (all links resolved) must stay inside the workspace, or,
 * for a path named outside the workspace (`${{ runner.temp }}/out`), inside that path. `/proc`, `/sys` and `/dev`
 * are never read, and only regular files are (no FIFO, socket or device, which could block or never end). Such
 * files are returned as `refused`, and the upload refuses to start while there are any.
 *
 * The root of the artifact (paths inside it are relative to the root) is the least common ancestor of the search
 * paths of the patterns; a single pattern naming one file has that file's directory as its root.
 */
import * as glob from '@actions/glob'
import { lstat, realpath, stat } from 'node:fs/promises'
import { dirname, isAbsolute, normalize, relative, resolve, sep } from 'node:path'

export interface SelectedFile {
  /** Absolute path on the runner (a symbolic link's own path). */
  path: string
  /** The real path the content is read from (the target of a symbolic link). */
  source: string
  /** Path inside the artifact: relative to the root, `/`-separated. */
  name: string
  size: number
}

export interface RefusedFile {
  /** The path as found (a link's own path). */
  path: string
  /** Why it is not uploaded, e.g. "a link to /etc/passwd, outside the workspace". */
  reason: string
}

export interface Selection {
  root: string
  files: SelectedFile[]
  /** Files the patterns matched that must not be uploaded (see the module comment). */
  refused: RefusedFile[]
  totalBytes: number
  /** Paths that differ only in letter case (they collide on case-insensitive file systems). */
  caseCollisions: string[]
}

export interface SelectionOptions {
  includeHiddenFiles: boolean
  /** The workspace links may point into (default: GITHUB_WORKSPACE, else the working directory). */
  workspace?: string
}

/** Pseudo file systems whose files are the process's or the machine's state, never build outputs. */
const NEVER_READ = ['/proc', '/sys', '/dev']

const inside = (path: string, dir: string) => {
  const rel = relative(dir, path)
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}

/** The real directories files may resolve into: the workspace, and each search path named outside it. */
async function allowedRoots(searchPaths: string[], workspace: string): Promise<string[]> {
  const roots = [await realpath(workspace).catch(() => resolve(workspace))]
  for (const p of searchPaths) {
    // A named path that is itself a link adds nothing: what it points to must be allowed on its own.
    if (inside(resolve(p), resolve(workspace)) || (await lstat(p).catch(() => undefined))?.isSymbolicLink()) continue
    roots.push(await realpath(p).catch(() => resolve(p)))
  }
  return roots
}

function refusal(path: string, source: string, kind: string | undefined, roots: string[]): string | undefined {
  const via = source === path ? '' : `a link to ${source}, `
  if (NEVER_READ.some((d) => inside(source, d))) return `${via}in ${NEVER_READ.find((d) => inside(source, d))}, which is never read`
  if (kind) return `${via}a ${kind}, not a regular file`
  if (!roots.some((r) => inside(source, r))) return `${via}outside the workspace${roots.length > 1 ? ' and the paths named outside it' : ''}`
  return undefined
}

function specialKind(info: { isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isFile(): boolean }): string | undefined {
  if (info.isFile()) return undefined
  return info.isFIFO() ? 'named pipe' : info.isSocket() ? 'socket' : info.isCharacterDevice() || info.isBlockDevice() ? 'device' : 'special file'
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
  const roots = await allowedRoots(searchPaths, opts.workspace || process.env.GITHUB_WORKSPACE || process.cwd())
  const files: { path: string; source: string; size: number }[] = []
  const refused: RefusedFile[] = []
  const seen = new Set<string>()
  for (const path of found) {
    if (seen.has(path)) continue
    seen.add(path)
    const info = await stat(path).catch(() => undefined)
    if (!info || info.isDirectory()) continue
    const source = await realpath(path)
    const reason = refusal(path, source, specialKind(info), roots)
    if (reason) refused.push({ path, reason })
    else files.push({ path, source, size: info.size })
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
  return { root, files: selected, refused, totalBytes: selected.reduce((n, f) => n + f.size, 0), caseCollisions }
}
