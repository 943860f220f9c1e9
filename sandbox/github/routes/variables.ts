/**
 * Actions variables for repositories, environments and organizations: POST creates (201, 409 when the name exists),
 * PATCH updates or renames (204), GET/list (per_page default 10, max 30)/DELETE; org variables carry visibility and
 * selected repositories. Values are plaintext, at most 48 KB; names follow the secret rules.
 */
import type { Ledger } from '../../common/index.js'
import { ghError, notFound, validationFailed } from '../errors.js'
import type { RestContext, RestHandler } from '../rest.js'
import type { StoredVariable, VariableScope, Visibility } from '../store.js'
import { denyWorkflowToken } from '../tokens.js'
import { page } from './paging.js'
import { repoJson } from './repo-json.js'
import { MAX_SECRET_BYTES, nameProblem, selectedIds, selectedRepoOps } from './secret-scope-ops.js'
import { environment } from './secrets.js'

type Resolver = (ctx: RestContext) => { scope: VariableScope; path: string; org?: string }

const repoScope: Resolver = (ctx) => {
  const r = ctx.repo()
  return { scope: r.variables, path: `/repos/${r.owner}/${r.name}/actions/variables` }
}
const envScope: Resolver = (ctx) => {
  const r = ctx.repo()
  const e = environment(ctx, r)
  return { scope: e.variables, path: `/repos/${r.owner}/${r.name}/environments/${encodeURIComponent(e.name)}/variables` }
}
const orgScope: Resolver = (ctx) => {
  const o = ctx.org()
  return { scope: o.variables, path: `/orgs/${o.login}/actions/variables`, org: o.login }
}

function variableJson(v: StoredVariable, selfUrl: string) {
  const out: Record<string, unknown> = { name: v.name, value: v.value, created_at: v.created_at, updated_at: v.updated_at }
  if (v.visibility) {
    out.visibility = v.visibility
    if (v.visibility === 'selected') out.selected_repositories_url = `${selfUrl}/${v.name}/repositories`
  }
  return out
}

interface VariableBody {
  name?: string
  value?: string
  visibility?: Visibility
  selected_repository_ids?: number[]
}

function checkValue(ctx: RestContext, body: VariableBody) {
  if (body.name !== undefined) {
    const problem = nameProblem(body.name, 'Variable')
    if (problem) return validationFailed(ctx.docs, 'Variable', 'name', 'invalid', problem)
  }
  if (body.value !== undefined && Buffer.byteLength(body.value) > MAX_SECRET_BYTES)
    return validationFailed(ctx.docs, 'Variable', 'value', 'too_large', 'Variable value is too large (maximum 48 KB).')
  if (body.selected_repository_ids !== undefined && body.visibility !== 'selected')
    return ghError(422, 'Invalid request.\n\nselected_repository_ids can only be used with the visibility "selected".', ctx.docs)
  return undefined
}

export function registerVariableRoutes(handlers: Map<string, RestHandler>, deps: { ledger: Ledger; serverUrl: () => string }): void {
  const bind = (operationId: string, resolve: Resolver, action: 'list' | 'create' | 'get' | 'update' | 'delete' | 'selected') => {
    handlers.set(operationId, (ctx) => {
      // GITHUB_TOKEN has no `variables` permission.
      const denied = denyWorkflowToken(ctx.token, ctx.docs)
      if (denied) return denied
      const { scope, path, org } = resolve(ctx)
      const selfUrl = `${ctx.apiBase}${path}`
      const now = ctx.store.now()
      const body = (ctx.body ?? {}) as VariableBody
      switch (action) {
        case 'list': {
          const all = [...scope.variables.values()].sort((a, b) => a.name.localeCompare(b.name))
          const { slice, headers } = page(all, ctx.query, 10, 30, selfUrl)
          return { status: 200, headers, body: { total_count: all.length, variables: slice.map((v) => variableJson(v, selfUrl)) } }
        }
        case 'get': {
          const v = scope.get(ctx.params.name)
          return v ? { status: 200, body: variableJson(v, selfUrl) } : notFound(ctx.docs)
        }
        case 'delete': {
          const v = scope.get(ctx.params.name)
          if (!v) return notFound(ctx.docs)
          scope.variables.delete(v.name)
          return { status: 204 }
        }
        case 'create': {
          const bad = checkValue(ctx, body)
          if (bad) return bad
          if (scope.get(body.name!)) return ghError(409, 'Already exists - Variable already exists', ctx.docs)
          const v: StoredVariable = { name: body.name!.toUpperCase(), value: body.value!, created_at: now, updated_at: now }
          if (org) {
            v.visibility = body.visibility
            v.selected = body.visibility === 'selected' ? ((body.selected_repository_ids ? selectedIds(ctx, ctx.store, org, body.selected_repository_ids) : new Set<number>())) : undefined
          }
          scope.variables.set(v.name, v)
          deps.ledger.record('variable-create', `${scope.label}:${v.name}`)
          return { status: 201, body: {} }
        }
        case 'update': {
          const v = scope.get(ctx.params.name)
          if (!v) return notFound(ctx.docs)
          const bad = checkValue(ctx, { ...body, visibility: body.visibility ?? v.visibility })
          if (bad) return bad
          if (body.name !== undefined && body.name.toUpperCase() !== v.name) {
            if (scope.get(body.name)) return ghError(409, 'Already exists - Variable already exists', ctx.docs)
            scope.variables.delete(v.name)
            v.name = body.name.toUpperCase()
            scope.variables.set(v.name, v)
          }
          if (body.value !== undefined) v.value = body.value
          if (org && body.visibility !== undefined) v.visibility = body.visibility
          if (org && body.selected_repository_ids !== undefined) v.selected = selectedIds(ctx, ctx.store, org, body.selected_repository_ids)
          v.updated_at = now
          deps.ledger.record('variable-update', `${scope.label}:${v.name}`)
          return { status: 204 }
        }
        case 'selected':
          return selectedRepoOps(ctx, scope.get(ctx.params.name), (id) => {
            return repoJson(ctx.store, ctx.store.repoById(id)!, ctx.urls)
          })
      }
    })
  }
  for (const [prefix, resolve] of [['repo', repoScope], ['environment', envScope], ['org', orgScope]] as const) {
    bind(`actions/list-${prefix}-variables`, resolve, 'list')
    bind(`actions/create-${prefix}-variable`, resolve, 'create')
    bind(`actions/get-${prefix}-variable`, resolve, 'get')
    bind(`actions/update-${prefix}-variable`, resolve, 'update')
    bind(`actions/delete-${prefix}-variable`, resolve, 'delete')
  }
  for (const op of ['list-selected-repos-for-org-variable', 'set-selected-repos-for-org-variable', 'add-selected-repo-to-org-variable', 'remove-selected-repo-from-org-variable'])
    bind(`actions/${op}`, orgScope, 'selected')
}

