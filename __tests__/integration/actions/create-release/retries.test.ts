/**
 * Retries never create two releases: after a lost response (the server created the release, the client never
 * heard), a 5xx or a reset, the client checks whether the release exists before retrying. The fake's ledger counts
 * the releases actually created.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { LEGACY_VERSION, SEED, startOctopusFake, type OctopusFake } from '../../../../sandbox/octopus/index.js'
import { releasesCreated, runCreateRelease } from './harness.js'

const CREATE_V1 = /\/releases\/create\/v1$/
const LEGACY_CREATE = /\/api\/Spaces-1\/releases$/

describe.each([
  ['2025 (executions API)', undefined, CREATE_V1],
  ['2022.1 (legacy flow)', LEGACY_VERSION, LEGACY_CREATE]
])('create-release retries on Octopus %s', (_label, version, createPath) => {
  let fake: OctopusFake
  beforeEach(async () => {
    fake = await startOctopusFake({ version })
  })
  afterEach(() => fake.close())

  it('a lost response with release_number: exactly one release, found by version', async () => {
    fake.server.faults.next('POST', createPath, { kind: 'lost-response' })
    const r = await runCreateRelease(fake, { project: SEED.project, release_number: '3.1.4' })
    expect(r.failures).toEqual([])
    expect(releasesCreated(fake)).toEqual([expect.objectContaining({ version: '3.1.4' })])
    expect(r.outputs.release_id).toBe(releasesCreated(fake)[0].id)
    expect(r.logger.text()).toMatch(/may have reached Octopus.*checking before retrying/)
    expect(r.logger.text()).toMatch(/answer was lost, but release 3.1.4 exists now/)
    expect(r.summary.text()).toContain('confirmed after a lost response')
  })

  it('a lost response without release_number: exactly one release, found as the new one', async () => {
    await runCreateRelease(fake, { project: SEED.project })
    fake.server.faults.next('POST', createPath, { kind: 'lost-response' })
    const r = await runCreateRelease(fake, { project: SEED.project })
    expect(r.failures).toEqual([])
    expect(releasesCreated(fake)).toHaveLength(2)
    expect(fake.server.ledger.duplicates('release')).toEqual([])
    expect(r.outputs.release_id).toBe(releasesCreated(fake)[1].id)
  })

  it('a 503 and a reset before the server acted: retried once it is clear nothing was created', async () => {
    fake.server.faults.next('POST', createPath, { kind: 'status', status: 503, headers: { 'Retry-After': '0' } })
    fake.server.faults.next('POST', createPath, { kind: 'reset' })
    const r = await runCreateRelease(fake, { project: SEED.project, release_number: '2.7.1' })
    expect(r.failures).toEqual([])
    expect(releasesCreated(fake)).toHaveLength(1)
    expect(fake.server.log.filter('POST', createPath)).toHaveLength(3)
  })

  it('transient failures of lookups are retried transparently', async () => {
    fake.server.faults.next('GET', /\/api\/spaces\/all$/, { kind: 'status', status: 502 })
    fake.server.faults.next('GET', /\/projects$/, { kind: 'reset' })
    const r = await runCreateRelease(fake, { project: SEED.project, release_number: '1.1.1' })
    expect(r.failures).toEqual([])
    expect(fake.server.faults.fired.map((f) => f.kind)).toEqual(['status', 'reset'])
    expect(releasesCreated(fake)).toHaveLength(1)
  })

  it('a create that keeps failing ends with the server answer, creating nothing', async () => {
    fake.server.faults.add({ method: 'POST', path: createPath, fault: { kind: 'status', status: 500, body: { ErrorMessage: 'Database unavailable', Errors: [] } } })
    const r = await runCreateRelease(fake, { project: SEED.project, release_number: '4.0.0' })
    expect(r.code).toBe(1)
    expect(r.failures[0]).toMatch(/Octopus answered 500 to POST .*: Database unavailable/)
    expect(releasesCreated(fake)).toEqual([])
  })
})
