/**
 * A repository's git history as GitHub's REST API exposes it: commits with parents (SHA-1 over a git-like commit
 * text), branches and lightweight tags as refs, commit statuses, and the graph walks the API needs: `git log A..B`
 * for compare (chronological), reverse-chronological history for the commits list, merge base, ahead/behind.
 */
import { createHash } from 'node:crypto'

export interface GitUser {
  name: string
  email: string
  date: string
}

export interface Commit {
  sha: string
  tree: string
  message: string
  author: GitUser
  committer: GitUser
  parents: string[]
  /** The GitHub account of the author (commit JSON `author`), when the email belongs to one. */
  login?: string
  /** Paths the commit changed (for `?path=` filters). */
  files: string[]
}

export interface CommitStatus {
  id: number
  sha: string
  state: 'error' | 'failure' | 'pending' | 'success'
  context: string
  description: string | null
  target_url: string | null
  creator: string
  created_at: string
  updated_at: string
}

export interface CommitOptions {
  message?: string
  author?: { name: string; email: string; login?: string }
  files?: string[]
  /** Commit time, ms since epoch (default: one minute after the branch head, or now). */
  at?: number
}

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex')
const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')

export const DEFAULT_AUTHOR = { name: 'Mona Lisa', email: 'octocat@users.noreply.github.com', login: 'octocat' }

export class GitRepo {
  readonly commits = new Map<string, Commit>()
  /** Full ref name (`refs/heads/main`, `refs/tags/v1.0.0`) -> commit SHA. */
  readonly refs = new Map<string, string>()
  readonly statuses: CommitStatus[] = []

  constructor(private readonly now: () => number) {}

  get empty(): boolean {
    return this.commits.size === 0
  }

  /** Adds a commit on top of `branch` (creating the branch at it when new) and moves the branch. */
  commit(branch: string, opts: CommitOptions = {}): Commit {
    const head = this.refs.get(`refs/heads/${branch}`)
    return this.commitWithParents(branch, head ? [head] : [], opts)
  }

  /** A merge commit: `into` gets a commit whose parents are its head and `from`. */
  merge(into: string, from: string, opts: CommitOptions = {}): Commit {
    const a = this.refs.get(`refs/heads/${into}`)
    const b = this.resolve(from)
    if (!a || !b) throw new Error(`cannot merge ${from} into ${into}`)
    return this.commitWithParents(into, [a, b], { message: `Merge ${from} into ${into}`, ...opts })
  }

  private commitWithParents(branch: string, parents: string[], opts: CommitOptions): Commit {
    const last = parents.map((p) => Date.parse(this.commits.get(p)!.committer.date)).reduce((a, b) => Math.max(a, b), 0)
    const at = opts.at ?? (last ? Math.max(last + 60_000, 0) : this.now())
    const who = opts.author ?? DEFAULT_AUTHOR
    const person: GitUser = { name: who.name, email: who.email, date: iso(at) }
    const message = opts.message ?? `Commit ${this.commits.size + 1}`
    const tree = sha1(`tree ${branch} ${this.commits.size} ${message}`)
    const text = `tree ${tree}\n${parents.map((p) => `parent ${p}\n`).join('')}author ${who.name} <${who.email}> ${Math.floor(at / 1000)} +0000\ncommitter ${who.name} <${who.email}> ${Math.floor(at / 1000)} +0000\n\n${message}\n`
    const commit: Commit = {
      sha: sha1(`commit ${Buffer.byteLength(text)}\0${text}`),
      tree,
      message,
      author: person,
      committer: { ...person },
      parents,
      login: 'login' in who ? who.login : undefined,
      files: opts.files ?? [`src/file-${this.commits.size + 1}.ts`]
    }
    this.commits.set(commit.sha, commit)
    this.refs.set(`refs/heads/${branch}`, commit.sha)
    return commit
  }

  branch(name: string, from: string): void {
    const sha = this.resolve(from)
    if (!sha) throw new Error(`no commit for ${from}`)
    this.refs.set(`refs/heads/${name}`, sha)
  }

  tag(name: string, at: string): void {
    const sha = this.resolve(at)
    if (!sha) throw new Error(`no commit for ${at}`)
    this.refs.set(`refs/tags/${name}`, sha)
  }

  branches(): string[] {
    return [...this.refs.keys()].filter((r) => r.startsWith('refs/heads/')).map((r) => r.slice('refs/heads/'.length))
  }

  tags(): string[] {
    return [...this.refs.keys()].filter((r) => r.startsWith('refs/tags/')).map((r) => r.slice('refs/tags/'.length))
  }

  /** The full ref a dispatch/deployment `ref` names (`main`, `v1`, `refs/heads/main`), if any. */
  fullRef(ref: string): string | undefined {
    if (ref.startsWith('refs/')) return this.refs.has(ref) ? ref : undefined
    if (this.refs.has(`refs/heads/${ref}`)) return `refs/heads/${ref}`
    if (this.refs.has(`refs/tags/${ref}`)) return `refs/tags/${ref}`
    if (/^(heads|tags)\//.test(ref) && this.refs.has(`refs/${ref}`)) return `refs/${ref}`
    return undefined
  }

  /** The commit a ref names: a full or abbreviated (7+ hex, unique) SHA, a branch, a tag, or a `refs/…` name. */
  resolve(ref: string): string | undefined {
    const full = this.fullRef(ref)
    if (full) return this.refs.get(full)
    if (/^[0-9a-f]{40}$/i.test(ref)) return this.commits.has(ref.toLowerCase()) ? ref.toLowerCase() : undefined
    if (/^[0-9a-f]{7,39}$/i.test(ref)) {
      const hits = [...this.commits.keys()].filter((s) => s.startsWith(ref.toLowerCase()))
      return hits.length === 1 ? hits[0] : undefined
    }
    return undefined
  }

  /** Every commit reachable from `sha` (itself included). */
  reachable(sha: string): Set<string> {
    const seen = new Set<string>()
    const stack = [sha]
    while (stack.length) {
      const s = stack.pop()!
      if (seen.has(s)) continue
      seen.add(s)
      stack.push(...(this.commits.get(s)?.parents ?? []))
    }
    return seen
  }

  /** Newest first (committer date, then SHA), as `git log` / the commits list orders them. */
  private newestFirst(shas: Iterable<string>): Commit[] {
    return [...shas]
      .map((s) => this.commits.get(s)!)
      .sort((a, b) => Date.parse(b.committer.date) - Date.parse(a.committer.date) || (a.sha < b.sha ? 1 : -1))
  }

  /** History from `sha`, newest first. */
  log(sha: string): Commit[] {
    return this.newestFirst(this.reachable(sha))
  }

  /** `git log base..head` in chronological order, with the comparison's counts and merge base. */
  compare(base: string, head: string): { commits: Commit[]; aheadBy: number; behindBy: number; mergeBase?: string } {
    const fromBase = this.reachable(base)
    const fromHead = this.reachable(head)
    const ahead = [...fromHead].filter((s) => !fromBase.has(s))
    const behind = [...fromBase].filter((s) => !fromHead.has(s))
    const common = [...fromHead].filter((s) => fromBase.has(s))
    return { commits: this.newestFirst(ahead).reverse(), aheadBy: ahead.length, behindBy: behind.length, mergeBase: this.newestFirst(common)[0]?.sha }
  }

  /** The latest status per context for a commit (contexts compare case-insensitively). */
  latestStatuses(sha: string): CommitStatus[] {
    const latest = new Map<string, CommitStatus>()
    for (const s of this.statuses) if (s.sha === sha) latest.set(s.context.toLowerCase(), s)
    return [...latest.values()]
  }
}
