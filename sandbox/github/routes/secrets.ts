/** Secret endpoints for repositories, environments, organizations and Dependabot, bound by operationId. */
import type { Ledger } from '../../common/index.js'
import { notFound } from '../errors.js'
import { Answer, type RestContext, type RestHandler } from '../rest.js'
import type { Environment, Repo, SecretScope, StoredSecret } from '../store.js'
import { denyWorkflowToken } from '../tokens.js'
import { deleteSecret, getSecret, listSecrets, publicKey, putSecret, selectedRepoOps } from './secret-scope-ops.js'
import { repoJson } from './repo-json.js'

export function environment(ctx: RestContext, repo: Repo): Environment {
  const env = repo.environments.get(ctx.params.environment_name.toLowerCase())
  if (!env) throw new Answer(notFound(ctx.docs))
  return env
}

type ScopeResolver = (ctx: RestContext) => { scope: SecretScope; path: string; label: string; org?: string }

const resolvers: Record<string, ScopeResolver> = {
  repo: (ctx) => {
    const r = ctx.repo()
    return { scope: r.secrets, path: `/repos/${r.owner}/${r.name}/actions/secrets`, label: `repo ${r.owner}/${r.name}` }
  },
  environment: (ctx) => {
    const r = ctx.repo()
    const e = environment(ctx, r)
    return {
      scope: e.secrets,
      path: `/repos/${r.owner}/${r.name}/environments/${encodeURIComponent(e.name)}/secrets`,
      label: `environment ${r.owner}/${r.name}:${e.name}`
    }
  },
  org: (ctx) => {
    const o = ctx.org()
    return { scope: o.secrets, path: `/orgs/${o.login}/actions/secrets`, label: `org ${o.login}`, org: o.login }
  },
  'dependabot-repo': (ctx) => {
    const r = ctx.repo()
    return { scope: r.dependabot, path: `/repos/${r.owner}/${r.name}/dependabot/secrets`, label: `dependabot repo ${r.owner}/${r.name}` }
  },
  'dependabot-org': (ctx) => {
    const o = ctx.org()
    return { scope: o.dependabot, path: `/orgs/${o.login}/dependabot/secrets`, label: `dependabot org ${o.login}`, org: o.login }
  }
}

const OPERATIONS: Record<string, [keyof typeof resolvers, 'key' | 'list' | 'get' | 'put' | 'delete' | 'selected']> = {
  'actions/get-repo-public-key': ['repo', 'key'],
  'actions/list-repo-secrets': ['repo', 'list'],
  'actions/get-repo-secret': ['repo', 'get'],
  'actions/create-or-update-repo-secret': ['repo', 'put'],
  'actions/delete-repo-secret': ['repo', 'delete'],
  'actions/get-environment-public-key': ['environment', 'key'],
  'actions/list-environment-secrets': ['environment', 'list'],
  'actions/get-environment-secret': ['environment', 'get'],
  'actions/create-or-update-environment-secret': ['environment', 'put'],
  'actions/delete-environment-secret': ['environment', 'delete'],
  'actions/get-org-public-key': ['org', 'key'],
  'actions/list-org-secrets': ['org', 'list'],
  'actions/get-org-secret': ['org', 'get'],
  'actions/create-or-update-org-secret': ['org', 'put'],
  'actions/delete-org-secret': ['org', 'delete'],
  'actions/list-selected-repos-for-org-secret': ['org', 'selected'],
  'actions/set-selected-repos-for-org-secret': ['org', 'selected'],
  'actions/add-selected-repo-to-org-secret': ['org', 'selected'],
  'actions/remove-selected-repo-from-org-secret': ['org', 'selected'],
  'dependabot/get-repo-public-key': ['dependabot-repo', 'key'],
  'dependabot/list-repo-secrets': ['dependabot-repo', 'list'],
  'dependabot/get-repo-secret': ['dependabot-repo', 'get'],
  'dependabot/create-or-update-repo-secret': ['dependabot-repo', 'put'],
  'dependabot/delete-repo-secret': ['dependabot-repo', 'delete'],
  'dependabot/get-org-public-key': ['dependabot-org', 'key'],
  'dependabot/list-org-secrets': ['dependabot-org', 'list'],
  'dependabot/get-org-secret': ['dependabot-org', 'get'],
  'dependabot/create-or-update-org-secret': ['dependabot-org', 'put'],
  'dependabot/delete-org-secret': ['dependabot-org', 'delete'],
  'dependabot/list-selected-repos-for-org-secret': ['dependabot-org', 'selected'],
  'dependabot/set-selected-repos-for-org-secret': ['dependabot-org', 'selected'],
  'dependabot/add-selected-repo-to-org-secret': ['dependabot-org', 'selected'],
  'dependabot/remove-selected-repo-from-org-secret': ['dependabot-org', 'selected']
}

export interface SecretWrite {
  scope: string
  name: string
  created: boolean
  secret: StoredSecret
}

export function registerSecretRoutes(
  handlers: Map<string, RestHandler>,
  deps: { ledger: Ledger; serverUrl: () => string; onWrite?: (w: SecretWrite) => void }
): void {
  for (const [operationId, [scopeKind, action]] of Object.entries(OPERATIONS)) {
    handlers.set(operationId, (ctx) => {
      // GITHUB_TOKEN has no `secrets` permission: neither reads nor writes of secrets or their keys.
      const denied = denyWorkflowToken(ctx.token, ctx.docs)
      if (denied) return denied
      const { scope, path, label, org } = resolvers[scopeKind](ctx)
      switch (action) {
        case 'key':
          return publicKey(scope)
        case 'list':
          return listSecrets(ctx, scope, path)
        case 'get':
          return getSecret(ctx, scope, path)
        case 'delete': {
          const res = deleteSecret(ctx, scope)
          if (res.status === 204) deps.ledger.record('secret-delete', `${label}:${ctx.params.secret_name.toUpperCase()}`)
          return res
        }
        case 'put':
          return putSecret(ctx, scope, { org, label }, (secret, created) => {
            deps.ledger.record('secret-write', `${label}:${secret.name}`, { created })
            deps.onWrite?.({ scope: label, name: secret.name, created, secret })
          })
        case 'selected':
          return selectedRepoOps(ctx, scope.get(ctx.params.secret_name), (id) => {
            return repoJson(ctx.store, ctx.store.repoById(id)!, ctx.urls)
          })
      }
    })
  }
  handlers.set('actions/list-repo-organization-secrets', (ctx) => {
    const denied = denyWorkflowToken(ctx.token, ctx.docs)
    if (denied) return denied
    const repo = ctx.repo()
    const org = ctx.store.org(repo.owner)
    const shared = [...(org?.secrets.secrets.values() ?? [])].filter(
      (s) => s.visibility === 'all' || (s.visibility === 'private' && repo.private) || (s.visibility === 'selected' && s.selected?.has(repo.id))
    )
    return {
      status: 200,
      body: { total_count: shared.length, secrets: shared.map((s) => ({ name: s.name, created_at: s.created_at, updated_at: s.updated_at })) }
    }
  })
}
