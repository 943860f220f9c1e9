/**
 * OIDC sign-in with `service_account_id`: the GitHub fake issues the job's ID token (audience = the service
 * account id), the Octopus fake trusts the GitHub issuer and exchanges it at the token endpoint its discovery
 * document names. Neither token ever shows up in the output.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startGithubFake, type GithubFake } from '../../../../sandbox/github/index.js'
import { SEED, startOctopusFake, type OctopusFake } from '../../../../sandbox/octopus/index.js'
import { releasesCreated, runCreateRelease } from './harness.js'

let gh: GithubFake
let fake: OctopusFake
let runner: NodeJS.ProcessEnv

beforeAll(async () => {
  gh = await startGithubFake()
  fake = await startOctopusFake({ oidcIssuers: [{ issuer: gh.url, jwksUri: `${gh.url}/.well-known/jwks`, subjects: [`repo:${gh.owner}/${gh.repo}:*`] }] })
  const env = (await gh.runnerEnv()).env
  runner = { ACTIONS_ID_TOKEN_REQUEST_URL: env.ACTIONS_ID_TOKEN_REQUEST_URL, ACTIONS_ID_TOKEN_REQUEST_TOKEN: env.ACTIONS_ID_TOKEN_REQUEST_TOKEN }
})
afterAll(async () => {
  await fake.close()
  await gh.close()
})

describe('create-release with OIDC (service_account_id)', () => {
  it('gets an ID token, exchanges it at the discovered endpoint and creates the release with the access token', async () => {
    const r = await runCreateRelease(fake, { api_key: '', service_account_id: fake.serviceAccountId, project: SEED.project }, runner)
    expect(r.failures).toEqual([])
    expect(releasesCreated(fake)).toHaveLength(1)
    expect(fake.server.ledger.count('access-token')).toBe(1)
    expect(fake.server.log.filter('GET', '/.well-known/openid-configuration')).toHaveLength(1)
    expect(fake.server.log.filter('POST', '/token/v1')).toHaveLength(1)
    const create = fake.server.log.filter('POST', /create\/v1$/)[0]
    expect(create.headers.authorization).toBe('[redacted]')
    expect(create.headers['x-octopus-apikey']).toBeUndefined()
    expect(r.logger.text()).toMatch(/Signed in to Octopus with OIDC as service account/)
    // The request token, the ID token and the access token were all masked, and none is visible.
    expect(r.masked).toContain(runner.ACTIONS_ID_TOKEN_REQUEST_TOKEN)
    const jwts = r.masked.filter((m) => /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/.test(m))
    expect(jwts.length).toBeGreaterThanOrEqual(2)
    for (const secret of [runner.ACTIONS_ID_TOKEN_REQUEST_TOKEN!, ...jwts]) expect(r.visibleText()).not.toContain(secret)
  })

  it('a service account that does not trust this repository is refused with what to check', async () => {
    const other = await startOctopusFake({ oidcIssuers: [{ issuer: gh.url, jwksUri: `${gh.url}/.well-known/jwks`, subjects: ['repo:someone/else:*'] }] })
    try {
      const r = await runCreateRelease(other, { api_key: '', service_account_id: other.serviceAccountId, project: SEED.project }, runner)
      expect(r.code).toBe(1)
      expect(r.failures[0]).toMatch(/Octopus answered 400 to POST .*\/token\/v1: No OIDC identity of the service account matches the subject 'repo:octo-org\/deploy-app:ref:[^']+'\.? \(invalid_request\)/)
      expect(r.failures[0]).toMatch(/Check that service account .* has an OIDC identity/)
      expect(releasesCreated(other)).toEqual([])
    } finally {
      await other.close()
    }
  })

  it('without id-token permission the error says how to grant it', async () => {
    const r = await runCreateRelease(fake, { api_key: '', service_account_id: fake.serviceAccountId, project: SEED.project })
    expect(r.code).toBe(1)
    expect(r.failures[0]).toMatch(/cannot request a GitHub ID token.*permissions: id-token: write/)
  })
})
