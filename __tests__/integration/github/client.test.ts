import { afterEach, describe, expect, it } from '@jest/globals'
import { Clock } from '../../../sandbox/common/index.js'
import { startGithubFake, type GithubFake } from '../../../sandbox/github/index.js'
import { createGithubClient, normaliseApiUrl } from '../../../src/github/client.js'
import { githubError } from '../../../src/github/errors.js'
import { GithubSecrets } from '../../../src/github/secrets-client.js'
import { parseTarget } from '../../../src/github/targets.js'
import { MemoryLogger } from '../../helpers/memory-logger.js'
import { NetworkError } from '../../../src/core/errors.js'
import { startTestProxy } from '../../helpers/proxy.js'
import { rejectionOf } from '../../helpers/rejection.js'

const repoTarget = parseTarget('repo:octo-org/deploy-app', { visibility: 'private', selectedRepositories: [] })

describe('the GitHub client (retry, throttling, timeouts)', () => {
  let fake: GithubFake | undefined
  afterEach(async () => {
    await fake?.close()
    fake = undefined
  })

  const secretsFor = (f: GithubFake, extra: Partial<Parameters<typeof createGithubClient>[0]> = {}) => {
    const logger = new MemoryLogger()
    const gh = createGithubClient({ token: f.token, apiUrl: f.apiUrl, logger, writeIntervalMs: 0, retryBaseMs: 1, retryAfterUnitMs: 1, ...extra })
    return { secrets: new GithubSecrets(gh, {}, logger), logger }
  }

  it('retries a 502 on the idempotent PUT; the secret is written once', async () => {
    fake = await startGithubFake()
    fake.server.faults.next('PUT', /\/actions\/secrets\/RETRIED$/, { kind: 'status', status: 502 })
    const { secrets } = secretsFor(fake)
    await secrets.write(repoTarget, 'RETRIED', 'v1')
    expect(fake.readSecret({}, 'RETRIED')).toBe('v1')
    expect(fake.server.log.filter('PUT', /RETRIED$/).map((e) => e.status)).toEqual([502, 201])
    expect(fake.server.ledger.count('secret-write')).toBe(1)
  })

  it('times a silent server out and retries; after the retries it reports a network failure, not a stack', async () => {
    fake = await startGithubFake()
    fake.server.faults.next('GET', /\/public-key$/, { kind: 'latency', ms: 400 })
    const { secrets } = secretsFor(fake, { timeoutMs: 100 })
    await secrets.publicKey(repoTarget)
    expect(fake.server.log.filter('GET', /\/public-key$/)).toHaveLength(2)

    fake.server.faults.next('GET', /\/public-key$/, { kind: 'latency', ms: 400 }, 3)
    const { secrets: fresh } = secretsFor(fake, { timeoutMs: 100, retries: 2 })
    const err = githubError(await rejectionOf(fresh.publicKey(repoTarget)))
    expect(err).toBeInstanceOf(NetworkError)
    expect((err as Error).message).toMatch(/GET .*public-key failed: no answer within/)
  })

  it('waits out the secondary rate limit as GitHub asks and then writes everything', async () => {
    // The fake's 10 s window lasts 1 s of real time: seven writes hit it even on a slow machine; waits are scaled
    // down (20 ms per second asked), so many waits are allowed.
    fake = await startGithubFake({ secondaryPerMinute: 3, secondaryWindowMs: 10_000, clock: new Clock(10) })
    const { secrets, logger } = secretsFor(fake, { retryAfterUnitMs: 20, secondaryLimitRetries: 100 })
    const names = ['S_1', 'S_2', 'S_3', 'S_4', 'S_5', 'S_6', 'S_7']
    for (const n of names) await secrets.write(repoTarget, n, n.toLowerCase())
    for (const n of names) expect(fake.readSecret({}, n)).toBe(n.toLowerCase())
    expect(fake.server.log.filter('PUT', /.*/).some((e) => e.status === 403)).toBe(true)
    expect(logger.text()).toMatch(/secondary rate limit .* waiting \d+m?s as GitHub asks/)
  })

  it('gives up on a secondary limit that does not lift, with GitHub\'s message', async () => {
    fake = await startGithubFake({ secondaryPerMinute: 0 })
    const { secrets } = secretsFor(fake, { secondaryLimitRetries: 1 })
    const err = await rejectionOf(secrets.write(repoTarget, 'LIMITED', 'v'))
    expect(err.message).toMatch(/GitHub answered 403 to PUT .*LIMITED: You have exceeded a secondary rate limit/)
    expect(fake.readSecret({}, 'LIMITED')).toBeUndefined()
  })

  it('goes through the proxy of the runner environment (HTTP_PROXY)', async () => {
    fake = await startGithubFake()
    const proxy = await startTestProxy()
    const saved = { ...process.env }
    try {
      for (const k of ['NO_PROXY', 'no_proxy', 'HTTPS_PROXY', 'https_proxy']) delete process.env[k]
      process.env.HTTP_PROXY = proxy.url
      const { secrets } = secretsFor(fake)
      await secrets.write(repoTarget, 'VIA_PROXY', 'proxied')
    } finally {
      for (const k of ['HTTP_PROXY', 'NO_PROXY', 'no_proxy', 'HTTPS_PROXY', 'https_proxy']) {
        if (saved[k] === undefined) delete process.env[k]
        else process.env[k] = saved[k]
      }
      await proxy.close()
    }
    expect(fake.readSecret({}, 'VIA_PROXY')).toBe('proxied')
    // undici tunnels through the proxy with CONNECT, for http targets too.
    expect(proxy.seen).toContain(`CONNECT ${new URL(fake.apiUrl).host}`)
  })

  it('normalises the API URL', () => {
    expect(normaliseApiUrl(undefined)).toBe('https://api.github.com')
    expect(normaliseApiUrl('https://ghes.example.com/api/v3/')).toBe('https://ghes.example.com/api/v3')
  })
})
