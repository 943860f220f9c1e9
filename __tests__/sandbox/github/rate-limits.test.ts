import { afterEach, describe, expect, it } from '@jest/globals'
import { throttling } from '@octokit/plugin-throttling'
import { Octokit } from '@octokit/rest'
import { startGithubFake, type GithubFake } from '../../../sandbox/github/index.js'

describe('GitHub fake: rate limits', () => {
  let fake: GithubFake | undefined
  afterEach(async () => {
    await fake?.close()
    fake = undefined
  })

  const createVar = (f: GithubFake, name: string) =>
    fetch(`${f.apiUrl}/repos/${f.owner}/${f.repo}/actions/variables`, {
      method: 'POST',
      headers: { authorization: `Bearer ${f.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name, value: 'v' })
    })

  it('sends x-ratelimit-* headers and counts requests per token', async () => {
    fake = await startGithubFake()
    const get = () => fetch(`${fake!.apiUrl}/repos/${fake!.owner}/${fake!.repo}`, { headers: { authorization: `Bearer ${fake!.token}` } })
    const a = await get()
    const b = await get()
    expect(a.headers.get('x-ratelimit-limit')).toBe('5000')
    expect(Number(a.headers.get('x-ratelimit-remaining')) - Number(b.headers.get('x-ratelimit-remaining'))).toBe(1)
    expect(b.headers.get('x-ratelimit-used')).toBe('2')
    expect(b.headers.get('x-ratelimit-resource')).toBe('core')
    expect(Number(b.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000)
    const wf = await fetch(`${fake.apiUrl}/repos/${fake.owner}/${fake.repo}`, { headers: { authorization: `Bearer ${fake.workflowToken}` } })
    expect(wf.headers.get('x-ratelimit-limit')).toBe('1000')
  })

  it('answers 403 with x-ratelimit-remaining 0 when the primary limit is used up', async () => {
    fake = await startGithubFake()
    fake.limiter.setRemaining(fake.token, 5000, 0)
    const res = await fetch(`${fake.apiUrl}/user`, { headers: { authorization: `Bearer ${fake.token}` } })
    expect(res.status).toBe(403)
    expect(res.headers.get('x-ratelimit-remaining')).toBe('0')
    expect(await res.json()).toMatchObject({ message: 'API rate limit exceeded for user ID 583231.' })
  })

  it('limits content-creating requests per minute with retry-after (403 by default, 429 when configured); reads are not limited', async () => {
    fake = await startGithubFake({ secondaryPerMinute: 2 })
    expect((await createVar(fake, 'A')).status).toBe(201)
    expect((await createVar(fake, 'B')).status).toBe(201)
    const limited = await createVar(fake, 'C')
    expect(limited.status).toBe(403)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(((await limited.json()) as { message: string }).message).toMatch(/secondary rate limit/)
    expect(fake.store.repo(fake.owner, fake.repo)!.variables.get('C')).toBeUndefined()
    const read = await fetch(`${fake.apiUrl}/repos/${fake.owner}/${fake.repo}/actions/variables`, { headers: { authorization: `Bearer ${fake.token}` } })
    expect(read.status).toBe(200)
    fake.clock.advance(60_000)
    expect((await createVar(fake, 'C')).status).toBe(201)
    fake.setSecondaryLimit(0, 429)
    const tooMany = await createVar(fake, 'D')
    expect(tooMany.status).toBe(429)
    expect(tooMany.headers.get('retry-after')).not.toBeNull()
  })

  it('lets @octokit/plugin-throttling wait out the secondary limit and succeed', async () => {
    // The plugin spaces writes about a second apart: a 3 s window makes the second write hit the limit even on a
    // slow, loaded machine (with a 1 s window it sometimes arrived after the window had passed).
    fake = await startGithubFake({ secondaryPerMinute: 1, secondaryWindowMs: 3000 })
    const Throttled = Octokit.plugin(throttling)
    const hits: number[] = []
    const gh = new Throttled({
      auth: fake.token,
      baseUrl: fake.apiUrl,
      // The 403s are the point of this test: keep Octokit's request log off the console.
      log: { debug() {}, info() {}, warn() {}, error() {} },
      throttle: {
        onRateLimit: () => false,
        onSecondaryRateLimit: (retryAfter: number) => {
          hits.push(retryAfter)
          return hits.length < 3
        }
      }
    })
    for (const name of ['ONE', 'TWO']) await gh.rest.actions.createRepoVariable({ owner: fake.owner, repo: fake.repo, name, value: 'x' })
    expect(hits.length).toBeGreaterThanOrEqual(1)
    expect(hits[0]).toBeGreaterThanOrEqual(1)
    expect(hits[0]).toBeLessThanOrEqual(3)
    expect(fake.store.repo(fake.owner, fake.repo)!.variables.variables.size).toBe(2)
    expect(fake.invalidRequests).toEqual([])
  })
})
