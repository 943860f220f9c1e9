import { afterEach, describe, expect, it } from '@jest/globals'
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { start as startGithubEntry } from '../../../sandbox/github/sandbox-entry.js'
import { start as startOctopusEntry } from '../../../sandbox/octopus/sandbox-entry.js'
import { harness, type Harness, type Json } from './helpers.js'

const ISSUER = 'https://token.actions.githubusercontent.com'
const SUBJECT = 'repo:octo-org/random-quotes:environment:Production'

/** A test issuer: an RS256 key and its JWKS on a tiny loopback server. */
async function testIssuer() {
  const { privateKey, publicKey } = await generateKeyPair('RS256')
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'test-1', alg: 'RS256', use: 'sig' }
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' })
    res.end(JSON.stringify({ keys: [jwk] }))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const jwksUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks`
  return { privateKey, jwk, jwksUri, close: () => new Promise<void>((r) => server.close(() => r())) }
}

async function idToken(key: CryptoKey, claims: { aud: string; sub?: string; iss?: string; exp?: number; iat?: number }) {
  const now = Math.floor(Date.now() / 1000)
  return new SignJWT({ repository: 'octo-org/random-quotes' })
    .setProtectedHeader({ alg: 'RS256', kid: 'test-1' })
    .setIssuer(claims.iss ?? ISSUER)
    .setSubject(claims.sub ?? SUBJECT)
    .setAudience(claims.aud)
    .setIssuedAt(claims.iat ?? now)
    .setExpirationTime(claims.exp ?? now + 300)
    .sign(key)
}

describe('Octopus fake: OIDC token exchange', () => {
  let h: Harness | undefined
  let stop: (() => Promise<void>) | undefined
  afterEach(async () => {
    await h?.fake.close()
    await stop?.()
    h = undefined
    stop = undefined
  })

  const exchange = (token: string, audience: string, json = true) => {
    const params = {
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      audience,
      subject_token: token,
      subject_token_type: 'urn:ietf:params:oauth:token-type:jwt'
    }
    return fetch(`${h!.fake.url}/token/v1`, {
      method: 'POST',
      headers: { 'Content-Type': json ? 'application/json' : 'application/x-www-form-urlencoded', 'User-Agent': 'GitHubActions (login;v0)' },
      body: json ? JSON.stringify(params) : new URLSearchParams(params).toString()
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as Json }))
  }

  it('discovers the token endpoint and exchanges a JWKS-URL-verified token for a 1-hour bearer token', async () => {
    const issuer = await testIssuer()
    stop = issuer.close
    h = await harness({ oidcIssuers: [{ issuer: ISSUER, jwksUri: issuer.jwksUri, subjects: [SUBJECT] }] })
    const disco = await h.get('/.well-known/openid-configuration', {})
    expect(disco.status).toBe(200)
    expect(disco.body.token_endpoint).toBe(`${h.fake.url}/token/v1`)
    const token = await idToken(issuer.privateKey, { aud: h.fake.serviceAccountId })
    const res = await exchange(token, h.fake.serviceAccountId)
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      expires_in: 3600
    })
    const me = await h.get('/api/users/me', { Authorization: `Bearer ${res.body.access_token}` })
    expect(me.status).toBe(200)
    expect(me.body).toMatchObject({ Username: 'github-actions', IsService: true })
    h.fake.clock.advance(3601_000)
    expect((await h.get('/api/users/me', { Authorization: `Bearer ${res.body.access_token}` })).status).toBe(401)
    // The subject token's own expiry is judged on the fake's clock too.
    const late = await exchange(token, h.fake.serviceAccountId)
    expect(late.status).toBe(400)
    expect(late.body.error_description).toMatch(/expired/)
  })

  it('does not exist before 2023.4.8077', async () => {
    h = await harness({ version: '2023.3.1000' })
    expect((await h.get('/.well-known/openid-configuration', {})).status).toBe(404)
    expect((await h.post('/token/v1', {}, {})).status).toBe(404)
    expect((await h.post('/api/Spaces-1/releases/create/v1', { SpaceId: 'Spaces-1', SpaceIdOrName: 'Default', ProjectName: 'Random Quotes' })).status).toBe(201)
  })

  it('accepts a JWKS object and form bodies; rejects wrong audience, subject, issuer, signature and expiry', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256')
    const jwk = { ...(await exportJWK(publicKey)), kid: 'test-1', alg: 'RS256' }
    h = await harness({ oidcIssuers: [{ issuer: ISSUER, jwks: { keys: [jwk] }, subjects: ['repo:octo-org/*:environment:Production'] }] })
    const aud = h.fake.serviceAccountId
    const ok = await exchange(await idToken(privateKey, { aud }), aud, false)
    expect(ok.status).toBe(200)
    const err = async (p: Promise<{ status: number; body: { error: string; error_description: string } }>, text: RegExp) => {
      const r = await p
      expect(r.status).toBe(400)
      expect(r.body.error).toBe('invalid_request')
      expect(r.body.error_description).toMatch(text)
    }
    await err(exchange(await idToken(privateKey, { aud: 'someone-else' }), aud), /audience/)
    await err(exchange(await idToken(privateKey, { aud }), '00000000-0000-0000-0000-000000000000'), /No service account/)
    await err(exchange(await idToken(privateKey, { aud, sub: 'repo:evil/repo:ref:refs/heads/main' }), aud), /subject/)
    await err(exchange(await idToken(privateKey, { aud, iss: 'https://evil.example' }), aud), /not trusted/)
    const other = await generateKeyPair('RS256')
    await err(exchange(await idToken(other.privateKey, { aud }), aud), /signature/)
    const past = Math.floor(Date.now() / 1000) - 1000
    await err(exchange(await idToken(privateKey, { aud, iat: past - 300, exp: past }), aud), /expired/)
    await err(exchange('not-a-jwt', aud), /not a valid JWT/)
  })

  it('trusts the GitHub fake as issuer in sandbox mode: a runner ID token becomes an Octopus access token', async () => {
    const github = await startGithubEntry({ started: {} })
    const octopus = await startOctopusEntry({ started: { github: github.state } })
    try {
      const env = github.state.env as Record<string, string>
      const audience = octopus.state.serviceAccountId as string
      const idRes = await fetch(`${env.ACTIONS_ID_TOKEN_REQUEST_URL}&audience=${encodeURIComponent(audience)}`, {
        headers: { Authorization: `Bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}` }
      })
      const { value } = (await idRes.json()) as { value: string }
      const disco = (await (await fetch(`${octopus.state.url as string}/.well-known/openid-configuration`)).json()) as { token_endpoint: string }
      const tokenRes = await fetch(disco.token_endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
          audience,
          subject_token: value,
          subject_token_type: 'urn:ietf:params:oauth:token-type:jwt'
        })
      })
      expect(tokenRes.status).toBe(200)
      const { access_token } = (await tokenRes.json()) as { access_token: string }
      const me = await fetch(`${octopus.state.url as string}/api/users/me`, { headers: { Authorization: `Bearer ${access_token}` } })
      expect(me.status).toBe(200)
    } finally {
      await octopus.close()
      await github.close()
    }
  })
})
