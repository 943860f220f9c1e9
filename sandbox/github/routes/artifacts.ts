/** REST artifacts: list (repo / run, `name` filter), get, delete, download (302 to a short-lived signed blob URL). */
import type { Ledger } from '../../common/index.js'
import { ghError, notFound } from '../errors.js'
import type { RestContext, RestHandler } from '../rest.js'
import type { Artifact, ArtifactStore } from '../runtime/artifacts.js'
import type { JobRegistry } from '../runtime/jobs.js'
import type { Repo } from '../store.js'
import { page } from './paging.js'

function artifactJson(ctx: RestContext, a: Artifact, store: ArtifactStore) {
  const repo = a.run.repo
  const url = `${ctx.apiBase}/repos/${repo.owner}/${repo.name}/actions/artifacts/${a.id}`
  return {
    id: a.id,
    node_id: Buffer.from(`MDg6QXJ0aWZhY3Q${a.id}`).toString('base64'),
    name: a.name,
    size_in_bytes: a.size ?? 0,
    url,
    archive_download_url: `${url}/zip`,
    expired: store.expired(a),
    digest: a.digest ?? null,
    created_at: a.created_at,
    updated_at: a.updated_at,
    expires_at: a.expires_at,
    workflow_run: {
      id: a.run.id,
      repository_id: repo.id,
      head_repository_id: repo.id,
      head_branch: a.run.ref.replace(/^refs\/(heads|tags)\//, ''),
      head_sha: a.run.sha
    }
  }
}

export function registerArtifactRoutes(handlers: Map<string, RestHandler>, deps: { artifacts: ArtifactStore; jobs: JobRegistry; ledger: Ledger }): void {
  const store = deps.artifacts
  const ofRepo = (repo: Repo) => [...store.artifacts.values()].filter((a) => a.finalized && a.run.repo === repo).sort((a, b) => b.id - a.id)
  const list = (ctx: RestContext, items: Artifact[]) => {
    const name = ctx.query.get('name')
    const all = items.filter((a) => name === null || a.name === name)
    const { slice, headers } = page(all, ctx.query, 30, 100, ctx.selfUrl)
    return { status: 200, headers, body: { total_count: all.length, artifacts: slice.map((a) => artifactJson(ctx, a, store)) } }
  }
  const find = (ctx: RestContext): Artifact | undefined => {
    const repo = ctx.repo()
    const a = store.artifacts.get(Number(ctx.params.artifact_id))
    return a && a.finalized && a.run.repo === repo ? a : undefined
  }
  handlers.set('actions/list-artifacts-for-repo', (ctx) => list(ctx, ofRepo(ctx.repo())))
  handlers.set('actions/list-workflow-run-artifacts', (ctx) => {
    const repo = ctx.repo()
    const run = deps.jobs.runs.get(Number(ctx.params.run_id))
    if (!run || run.repo !== repo) return notFound(ctx.docs)
    return list(ctx, store.ofRun(run))
  })
  handlers.set('actions/get-artifact', (ctx) => {
    const a = find(ctx)
    return a ? { status: 200, body: artifactJson(ctx, a, store) } : notFound(ctx.docs)
  })
  handlers.set('actions/delete-artifact', (ctx) => {
    const a = find(ctx)
    if (!a) return notFound(ctx.docs)
    store.delete(a)
    deps.ledger.record('artifact-delete', String(a.id))
    return { status: 204 }
  })
  handlers.set('actions/download-artifact', (ctx) => {
    const a = find(ctx)
    if (!a || ctx.params.archive_format !== 'zip') return notFound(ctx.docs)
    if (store.expired(a)) return ghError(410, 'Artifact has expired', ctx.docs)
    return { status: 302, headers: { location: store.downloadUrl(a) } }
  })
}
