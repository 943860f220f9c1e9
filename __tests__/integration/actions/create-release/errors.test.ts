/**
 * The errors create-release promises: each names the thing and the fix, says what the server answered, creates
 * nothing, and never prints a credential.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { sandboxTls } from '../../../../sandbox/common/tls.js'
import { SEED, startOctopusFake, type OctopusFake } from '../../../../sandbox/octopus/index.js'
import { releasesCreated, runCreateRelease, type Run } from './harness.js'

let fake: OctopusFake
const runs: Run[] = []
beforeAll(async () => {
  fake = await startOctopusFake()
})
afterAll(() => fake.close())

async function failing(inputs: Record<string, string>, env?: NodeJS.ProcessEnv): Promise<string> {
  const before = releasesCreated(fake).length
  const r = await runCreateRelease(fake, inputs, env)
  runs.push(r)
  expect(r.code).toBe(1)
  expect(r.failures).toHaveLength(1)
  expect(r.failures[0]).toMatch(/^create-release failed: /)
  expect(r.failures[0]).not.toMatch(/\n\s+at /)
  expect(releasesCreated(fake)).toHaveLength(before)
  return r.failures[0]
}

describe('create-release errors', () => {
  it('an unknown project lists close matches', async () => {
    expect(await failing({ project: 'Random Quote' })).toMatch(/The Octopus project 'Random Quote' was not found in space 'Default'.*Did you mean 'Random Quotes'.*'project' input/s)
  })

  it('an unknown channel or space lists close matches', async () => {
    expect(await failing({ project: SEED.project, channel: 'Hotfixes' })).toMatch(/channel 'Hotfixes' was not found in project 'Random Quotes'.*Did you mean 'Hotfix'/)
    expect(await failing({ project: SEED.project, space: 'Operation' })).toMatch(/space with name 'Operation' was not found.*Did you mean 'Operations'/)
  })

  it('a Git project without git_ref says so, with its default branch', async () => {
    expect(await failing({ project: SEED.gitProject })).toMatch(/Project 'Random Quotes Config' stores its deployment process in Git.*set 'git_ref'.*default branch is 'main'/)
  })

  it('git_ref on a database project says it must be empty', async () => {
    expect(await failing({ project: SEED.project, git_ref: 'main' })).toMatch(/stored in the Octopus database, not in Git, so 'git_ref' and 'git_commit' must be left empty/)
  })

  it('an existing release without ignore_existing says how to allow it', async () => {
    const first = await runCreateRelease(fake, { project: SEED.project, release_number: '9.0.0' })
    expect(first.code).toBe(0)
    const msg = await failing({ project: SEED.project, release_number: '9.0.0' })
    expect(msg).toMatch(/Release 9.0.0 of project 'Random Quotes' already exists \(http.*releases\/9.0.0\)\. To reuse it, set 'ignore_existing: true'/)
  })

  it('a server-side rejection carries the server message and a hint', async () => {
    const msg = await failing({ project: SEED.project, packages: 'randomquotes:9.9.9' })
    expect(msg).toMatch(/Octopus answered 400 to POST .*\/releases\/create\/v1: There was a problem with your request\. Could not find package 'randomquotes' version '9.9.9'/)
    expect(msg).toMatch(/Check 'packages'/)
  })

  it('a 401 says the API key is invalid or expired, without printing it', async () => {
    const revoked = fake.createApiKey('Users-1', 'revoked in test')
    fake.revokeApiKey(revoked.id)
    const msg = await failing({ project: SEED.project, api_key: revoked.apiKey })
    expect(msg).toMatch(/Octopus answered 401 .*The API key you provided was not valid/)
    expect(msg).toMatch(/The API key is invalid or expired \(or was revoked\)/)
    expect(msg).not.toContain(revoked.apiKey)
  })

  it('an expired OCTOPUS_ACCESS_TOKEN gets its own hint', async () => {
    const msg = await failing({ project: SEED.project, api_key: '' }, { OCTOPUS_ACCESS_TOKEN: 'eyJhbGciOiJQUzI1NiJ9.eyJzdWIiOiJ4In0.expired-signature' })
    expect(msg).toMatch(/access token you provided was not valid.*OCTOPUS_ACCESS_TOKEN is invalid or expired/s)
  })

  it('a server address that is not Octopus, or not reachable, says to check server', async () => {
    expect(await failing({ project: SEED.project, server: `${fake.url}/not-octopus` })).toMatch(/Octopus answered 404 to GET .*\/not-octopus\/api.*does not look like an Octopus server: set 'server' \(or OCTOPUS_URL\)/s)
    const closed = createServer()
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r))
    const port = (closed.address() as AddressInfo).port
    await new Promise<void>((r) => closed.close(() => r()))
    expect(await failing({ project: SEED.project, server: `http://127.0.0.1:${port}` })).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/api failed: .*ECONNREFUSED.*\nCheck 'server' \(or OCTOPUS_URL\) and that this runner can reach it/s)
  })

  it('never prints a credential in any of these failures', () => {
    for (const r of runs) expect(r.visibleText()).not.toContain(fake.apiKey)
    expect(runs.map((r) => r.visibleText()).join('\n')).not.toContain('expired-signature')
  })
})

describe('create-release over TLS', () => {
  let tlsFake: OctopusFake
  const tls = sandboxTls()
  beforeAll(async () => {
    tlsFake = await startOctopusFake({ tls: { key: tls.key, cert: tls.cert } })
  })
  afterAll(() => tlsFake.close())

  it('a certificate from a private CA fails with a hint naming ca_certificate, and works with it', async () => {
    expect(tlsFake.url).toMatch(/^https:/)
    const refused = await runCreateRelease(tlsFake, { project: SEED.project })
    expect(refused.code).toBe(1)
    expect(refused.failures[0]).toMatch(/GET https:\/\/127\.0\.0\.1:\d+\/api failed.*certificate/s)
    expect(refused.failures[0]).toMatch(/'ca_certificate' input \(or OCTOPUS_CA_CERTIFICATE\)/)
    const trusted = await runCreateRelease(tlsFake, { project: SEED.project, ca_certificate: tls.ca })
    expect(trusted.failures).toEqual([])
    expect(trusted.outputs.release_id).toMatch(/^Releases-/)
  })

  it('insecure_skip_tls_verify works and warns loudly', async () => {
    const r = await runCreateRelease(tlsFake, { project: SEED.project, insecure_skip_tls_verify: 'true' })
    expect(r.failures).toEqual([])
    expect(r.logger.lines.some((l) => l.level === 'warning' && /NOT verified/.test(l.message))).toBe(true)
  })
})
