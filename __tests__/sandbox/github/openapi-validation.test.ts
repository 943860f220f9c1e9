import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startGithubFake, type GithubFake } from '../../../sandbox/github/index.js'
import { validateResponse } from '../../../sandbox/github/openapi/response-validator.js'
import { validateRequest } from '../../../sandbox/github/openapi/validator.js'

const empty = Buffer.alloc(0)
const json = (v: unknown) => Buffer.from(JSON.stringify(v))

describe('OpenAPI request validation (GitHub\'s description from @octokit/openapi)', () => {
  it('matches literal segments before parameters and decodes percent-encoded names', () => {
    const key = validateRequest('api.github.com', { method: 'GET', path: '/repos/o/r/actions/secrets/public-key', query: new URLSearchParams(), body: empty })
    expect(key).toMatchObject({ kind: 'ok', operation: { operationId: 'actions/get-repo-public-key' } })
    const env = validateRequest('api.github.com', { method: 'GET', path: '/repos/o/r/environments/deploy%2Fprod%20space/secrets/X', query: new URLSearchParams(), body: empty })
    expect(env).toMatchObject({ kind: 'ok', operation: { operationId: 'actions/get-environment-secret' }, params: { environment_name: 'deploy/prod space', secret_name: 'X' } })
    expect(validateRequest('api.github.com', { method: 'GET', path: '/no/such/thing', query: new URLSearchParams(), body: empty }).kind).toBe('not-found')
  })

  it('rejects bodies and parameters the spec does not allow', () => {
    const put = (body: unknown) => validateRequest('api.github.com', { method: 'PUT', path: '/repos/o/r/actions/secrets/S', query: new URLSearchParams(), body: json(body) })
    expect(put({ encrypted_value: 'QUJD', key_id: '1' }).kind).toBe('ok')
    expect(put({ encrypted_value: 'QUJD' })).toMatchObject({ kind: 'invalid', status: 422, details: ['"key_id" wasn\'t supplied.'] })
    expect(put({ encrypted_value: 'not base64!', key_id: '1' })).toMatchObject({ kind: 'invalid', status: 422 })
    const org = validateRequest('api.github.com', { method: 'PUT', path: '/orgs/o/actions/secrets/S', query: new URLSearchParams(), body: json({ encrypted_value: 'QUJD', key_id: '1', visibility: 'public' }) })
    expect(org).toMatchObject({ kind: 'invalid', details: ['For \'properties/visibility\', "public" is not a member of ["all", "private", "selected"].'] })
    const perPage = validateRequest('api.github.com', { method: 'GET', path: '/repos/o/r/actions/secrets', query: new URLSearchParams('per_page=abc'), body: empty })
    expect(perPage.kind).toBe('invalid')
    const badId = validateRequest('api.github.com', { method: 'PUT', path: '/orgs/o/actions/secrets/S/repositories/notanumber', query: new URLSearchParams(), body: empty })
    expect(badId.kind).toBe('invalid')
    const notJson = validateRequest('api.github.com', { method: 'POST', path: '/repos/o/r/actions/variables', query: new URLSearchParams(), body: Buffer.from('{oops') })
    expect(notJson).toMatchObject({ kind: 'invalid', status: 400, message: 'Problems parsing JSON' })
  })

  it('applies the flavour\'s limits: 25 dispatch inputs on api.github.com, 10 on GHES 3.19', () => {
    const inputs = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`in${i}`, 'v']))
    const dispatch = (flavour: 'api.github.com' | 'ghes-3.19', n: number) =>
      validateRequest(flavour, { method: 'POST', path: '/repos/o/r/actions/workflows/deploy.yml/dispatches', query: new URLSearchParams(), body: json({ ref: 'main', inputs: inputs(n) }) }).kind
    expect(dispatch('api.github.com', 25)).toBe('ok')
    expect(dispatch('api.github.com', 26)).toBe('invalid')
    expect(dispatch('ghes-3.19', 10)).toBe('ok')
    expect(dispatch('ghes-3.19', 11)).toBe('invalid')
  })

  it('matches multi-segment parameters (git/ref/heads/a/b) and composite segments (compare/{base}...{head})', () => {
    const get = (path: string) => validateRequest('api.github.com', { method: 'GET', path, query: new URLSearchParams(), body: empty })
    expect(get('/repos/o/r/git/ref/heads/feature/a')).toMatchObject({ kind: 'ok', operation: { operationId: 'git/get-ref' }, params: { ref: 'heads/feature/a' } })
    expect(get('/repos/o/r/commits/heads/feature/a/status')).toMatchObject({ kind: 'ok', operation: { operationId: 'repos/get-combined-status-for-ref' }, params: { ref: 'heads/feature/a' } })
    expect(get('/repos/o/r/commits/abc123')).toMatchObject({ kind: 'ok', operation: { operationId: 'repos/get-commit' }, params: { ref: 'abc123' } })
    // `compare/{base}...{head}` (older) and `compare/{basehead}` match the same paths; the current operation wins.
    expect(get('/repos/o/r/compare/v1.0.0...feature%2Fx')).toMatchObject({ kind: 'ok', operation: { operationId: 'repos/compare-commits-with-basehead' }, params: { basehead: 'v1.0.0...feature/x' } })
  })

  it('response checking: rejects a repository without the fields GitHub requires, undocumented statuses, bodies where none belong', () => {
    const old = { id: 1, node_id: 'x', name: 'r', full_name: 'o/r', private: true, owner: { login: 'o' }, html_url: 'https://github.com/o/r', description: null, fork: false, url: 'https://api.github.com/repos/o/r' }
    const problems = validateResponse('api.github.com', { operationId: 'repos/get', status: 200, body: old })
    expect(problems).toEqual(expect.arrayContaining(['(body): missing required "archive_url"', '(body): missing required "clone_url"']))
    expect(problems).toHaveLength(40)
    expect(validateResponse('api.github.com', { operationId: 'repos/get', status: 201, body: old })).toEqual([expect.stringMatching(/^status 201 is not documented for repos\/get/)])
    expect(validateResponse('api.github.com', { operationId: 'actions/delete-repo-secret', status: 204, body: { ok: true } })).toEqual([expect.stringMatching(/has no body in the description/)])
    expect(validateResponse('api.github.com', { operationId: 'actions/delete-repo-secret', status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } })).toEqual([])
    expect(validateResponse('api.github.com', { operationId: 'actions/delete-repo-secret', status: 403, body: undefined })).toEqual([expect.stringMatching(/without GitHub's JSON error body/)])
    expect(validateResponse('api.github.com', { operationId: 'actions/get-repo-secret', status: 200, body: { name: 'S', created_at: '2024-01-01T00:00:00Z', updated_at: 'yesterday' } })).toEqual(['/updated_at: must match format "date-time"'])
  })

  describe('through the server', () => {
    let fake: GithubFake
    beforeAll(async () => {
      fake = await startGithubFake()
    })
    afterAll(() => fake.close())

    it('answers a malformed request with GitHub\'s 422 and records it', async () => {
      const res = await fetch(`${fake.apiUrl}/repos/${fake.owner}/${fake.repo}/actions/variables`, {
        method: 'POST',
        headers: { authorization: `token ${fake.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'ONLY_NAME' })
      })
      expect(res.status).toBe(422)
      const body = (await res.json()) as { message: string; documentation_url: string; status: string }
      expect(body.message).toBe('Invalid request.\n\n"value" wasn\'t supplied.')
      expect(body.documentation_url).toMatch(/^https:\/\/docs\.github\.com\/rest\/actions\/variables/)
      expect(body.status).toBe('422')
      expect(fake.invalidRequests).toEqual([expect.objectContaining({ method: 'POST', operationId: 'actions/create-repo-variable', status: 422 })])
      expect(fake.store.repo(fake.owner, fake.repo)!.variables.variables.size).toBe(0)
    })

    it('answers unknown paths 404, bad tokens 401, unsupported API versions 400, in GitHub\'s error form', async () => {
      const get = (path: string, headers: Record<string, string> = { authorization: `Bearer ${fake.token}` }) => fetch(`${fake.apiUrl}${path}`, { headers })
      const nf = await get('/repos/o/r/not-an-endpoint')
      expect(nf.status).toBe(404)
      expect(await nf.json()).toEqual({ message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' })
      expect((await get('/repos/nobody/nothing')).status).toBe(404)
      const bad = await get('/user', { authorization: 'Bearer ghp_wrong' })
      expect(bad.status).toBe(401)
      expect(await bad.json()).toMatchObject({ message: 'Bad credentials' })
      expect(await (await get('/user', {})).json()).toMatchObject({ message: 'Requires authentication' })
      const ver = await get('/user', { authorization: `Bearer ${fake.token}`, 'x-github-api-version': '2099-01-01' })
      expect(ver.status).toBe(400)
      const ok = await get('/user', { authorization: `Bearer ${fake.token}`, 'x-github-api-version': '2022-11-28' })
      expect(ok.headers.get('x-github-api-version-selected')).toBe('2022-11-28')
      expect(await ok.json()).toMatchObject({ login: 'octocat' })
    })

    it('answers 501 for operations the spec has but the fake does not implement, and records them', async () => {
      const res = await fetch(`${fake.apiUrl}/repos/${fake.owner}/${fake.repo}/issues/1`, { headers: { authorization: `Bearer ${fake.token}` } })
      // 501 is no answer GitHub gives: "the fake lacks this" cannot pass for a real "not found".
      expect(res.status).toBe(501)
      expect(await res.json()).toMatchObject({ message: 'The GitHub fake does not implement issues/get (GET /repos/{owner}/{repo}/issues/{issue_number}).' })
      expect(fake.unimplemented).toEqual([expect.objectContaining({ operationId: 'issues/get' })])
    })
  })
})
