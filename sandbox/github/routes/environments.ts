/**
 * Environments: list, get, create or update (`PUT` with `wait_timer`, `prevent_self_review`, `reviewers`,
 * `deployment_branch_policy`, shown back as `protection_rules`), delete. Names are case-insensitive, at most 255
 * characters, and travel percent-encoded (`deploy%2Fprod%20space`). Creating and deleting need an admin token (a
 * workflow token gets 403); deleting an environment deletes its deployments.
 */
import { ghError, notFound } from '../errors.js'
import type { RestContext, RestHandler } from '../rest.js'
import type { Environment, Repo } from '../store.js'
import { denyWorkflowToken } from '../tokens.js'
import { page } from './paging.js'
import { accountJson } from './repo-json.js'
import { environment } from './secrets.js'

const base64 = (s: string) => Buffer.from(s).toString('base64')
export const MAX_ENVIRONMENT_NAME = 255
/** Minutes (the description's `wait-timer`: between 0 and 43,200). */
export const MAX_WAIT_TIMER = 43_200

function protectionRules(ctx: RestContext, env: Environment) {
  const rules: Record<string, unknown>[] = []
  if (env.wait_timer) rules.push({ id: env.ruleIds.wait_timer, node_id: base64(`GA_${env.ruleIds.wait_timer}`), type: 'wait_timer', wait_timer: env.wait_timer })
  if (env.reviewers?.length)
    rules.push({
      id: env.ruleIds.required_reviewers,
      node_id: base64(`GA_${env.ruleIds.required_reviewers}`),
      type: 'required_reviewers',
      prevent_self_review: env.prevent_self_review ?? false,
      reviewers: env.reviewers.map((r) => ({ type: r.type, reviewer: accountJson(ctx.store, ctx.store.loginOf(r.id) ?? `user-${r.id}`, ctx.urls) }))
    })
  if (env.deployment_branch_policy) rules.push({ id: env.ruleIds.branch_policy, node_id: base64(`GA_${env.ruleIds.branch_policy}`), type: 'branch_policy' })
  return rules
}

export function envJson(ctx: RestContext, repo: Repo, env: Environment) {
  return {
    id: env.id,
    node_id: base64(`EN_${env.id}`),
    name: env.name,
    url: `${ctx.apiBase}/repos/${repo.owner}/${repo.name}/environments/${encodeURIComponent(env.name)}`,
    html_url: `${ctx.urls.serverUrl}/${repo.owner}/${repo.name}/deployments/activity_log?environments_filter=${encodeURIComponent(env.name)}`,
    created_at: env.created_at,
    updated_at: env.updated_at,
    protection_rules: protectionRules(ctx, env),
    deployment_branch_policy: env.deployment_branch_policy ?? null
  }
}

interface PutBody {
  wait_timer?: number
  prevent_self_review?: boolean
  reviewers?: { type?: 'User' | 'Team'; id?: number }[] | null
  deployment_branch_policy?: { protected_branches: boolean; custom_branch_policies: boolean } | null
}

export function registerEnvironmentRoutes(handlers: Map<string, RestHandler>): void {
  handlers.set('repos/get-all-environments', (ctx) => {
    const repo = ctx.repo()
    const all = [...repo.environments.values()]
    const { slice, headers } = page(all, ctx.query, 30, 100, ctx.selfUrl)
    return { status: 200, headers, body: { total_count: all.length, environments: slice.map((e) => envJson(ctx, repo, e)) } }
  })
  handlers.set('repos/get-environment', (ctx) => {
    const repo = ctx.repo()
    return { status: 200, body: envJson(ctx, repo, environment(ctx, repo)) }
  })
  handlers.set('repos/create-or-update-environment', (ctx) => {
    const denied = denyWorkflowToken(ctx.token, ctx.docs)
    if (denied) return denied
    const repo = ctx.repo()
    const name = ctx.params.environment_name
    if (name.length > MAX_ENVIRONMENT_NAME || !name.trim()) return ghError(422, `Name is invalid (at most ${MAX_ENVIRONMENT_NAME} characters, not blank)`, ctx.docs)
    const body = (ctx.body ?? {}) as PutBody
    const policy = body.deployment_branch_policy
    if (policy && policy.protected_branches === policy.custom_branch_policies)
      return ghError(422, 'Only one of protected_branches or custom_branch_policies can be set to true', ctx.docs)
    if (body.wait_timer !== undefined && (body.wait_timer < 0 || body.wait_timer > MAX_WAIT_TIMER))
      return ghError(422, `wait_timer must be an integer between 0 and ${MAX_WAIT_TIMER} (30 days, in minutes)`, ctx.docs)
    const reviewers = (body.reviewers ?? []).map((r) => ({ type: r.type ?? 'User', id: r.id ?? 0 }))
    const unknown = reviewers.find((r) => r.type === 'User' && !ctx.store.loginOf(r.id))
    if (unknown) return ghError(422, `Reviewer ${unknown.id} is not a user with access to the repository`, ctx.docs)
    if (reviewers.length > 6) return ghError(422, 'An environment can have at most 6 reviewers', ctx.docs)
    const env = ctx.store.addEnvironment(repo, name)
    if (body.wait_timer !== undefined) env.wait_timer = body.wait_timer
    if (body.prevent_self_review !== undefined) env.prevent_self_review = body.prevent_self_review
    if (body.reviewers !== undefined) env.reviewers = reviewers
    if (policy !== undefined) env.deployment_branch_policy = policy
    env.updated_at = ctx.store.now()
    return { status: 200, body: envJson(ctx, repo, env) }
  })
  handlers.set('repos/delete-an-environment', (ctx) => {
    const denied = denyWorkflowToken(ctx.token, ctx.docs)
    if (denied) return denied
    const repo = ctx.repo()
    const env = repo.environments.get(ctx.params.environment_name.toLowerCase())
    if (!env) return notFound(ctx.docs)
    repo.environments.delete(env.name.toLowerCase())
    repo.deployments = repo.deployments.filter((d) => d.environment.toLowerCase() !== env.name.toLowerCase())
    return { status: 204 }
  })
}
