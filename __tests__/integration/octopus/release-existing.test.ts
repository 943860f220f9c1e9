/** Finding the release a lost create request made, against the Octopus fake. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { ActionError } from '../../../src/core/errors.js'
import { MemoryLogger } from '../../helpers/memory-logger.js'
import { SecretRegistry } from '../../../src/core/secrets.js'
import { OctopusClient } from '../../../src/octopus/client.js'
import { findChannel, findProject } from '../../../src/octopus/lookups.js'
import { findReleaseByVersion, releaseCreatedSince, releaseSnapshot } from '../../../src/octopus/release/existing.js'
import { resolveSpace, type OctopusSpace } from '../../../src/octopus/spaces.js'
import type { ProjectResource } from '../../../src/octopus/types.js'
import { SEED, startOctopusFake, type OctopusFake } from '../../../sandbox/octopus/index.js'
import { rejectionOf } from '../../helpers/rejection.js'

let fake: OctopusFake
let client: OctopusClient
let space: OctopusSpace
let project: ProjectResource

async function create(version: string, channel?: string): Promise<void> {
  const res = await fetch(`${fake.url}/api/${fake.spaceId}/releases/create/v1`, {
    method: 'POST',
    headers: { 'X-Octopus-ApiKey': fake.apiKey, 'Content-Type': 'application/json' },
    body: JSON.stringify({ SpaceId: fake.spaceId, SpaceIdOrName: fake.spaceId, ProjectName: SEED.project, ReleaseVersion: version, ChannelName: channel, PackageVersion: channel ? '2.0.0' : undefined })
  })
  expect(res.status).toBe(201)
}

beforeAll(async () => {
  fake = await startOctopusFake()
  client = await OctopusClient.connect({ server: fake.url, credential: { kind: 'apiKey', apiKey: fake.apiKey }, logger: new MemoryLogger(), secrets: new SecretRegistry() })
  space = await resolveSpace(client)
  project = await findProject(client, space, SEED.project)
})
afterAll(async () => {
  await client.close()
  await fake.close()
})

describe('finding an existing release', () => {
  it('by project and exact version', async () => {
    await create('1.0.0')
    expect((await findReleaseByVersion(client, space, project, '1.0.0'))?.Version).toBe('1.0.0')
    expect(await findReleaseByVersion(client, space, project, '1.0')).toBeUndefined()
  })

  it('as the one release new since a snapshot, optionally in a channel', async () => {
    const before = await releaseSnapshot(client, space, project)
    expect(await releaseCreatedSince(client, space, project, before)).toBeUndefined()
    await create('1.1.0')
    expect((await releaseCreatedSince(client, space, project, before))?.Version).toBe('1.1.0')
    const hotfix = await findChannel(client, space, project, SEED.hotfixChannel)
    expect(await releaseCreatedSince(client, space, project, before, hotfix.Id)).toBeUndefined()
  })

  it('refuses to guess when several releases appeared', async () => {
    const before = await releaseSnapshot(client, space, project)
    await create('1.2.0')
    await create('1.3.0')
    const err = await rejectionOf(releaseCreatedSince(client, space, project, before))
    expect(err).toBeInstanceOf(ActionError)
    expect(err.message).toMatch(/2 new releases appeared \((1.3.0, 1.2.0|1.2.0, 1.3.0)\).*Not retrying.*Set 'release_number'/)
  })
})
