/**
 * Conformance: plain HTTP the way `gh api` and curl scripts talk to GitHub, no Octokit in between: `token` auth,
 * `Accept: application/vnd.github+json`, paths written out (`git/ref/heads/feature/login`, `compare/v1.0.0...main`),
 * `--paginate` following `Link: rel="next"` to the end, form-style JSON bodies, and the secret-setting dance (read the
 * key, seal, PUT). Every answer is checked against GitHub's OpenAPI description.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { sealForKey, startGithubFake, type GithubFake } from '../../sandbox/github/index.js'

describe('raw HTTP (gh api / curl style) against the GitHub fake', () => {
  let fake: GithubFake
  beforeAll(async () => {
    fake = await startGithubFake({ checkResponses: true })
  })
  afterAll(() => fake.close())

  const api = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const res = await fetch(path.startsWith('http') ? path : `${fake.apiUrl}/${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `token ${fake.token}`,
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
        'user-agent': 'GitHub CLI 2.63.0',
        ...(init.body ? { 'content-type': 'application/json; charset=utf-8' } : {})
      },
      body: init.body ? JSON.stringify(init.body) : undefined
    })
    const text = await res.text()
    return { status: res.status, link: res.headers.get('link'), json: text ? (JSON.parse(text) as unknown) : undefined }
  }

  /** `gh api --paginate`: follow rel="next" until there is none. */
  const paginate = async (path: string) => {
    const items: unknown[] = []
    let next: string | undefined = path
    let pages = 0
    while (next) {
      const page = await api(next)
      expect(page.status).toBe(200)
      const body = page.json as { commits?: unknown[] } | unknown[]
      items.push(...(Array.isArray(body) ? body : (body.commits ?? [])))
      next = /<([^>]+)>;\s*rel="next"/.exec(page.link ?? '')?.[1]
      pages++
    }
    return { items, pages }
  }

  it('paginates the commit list and a 600-commit compare by Link headers', async () => {
    fake.git().branch('release', 'main')
    fake.addCommits(600, { branch: 'release' })
    const list = await paginate(`repos/${fake.owner}/${fake.repo}/commits?sha=release&per_page=100`)
    expect(list.items).toHaveLength(608)
    expect(list.pages).toBe(7)
    const cmp = await paginate(`repos/${fake.owner}/${fake.repo}/compare/main...release?per_page=250`)
    expect(cmp.items).toHaveLength(600)
    expect(cmp.pages).toBe(3)
  })

  it('reads refs and commits by written-out paths', async () => {
    expect((await api(`repos/${fake.owner}/${fake.repo}/git/ref/heads/feature/login`)).json).toMatchObject({ ref: 'refs/heads/feature/login' })
    expect((await api(`repos/${fake.owner}/${fake.repo}/git/matching-refs/tags/v1`)).json).toHaveLength(2)
    expect((await api(`repos/${fake.owner}/${fake.repo}/commits/v1.0.0`)).json).toMatchObject({ sha: fake.git().resolve('v1.0.0') })
    expect((await api(`repos/${fake.owner}/${fake.repo}/commits/heads/main/status`)).json).toMatchObject({ state: 'pending', total_count: 0 })
  })

  it('sets a secret as `gh secret set` does: key, seal, PUT; then reads its metadata', async () => {
    const key = (await api(`repos/${fake.owner}/${fake.repo}/actions/secrets/public-key`)).json as { key: string; key_id: string }
    const put = await api(`repos/${fake.owner}/${fake.repo}/actions/secrets/FROM_GH`, { method: 'PUT', body: { encrypted_value: sealForKey(key.key, 'gh-value'), key_id: key.key_id } })
    expect(put.status).toBe(201)
    expect(fake.readSecret({}, 'FROM_GH')).toBe('gh-value')
    expect((await api(`repos/${fake.owner}/${fake.repo}/actions/secrets/FROM_GH`)).json).toMatchObject({ name: 'FROM_GH', updated_at: expect.stringMatching(/:\d\dZ$/) })
  })

  it('creates a deployment and its statuses with JSON bodies as `gh api -f/-F` sends them', async () => {
    const d = await api(`repos/${fake.owner}/${fake.repo}/deployments`, { method: 'POST', body: { ref: 'main', environment: 'gh-env', auto_merge: false, required_contexts: [], payload: '{"from":"gh"}' } })
    expect(d.status).toBe(201)
    expect(d.json).toMatchObject({ payload: '{"from":"gh"}', environment: 'gh-env' })
    const id = (d.json as { id: number }).id
    const st = await api(`repos/${fake.owner}/${fake.repo}/deployments/${id}/statuses`, { method: 'POST', body: { state: 'success', environment_url: 'https://gh.example' } })
    expect(st.status).toBe(201)
    expect(st.json).toMatchObject({ state: 'success', environment_url: 'https://gh.example', log_url: '', target_url: '' })
    expect(fake.invalidRequests).toEqual([])
    expect(fake.invalidResponses).toEqual([])
  })
})
