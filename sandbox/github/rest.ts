/**
 * The REST front door: token auth, primary and secondary rate limits, OpenAPI validation of every request, then a
 * handler chosen by the spec's operationId. Serves api.github.com at `/` and GitHub Enterprise Server at `/api/v3`.
 */
import { randomBytes } from 'node:crypto'
import type { FakeRequest, FakeResponse } from '../common/index.js'
import { ghError, notFound } from './errors.js'
import type { SpecFlavour, SpecOperation } from './openapi/spec-subset.js'
import { validateRequest } from './openapi/validator.js'
import type { RateLimiter } from './rate-limit.js'
import type { GitHubStore, Org, Repo } from './store.js'
import { denyOtherRepo, parseAuthorization, type TokenInfo } from './tokens.js'

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

export const SUPPORTED_API_VERSIONS = ['2022-11-28', '2026-03-10']

export interface RestDeps {
  store: GitHubStore
  limiter: RateLimiter
  tokens: Map<string, TokenInfo>
  handlers: Map<string, RestHandler>
  invalidRequests: InvalidRequest[]
  /** Operations the spec knows but the fake does not implement (answered 404). */
  unimplemented: { method: string; path: string; operationId: string }[]
  ghesFlavour: SpecFlavour
  baseUrl(): string
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
    if (outcome.kind === 'invalid') {
      deps.invalidRequests.push({
        method: req.method,
        path: req.path,
        operationId: outcome.operation.operationId,
        status: outcome.status,
        message: outcome.message,
        details: outcome.details
      })
      return withHeaders(ghError(outcome.status, outcome.message, outcome.operation.docs), common)
    }
    if (WRITE_METHODS.has(req.method)) {
      const secondary = deps.limiter.secondary(token.token, token.limit)
      if (secondary) return withHeaders(secondary, common)
    }
    const handler = deps.handlers.get(outcome.operation.operationId)
    if (!handler) {
      deps.unimplemented.push({ method: req.method, path: req.path, operationId: outcome.operation.operationId })
      return withHeaders(notFound(outcome.operation.docs), common)
    }
    const docs = outcome.operation.docs ?? 'https://docs.github.com/rest'
    const params = outcome.params
    const ctx: RestContext = {
      req,
      params,
      query: req.query,
      body: outcome.body,
      operation: outcome.operation,
      docs,
      token,
      apiBase: deps.baseUrl() + prefix,
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
    try {
      return withHeaders(await handler(ctx), common)
    } catch (err) {
      if (err instanceof Answer) return withHeaders(err.response, common)
      throw err
    }
  }
}

function withHeaders(response: FakeResponse, headers: Record<string, string>): FakeResponse {
  return { ...response, headers: { ...headers, ...(response.headers as Record<string, string> | undefined) } }
}
