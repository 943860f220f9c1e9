/**
 * The REST front door: token auth, primary and secondary rate limits, OpenAPI validation of every request, then a
 * handler chosen by the spec's operationId. Serves api.github.com at `/` and GitHub Enterprise Server at `/api/v3`.
 */
import { randomBytes } from 'node:crypto'
import type { FakeRequest, FakeResponse } from '../common/index.js'
import { ghError, notFound } from './errors.js'
import type { SpecFlavour, SpecOperation } from './openapi/spec-subset.js'
import { validateResponse } from './openapi/response-validator.js'
import { validateRequest } from './openapi/validator.js'
import type { RateLimiter } from './rate-limit.js'
import type { Urls } from './routes/repo-json.js'
import type { GitHubStore, Org, Repo } from './store.js'
import { denyOtherRepo, denyPermission, parseAuthorization, type Permission, type TokenInfo } from './tokens.js'

/** Thrown by handlers to answer early (404 for an unknown repo, 403 for a token without permission...). */
export class Answer extends Error {
  constructor(readonly response: FakeResponse) {
    super(`answer ${response.status}`)
  }
}

export interface RestContext {
  req: FakeRequest
  /** Decoded path parameters (`environment_name` "deploy/prod space"). */
  params: Record<string, string>
  query: URLSearchParams
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any
  operation: SpecOperation
  docs: string
  token: TokenInfo
  /** The API root as the client used it (`http://127.0.0.1:N` or `.../api/v3`). */
  apiBase: string
  /** API and web roots, for the URLs in answers. */
  urls: Urls
  /** The request's own URL without the query (for `Link` headers). */
  selfUrl: string
  /** Headers added to the answer (e.g. `x-accepted-github-permissions`). */
  headers: Record<string, string>
  /** 403 unless the token has `permission` at `access` (workflow tokens; a PAT has every permission). */
  permit(permission: Permission, access: 'read' | 'write'): void
  store: GitHubStore
  /** The repository of `{owner}/{repo}`, or 404 (403 for a workflow token of another repo). */
  repo(): Repo
  org(): Org
  /** The token's current `x-ratelimit-*` values. */
  rateLimit(): Record<string, string>
}

export type RestHandler = (ctx: RestContext) => FakeResponse | Promise<FakeResponse>

export interface InvalidRequest {
  method: string
  path: string
  operationId?: string
  status: number
  message: string
  details: string[]
}

/** An answer of the fake that does not match GitHub's OpenAPI description (a bug in the fake). */
export interface InvalidResponse {
  method: string
  path: string
  operationId: string
  status: number
  problems: string[]
}

export const SUPPORTED_API_VERSIONS = ['2022-11-28', '2026-03-10']

