/**
 * Commits, compare, branches, tags, refs and commit statuses over the fake's git history (`../git.ts`):
 * - `GET …/compare/{BASE...HEAD}`: `git log BASE..HEAD` oldest first; without `per_page`/`page` the newest 250
 *   commits and no `Link`; with them pages of up to 250, the first commit of each page the earliest, with `Link`.
 * - `GET …/commits` (newest first; `sha`, `path`, `author`, `committer`, `since`, `until`; max 100 a page) and
 *   `GET …/commits/{ref}` (with `stats` and `files`); 422 "No commit found for SHA: x" for a ref naming nothing.
 * - `GET …/tags`, `GET …/branches`, `GET …/git/ref/{ref}`, `GET …/git/matching-refs/{ref}`.
 * - Commit statuses: create, list for a ref, combined status (they decide deployments' `required_contexts`).
 */
import type { FakeResponse } from '../../common/index.js'
import { ghError, notFound } from '../errors.js'
import type { Commit, CommitStatus } from '../git.js'
import { Answer, type RestContext, type RestHandler } from '../rest.js'
import type { Repo } from '../store.js'
import { page } from './paging.js'
import { accountJson, repoJson } from './repo-json.js'

/** Commits per page of a compare, and commits an unpaged compare returns (the newest ones). */
export const COMPARE_MAX_PER_PAGE = 250

const base64 = (s: string) => Buffer.from(s).toString('base64')

export function commitJson(ctx: RestContext, repo: Repo, c: Commit, full = false) {
  const api = `${ctx.apiBase}/repos/${repo.owner}/${repo.name}`
  const web = `${ctx.urls.serverUrl}/${repo.owner}/${repo.name}`
  const account = c.login ? accountJson(ctx.store, c.login, ctx.urls) : null
  const out: Record<string, unknown> = {
    sha: c.sha,
    node_id: base64(`06:Commit${repo.id}:${c.sha}`),
    commit: {
      author: c.author,
      committer: c.committer,
      message: c.message,
      tree: { sha: c.tree, url: `${api}/git/trees/${c.tree}` },
      url: `${api}/git/commits/${c.sha}`,
      comment_count: 0,
      verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null }
    },
    url: `${api}/commits/${c.sha}`,
    html_url: `${web}/commit/${c.sha}`,
    comments_url: `${api}/commits/${c.sha}/comments`,
    author: account,
    committer: account,
    parents: c.parents.map((p) => ({ sha: p, url: `${api}/commits/${p}`, html_url: `${web}/commit/${p}` }))
  }
  if (full) {
    const files = c.files.map((filename, i) => ({
      sha: c.tree.slice(0, 39) + String(i % 10),
      filename,
      status: 'modified',
      additions: 3,
      deletions: 1,
      changes: 4,
      blob_url: `${web}/blob/${c.sha}/${filename}`,
      raw_url: `${web}/raw/${c.sha}/${filename}`,
      contents_url: `${api}/contents/${filename}?ref=${c.sha}`,
      patch: '@@ -1 +1,3 @@\n-old\n+new\n+more\n+lines'
    }))
    out.stats = { total: 4 * files.length, additions: 3 * files.length, deletions: files.length }
    out.files = files
  }
  return out
}

function statusJson(ctx: RestContext, repo: Repo, s: CommitStatus) {
  return {
    url: `${ctx.apiBase}/repos/${repo.owner}/${repo.name}/statuses/${s.sha}`,
    avatar_url: `${ctx.urls.serverUrl}/${s.creator}.png`,
    id: s.id,
    node_id: base64(`10:StatusContext${s.id}`),
    state: s.state,
    description: s.description,
    target_url: s.target_url,
    context: s.context,
    created_at: s.created_at,
    updated_at: s.updated_at,
    creator: accountJson(ctx.store, s.creator, ctx.urls)
  }
}

const noCommit = (ctx: RestContext, ref: string) => new Answer(ghError(422, `No commit found for SHA: ${ref}`, ctx.docs))

function nonEmpty(ctx: RestContext, repo: Repo): void {
  if (repo.git.empty) throw new Answer(ghError(409, 'Git Repository is empty.', ctx.docs))
}

/** `BASE...HEAD` (also `owner:BASE...owner:HEAD` for the same repository). */
function parseBasehead(repo: Repo, basehead: string): [string, string] | undefined {
  const m = /^(.+?)\.\.\.(.+)$/.exec(basehead)
  if (!m) return undefined
  const own = (side: string) => {
    const i = side.indexOf(':')
    if (i < 0) return side
    return side.slice(0, i).toLowerCase() === repo.owner.toLowerCase() ? side.slice(i + 1) : undefined
  }
  const base = own(m[1])
  const head = own(m[2])
  return base && head ? [base, head] : undefined
}

