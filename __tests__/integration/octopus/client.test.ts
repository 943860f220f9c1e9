/**
 * The shared Octopus client against the Octopus fake: root document and server generation, link expansion,
 * space resolution by name / id / default, lookups with "did you mean", error messages with hints and no secrets.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { ActionError, ApiError } from '../../../src/core/errors.js'
import { MemoryLogger } from '../../helpers/memory-logger.js'
import { SecretRegistry } from '../../../src/core/secrets.js'
import { OctopusClient } from '../../../src/octopus/client.js'
import { findChannel, findEnvironments, findProject, findTenants } from '../../../src/octopus/lookups.js'
import { resolveSpace } from '../../../src/octopus/spaces.js'
import { releaseWebUrl, taskWebUrl } from '../../../src/octopus/web.js'
import { rejectionOf } from '../../helpers/rejection.js'
import { LEGACY_VERSION, SEED, startOctopusFake, type OctopusFake } from '../../../sandbox/octopus/index.js'

const noSleep = async () => undefined

function clientFor(fake: OctopusFake, apiKey = fake.apiKey, server = fake.url) {
  const logger = new MemoryLogger()
  const secrets = new SecretRegistry()
  return { logger, secrets, connect: () => OctopusClient.connect({ server, credential: { kind: 'apiKey', apiKey }, logger, secrets, tls: { noProxy: true }, sleep: noSleep }) }
}

describe('OctopusClient on a current server', () => {
  let fake: OctopusFake
  beforeAll(async () => {
    fake = await startOctopusFake()
  })
  afterAll(() => fake.close())

  it('reads the root document and detects the executions API', async () => {
    const client = await clientFor(fake).connect()
    expect(client.version).toBe(fake.version)
    expect(client.hasExecutionsApi).toBe(true)
    expect(client.url('/api/{spaceId}/projects{/id}{?take}', { spaceId: 'Spaces-1', id: 'Projects-1', take: 5 })).toBe(`${fake.url}/api/Spaces-1/projects/Projects-1?take=5`)
    await client.close()
  })

  it('resolves the default space, a space by name (any case) and by id', async () => {
    const client = await clientFor(fake).connect()
    expect((await resolveSpace(client)).Name).toBe('Default')
    const ops = await resolveSpace(client, 'operations')
    expect(ops.Name).toBe(SEED.secondSpace)
    expect((await resolveSpace(client, ops.Id)).Name).toBe(SEED.secondSpace)
    expect(ops.Links.Projects).toContain(ops.Id)
    await client.close()
  })

  it('suggests close space names', async () => {
    const client = await clientFor(fake).connect()
    const err = await rejectionOf(resolveSpace(client, 'Operatons'))
    expect(err).toBeInstanceOf(ActionError)
    expect(err.message).toMatch(/space with name 'Operatons' was not found.*Did you mean 'Operations'\?.*OCTOPUS_SPACE/)
    await client.close()
  })

  it('finds projects, channels, environments and tenants by name or id, with suggestions', async () => {
    const client = await clientFor(fake).connect()
    const space = await resolveSpace(client)
    const project = await findProject(client, space, 'random quotes')
    expect(project.Name).toBe(SEED.project)
    expect((await findProject(client, space, project.Id)).Name).toBe(SEED.project)
    const err = await rejectionOf(findProject(client, space, 'Random Quote'))
    expect(err.message).toMatch(/project 'Random Quote' was not found in space 'Default'.*Did you mean 'Random Quotes'/)
    expect((await findChannel(client, space, project)).IsDefault).toBe(true)
    expect((await findChannel(client, space, project, 'hotfix')).Name).toBe(SEED.hotfixChannel)
    expect((await rejectionOf(findChannel(client, space, project, 'Hotfx'))).message).toMatch(/Did you mean 'Hotfix'/)
    expect((await findEnvironments(client, space, ['dev', 'Prod'])).map((e) => e.Name)).toEqual(['Dev', 'Prod'])
    expect((await rejectionOf(findEnvironments(client, space, ['Dve', 'Prd']))).message).toMatch(/'Dve' \(did you mean 'Dev'\?\), 'Prd' \(did you mean 'Prod'\?\)/)
    expect((await findTenants(client, space, ['acme'])).map((t) => t.Name)).toEqual(['Acme'])
    await client.close()
  })

  it('builds web portal links', async () => {
    const client = await clientFor(fake).connect()
    const space = await resolveSpace(client)
    const project = await findProject(client, space, SEED.project)
    expect(releaseWebUrl(client, space.Id, project, '1.2.3')).toBe(`${fake.url}/app#/${space.Id}/projects/random-quotes/deployments/releases/1.2.3`)
    expect(taskWebUrl(client, space.Id, 'ServerTasks-9')).toBe(`${fake.url}/app#/${space.Id}/tasks/ServerTasks-9`)
    await client.close()
  })

  it('reports an invalid API key with the server message and a hint, never the key', async () => {
    const badKey = 'API-WRONGKEY0123456789ABCDEFGH'
    const { connect, secrets } = clientFor(fake, badKey)
    const client = await connect()
    const err = await rejectionOf(resolveSpace(client))
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).status).toBe(401)
    expect(err.message).toMatch(/API key you provided was not valid/)
    expect(err.message).toMatch(/invalid or expired/)
    expect(secrets.redact(err.message)).toBe(err.message)
    expect(err.message).not.toContain(badKey)
    await client.close()
  })
})

describe('OctopusClient on a 2022.1 server in a virtual directory', () => {
  let fake: OctopusFake
  beforeAll(async () => {
    fake = await startOctopusFake({ version: LEGACY_VERSION, basePath: '/octopus' })
  })
  afterAll(() => fake.close())

  it('strips nothing it should keep and detects the legacy generation', async () => {
    const client = await clientFor(fake).connect()
    expect(client.version).toBe(LEGACY_VERSION)
    expect(client.hasExecutionsApi).toBe(false)
    const space = await resolveSpace(client)
    expect((await findProject(client, space, SEED.project)).Name).toBe(SEED.project)
    expect(client.webUrl('Spaces-1/tasks/ServerTasks-1')).toBe(`${fake.url}/app#/Spaces-1/tasks/ServerTasks-1`)
    await client.close()
  })
})