export interface RestDeps {
  store: GitHubStore
  limiter: RateLimiter
  tokens: Map<string, TokenInfo>
  handlers: Map<string, RestHandler>
  invalidRequests: InvalidRequest[]
  /** Operations the spec knows but the fake does not implement (answered 501, which GitHub never answers). */
  unimplemented: { method: string; path: string; operationId: string }[]
  /** Check every answer to a spec operation against the description and record the ones that do not match. */
  checkResponses: boolean
  invalidResponses: InvalidResponse[]
  /** operationId -> statuses answered (what a test run exercised). */
  answered: Map<string, Set<number>>
  ghesFlavour: SpecFlavour
  baseUrl(): string
  serverUrl(): string
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export function createRestHandler(deps: RestDeps): (req: FakeRequest, prefix: '' | '/api/v3') => Promise<FakeResponse> {
  return async (req, prefix) => {
    const path = req.path.slice(prefix.length) || '/'
    const flavour: SpecFlavour = prefix ? deps.ghesFlavour : 'api.github.com'
    const common: Record<string, string> = {
      'x-github-request-id': randomBytes(8).toString('hex').toUpperCase(),
      'x-github-media-type': 'github.v3; format=json'
    }
    const version = req.headers['x-github-api-version']
    if (typeof version === 'string') {
      if (!SUPPORTED_API_VERSIONS.includes(version))
        return withHeaders(ghError(400, `API version ${version} is not supported.`, 'https://docs.github.com/rest/about-the-rest-api/api-versions'), common)
      common['x-github-api-version-selected'] = version
    } else common['x-github-api-version-selected'] = '2022-11-28'

    const raw = req.headers.authorization
    const tokenValue = parseAuthorization(raw)
    const token = tokenValue ? deps.tokens.get(tokenValue) : undefined
    if (!token) {
      await req.body().catch(() => undefined)
      return withHeaders(ghError(401, raw ? 'Bad credentials' : 'Requires authentication'), common)
    }
    const subject = token.kind === 'workflow' ? `installation ID ${token.userId}` : `user ID ${token.userId}`
    const primary = deps.limiter.primary(token.token, token.limit, subject)
    if (primary) return withHeaders(primary, common)
    Object.assign(common, deps.limiter.headers(token.token, token.limit))

    const body = await req.body()
    const outcome = validateRequest(flavour, { method: req.method, path, query: req.query, body })
    if (outcome.kind === 'not-found') return withHeaders(notFound(), common)
    if (outcome.kind === 'method-not-allowed') return withHeaders(notFound(), common)
    const operation = outcome.kind === 'ok' || outcome.kind === 'invalid' ? outcome.operation : undefined
    const answer = (response: FakeResponse): FakeResponse => {
      const out = withHeaders(response, common)
      if (operation) deps.answered.set(operation.operationId, (deps.answered.get(operation.operationId) ?? new Set()).add(out.status))
      if (deps.checkResponses && operation) checkResponse(deps, flavour, req, operation, out)
      return out
    }
    if (outcome.kind === 'invalid') {
      deps.invalidRequests.push({
        method: req.method,
        path: req.path,
        operationId: outcome.operation.operationId,
        status: outcome.status,
        message: outcome.message,
        details: outcome.details
      })
      return answer(ghError(outcome.status, outcome.message, outcome.operation.docs))
    }
    if (WRITE_METHODS.has(req.method)) {
      const secondary = deps.limiter.secondary(token.token, token.limit)
      if (secondary) return answer(secondary)
    }
    const handler = deps.handlers.get(outcome.operation.operationId)
    if (!handler) {
      deps.unimplemented.push({ method: req.method, path: req.path, operationId: outcome.operation.operationId })
      // 501 is not an answer GitHub gives: a test can tell "the fake lacks this" from a real "not found".
      return withHeaders(
        ghError(501, `The GitHub fake does not implement ${outcome.operation.operationId} (${outcome.operation.method} ${outcome.operation.path}).`, outcome.operation.docs),
        common
      )
    }
    const docs = outcome.operation.docs ?? 'https://docs.github.com/rest'
    const params = outcome.params
    const extra: Record<string, string> = {}
    const ctx: RestContext = {
      req,
      params,
      query: req.query,
      body: outcome.body,
      operation: outcome.operation,
      docs,
      token,
      apiBase: deps.baseUrl() + prefix,
      urls: { apiBase: deps.baseUrl() + prefix, serverUrl: deps.serverUrl() },
      selfUrl: deps.baseUrl() + req.path,
      headers: extra,
      permit(permission, access) {
        const denied = denyPermission(token, permission, access, extra, docs)
        if (denied) throw new Answer(denied)
      },
      store: deps.store,
      repo() {
        const repo = deps.store.repo(params.owner, params.repo)
        if (!repo) throw new Answer(notFound(docs))
        const denied = denyOtherRepo(token, repo, docs)
        if (denied) throw new Answer(denied)
        return repo
      },
      rateLimit: () => deps.limiter.headers(token.token, token.limit),
      org() {
        const org = deps.store.org(params.org)
        if (!org) throw new Answer(notFound(docs))
        return org
      }
    }
    const withExtra = (r: FakeResponse): FakeResponse => ({ ...r, headers: { ...extra, ...(r.headers as Record<string, string> | undefined) } })
    try {
      return answer(withExtra(await handler(ctx)))
    } catch (err) {
      if (err instanceof Answer) return answer(withExtra(err.response))
      throw err
    }
  }
}

function checkResponse(deps: RestDeps, flavour: SpecFlavour, req: FakeRequest, operation: SpecOperation, res: FakeResponse): void {
  const body = res.body
  const raw = body !== undefined && body !== null && (typeof body !== 'object' || Buffer.isBuffer(body) || typeof (body as { pipe?: unknown }).pipe === 'function')
  const problems = validateResponse(flavour, { operationId: operation.operationId, status: res.status, body: body ?? undefined, raw })
  if (!problems.length) return
  const entry = { method: req.method, path: req.path, operationId: operation.operationId, status: res.status, problems }
  deps.invalidResponses.push(entry)
  process.stderr.write(`GitHub fake: its answer to ${entry.method} ${entry.path} (${entry.operationId}, ${entry.status}) does not match the OpenAPI description: ${problems[0]}${problems.length > 1 ? ` (+${problems.length - 1} more)` : ''}\n`)
}

/** The report `close()` throws: each distinct problem once, with the requests that showed it. */
export function describeInvalid(all: InvalidResponse[]): string {
  const groups = new Map<string, { first: InvalidResponse; count: number }>()
  for (const r of all) {
    const key = `${r.operationId} ${r.status} ${r.problems.join('|')}`
    const g = groups.get(key)
    if (g) g.count++
    else groups.set(key, { first: r, count: 1 })
  }
  return [...groups.values()]
    .map(({ first: r, count }) => `${r.method} ${r.path} (${r.operationId}, ${r.status})${count > 1 ? ` and ${count - 1} more like it` : ''}:\n  ${r.problems.join('\n  ')}`)
    .join('\n')
}

function withHeaders(response: FakeResponse, headers: Record<string, string>): FakeResponse {
  return { ...response, headers: { ...headers, ...(response.headers as Record<string, string> | undefined) } }
}