function compare(ctx: RestContext): FakeResponse {
  const repo = ctx.repo()
  const sides = parseBasehead(repo, ctx.params.basehead)
  const base = sides && repo.git.resolve(sides[0])
  const head = sides && repo.git.resolve(sides[1])
  if (!base || !head) return notFound(ctx.docs)
  const cmp = repo.git.compare(base, head)
  if (!cmp.mergeBase) return notFound(ctx.docs)
  const paged = ctx.query.has('per_page') || ctx.query.has('page')
  let commits: Commit[]
  let headers: Record<string, string> | undefined
  if (paged) ({ slice: commits, headers } = page(cmp.commits, ctx.query, 30, COMPARE_MAX_PER_PAGE, ctx.selfUrl))
  else commits = cmp.commits.slice(-COMPARE_MAX_PER_PAGE)
  const web = `${ctx.urls.serverUrl}/${repo.owner}/${repo.name}`
  const status = cmp.aheadBy && cmp.behindBy ? 'diverged' : cmp.aheadBy ? 'ahead' : cmp.behindBy ? 'behind' : 'identical'
  return {
    status: 200,
    headers,
    body: {
      url: `${ctx.apiBase}/repos/${repo.owner}/${repo.name}/compare/${ctx.params.basehead}`,
      html_url: `${web}/compare/${ctx.params.basehead}`,
      permalink_url: `${web}/compare/${repo.owner}:${base.slice(0, 7)}...${repo.owner}:${head.slice(0, 7)}`,
      diff_url: `${web}/compare/${ctx.params.basehead}.diff`,
      patch_url: `${web}/compare/${ctx.params.basehead}.patch`,
      base_commit: commitJson(ctx, repo, repo.git.commits.get(base)!),
      merge_base_commit: commitJson(ctx, repo, repo.git.commits.get(cmp.mergeBase)!),
      status,
      ahead_by: cmp.aheadBy,
      behind_by: cmp.behindBy,
      total_commits: cmp.aheadBy,
      commits: commits.map((c) => commitJson(ctx, repo, c))
    }
  }
}

function listCommits(ctx: RestContext): FakeResponse {
  const repo = ctx.repo()
  nonEmpty(ctx, repo)
  const from = ctx.query.get('sha') ?? repo.default_branch
  const sha = repo.git.resolve(from)
  if (!sha) return ghError(404, `No commit found for SHA: ${from}`, ctx.docs)
  const path = ctx.query.get('path')?.replace(/^\/+|\/+$/g, '')
  const who = (name: string) => ctx.query.get(name)?.toLowerCase()
  const author = who('author')
  const committer = who('committer')
  const since = ctx.query.get('since') ? Date.parse(ctx.query.get('since')!) : undefined
  const until = ctx.query.get('until') ? Date.parse(ctx.query.get('until')!) : undefined
  const matches = (c: Commit) => {
    const date = Date.parse(c.committer.date)
    if (path && !c.files.some((f) => f === path || f.startsWith(`${path}/`))) return false
    if (author && c.login?.toLowerCase() !== author && c.author.email.toLowerCase() !== author) return false
    if (committer && c.login?.toLowerCase() !== committer && c.committer.email.toLowerCase() !== committer) return false
    return (since === undefined || date >= since) && (until === undefined || date <= until)
  }
  const all = repo.git.log(sha).filter(matches)
  const { slice, headers } = page(all, ctx.query, 30, 100, ctx.selfUrl)
  return { status: 200, headers, body: slice.map((c) => commitJson(ctx, repo, c)) }
}

function getCommit(ctx: RestContext): FakeResponse {
  const repo = ctx.repo()
  nonEmpty(ctx, repo)
  const sha = repo.git.resolve(ctx.params.ref)
  if (!sha) throw noCommit(ctx, ctx.params.ref)
  return { status: 200, body: commitJson(ctx, repo, repo.git.commits.get(sha)!, true) }
}

function refJson(ctx: RestContext, repo: Repo, ref: string) {
  const api = `${ctx.apiBase}/repos/${repo.owner}/${repo.name}`
  const sha = repo.git.refs.get(ref)!
  return {
    ref,
    node_id: base64(`03:Ref${repo.id}:${ref}`),
    url: `${api}/git/${ref}`,
    object: { sha, type: 'commit', url: `${api}/git/commits/${sha}` }
  }
}

export function registerGitRoutes(handlers: Map<string, RestHandler>): void {
  handlers.set('repos/compare-commits-with-basehead', (ctx) => {
    ctx.permit('contents', 'read')
    return compare(ctx)
  })

  handlers.set('repos/list-commits', (ctx) => {
    ctx.permit('contents', 'read')
    return listCommits(ctx)
  })
  handlers.set('repos/get-commit', (ctx) => {
    ctx.permit('contents', 'read')
    return getCommit(ctx)
  })
  handlers.set('repos/list-tags', (ctx) => {
    ctx.permit('contents', 'read')
    const repo = ctx.repo()
    // GitHub lists tags by name, descending (not by date, not by version order).
    const all = repo.git.tags().sort((a, b) => (a < b ? 1 : a > b ? -1 : 0))
    const { slice, headers } = page(all, ctx.query, 30, 100, ctx.selfUrl)
    return {
      status: 200,
      headers,
      body: slice.map((name) => {
        const sha = repo.git.refs.get(`refs/tags/${name}`)!
        return {
          name,
          commit: { sha, url: `${ctx.apiBase}/repos/${repo.owner}/${repo.name}/commits/${sha}` },
          zipball_url: `${ctx.apiBase}/repos/${repo.owner}/${repo.name}/zipball/refs/tags/${encodeURIComponent(name)}`,
          tarball_url: `${ctx.apiBase}/repos/${repo.owner}/${repo.name}/tarball/refs/tags/${encodeURIComponent(name)}`,
          node_id: base64(`03:Ref${repo.id}:refs/tags/${name}`)
        }
      })
    }
  })
  handlers.set('repos/list-branches', (ctx) => {
    ctx.permit('contents', 'read')
    const repo = ctx.repo()
    const prot = ctx.query.get('protected')
    const all = prot === 'true' ? [] : repo.git.branches().sort()
    const { slice, headers } = page(all, ctx.query, 30, 100, ctx.selfUrl)
    return {
      status: 200,
      headers,
      body: slice.map((name) => {
        const sha = repo.git.refs.get(`refs/heads/${name}`)!
        return { name, commit: { sha, url: `${ctx.apiBase}/repos/${repo.owner}/${repo.name}/commits/${sha}` }, protected: false }
      })
    }
  })
  handlers.set('git/get-ref', (ctx) => {
    ctx.permit('contents', 'read')
    const repo = ctx.repo()
    nonEmpty(ctx, repo)
    const ref = `refs/${ctx.params.ref}`
    return repo.git.refs.has(ref) ? { status: 200, body: refJson(ctx, repo, ref) } : notFound(ctx.docs)
  })
  handlers.set('git/list-matching-refs', (ctx) => {
    ctx.permit('contents', 'read')
    const repo = ctx.repo()
    nonEmpty(ctx, repo)
    const prefix = `refs/${ctx.params.ref}`
    return { status: 200, body: [...repo.git.refs.keys()].filter((r) => r.startsWith(prefix)).sort().map((r) => refJson(ctx, repo, r)) }
  })

  handlers.set('repos/create-commit-status', (ctx) => {
    ctx.permit('statuses', 'write')
    const repo = ctx.repo()
    const sha = repo.git.resolve(ctx.params.sha)
    if (!sha) throw noCommit(ctx, ctx.params.sha)
    const body = ctx.body as { state: CommitStatus['state']; target_url?: string | null; description?: string | null; context?: string }
    const now = ctx.store.now()
    const status: CommitStatus = {
      id: ctx.store.id(),
      sha,
      state: body.state,
      context: body.context ?? 'default',
      description: body.description ?? null,
      target_url: body.target_url ?? null,
      creator: ctx.token.login,
      created_at: now,
      updated_at: now
    }
    repo.git.statuses.push(status)
    return { status: 201, headers: { location: `${ctx.apiBase}/repos/${repo.owner}/${repo.name}/statuses/${sha}` }, body: statusJson(ctx, repo, status) }
  })
  handlers.set('repos/list-commit-statuses-for-ref', (ctx) => {
    ctx.permit('statuses', 'read')
    const repo = ctx.repo()
    const sha = repo.git.resolve(ctx.params.ref)
    if (!sha) return { status: 200, body: [] }
    const all = repo.git.statuses.filter((s) => s.sha === sha).reverse()
    const { slice, headers } = page(all, ctx.query, 30, 100, ctx.selfUrl)
    return { status: 200, headers, body: slice.map((s) => statusJson(ctx, repo, s)) }
  })
  handlers.set('repos/get-combined-status-for-ref', (ctx) => {
    ctx.permit('statuses', 'read')
    const repo = ctx.repo()
    const sha = repo.git.resolve(ctx.params.ref)
    if (!sha) return notFound(ctx.docs)
    const latest = repo.git.latestStatuses(sha)
    const state = latest.some((s) => s.state === 'error' || s.state === 'failure') ? 'failure' : latest.length && latest.every((s) => s.state === 'success') ? 'success' : 'pending'
    const { slice } = page(latest, ctx.query, 100, 100, ctx.selfUrl)
    return {
      status: 200,
      body: {
        state,
        statuses: slice.map((s) => {
          const j = statusJson(ctx, repo, s)
          return { url: j.url, avatar_url: j.avatar_url, id: j.id, node_id: j.node_id, state: j.state, description: j.description, target_url: j.target_url, context: j.context, created_at: j.created_at, updated_at: j.updated_at }
        }),
        sha,
        total_count: latest.length,
        repository: repoJson(ctx.store, repo, ctx.urls),
        commit_url: `${ctx.apiBase}/repos/${repo.owner}/${repo.name}/commits/${sha}`,
        url: `${ctx.apiBase}/repos/${repo.owner}/${repo.name}/commits/${sha}/status`
      }
    }
  })
}
