/**
 * create-release against Octopus 2022.1 (the seed's root document): no executions API, so the release is created by
 * link navigation (project, channel, deployment process template, latest package versions, POST releases). Same
 * result and outputs as the executions API.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { LEGACY_VERSION, SEED, startOctopusFake, type OctopusFake } from '../../../../sandbox/octopus/index.js'
import { addFeedPackage, releasesCreated, runCreateRelease, storedRelease } from './harness.js'

let fake: OctopusFake
beforeAll(async () => {
  fake = await startOctopusFake({ version: LEGACY_VERSION })
  addFeedPackage(fake, SEED.packageId, '2.1.0-beta.2')
})
afterAll(() => fake.close())

function lastReleasePost() {
  const posts = fake.server.log.filter('POST', /\/releases$/)
  return posts[posts.length - 1]
}

describe('create-release on Octopus 2022.1 (legacy flow)', () => {
  it('creates the tutorial release by link navigation, with the same outputs', async () => {
    const r = await runCreateRelease(fake, { project: SEED.project, packages: `${SEED.step}:${SEED.packageId}:1.0.1` })
    expect(r.failures).toEqual([])
    const version = r.outputs.release_number
    expect(storedRelease(fake, SEED.project, version)?.SelectedPackages).toEqual([{ ActionName: SEED.step, PackageReferenceName: '', Version: '1.0.1' }])
    expect(r.outputs).toEqual({
      release_number: version,
      release_id: storedRelease(fake, SEED.project, version)!.Id,
      release_url: `${fake.url}/app#/${fake.spaceId}/projects/random-quotes/deployments/releases/${version}`,
      channel: 'Default'
    })
    expect(fake.server.log.filter('POST', /create\/v1/)).toEqual([])
    expect(fake.server.log.filter('GET', /\/deploymentprocesses\/deploymentprocess-Projects-\d+\/template$/).length).toBeGreaterThan(0)
    expect(lastReleasePost().body).toMatchObject({ ProjectId: expect.stringMatching(/^Projects-/), ChannelId: expect.stringMatching(/^Channels-/), Version: version })
    expect(r.summary.text()).toContain('Created with the pre-2022.3 API')
  })

  it('picks the latest stable package version from the feed when none is given', async () => {
    const r = await runCreateRelease(fake, { project: SEED.project, release_number: '7.0.0' })
    expect(r.failures).toEqual([])
    expect(storedRelease(fake, SEED.project, '7.0.0')!.SelectedPackages[0].Version).toBe('2.0.0')
    expect(fake.server.log.filter('GET', /\/feeds\/feeds-builtin\/packages\/versions$/).length).toBeGreaterThan(0)
  })

  it('honours package_version, package_prerelease, release notes and custom fields', async () => {
    const a = await runCreateRelease(fake, { project: SEED.project, package_version: '1.0.0', release_notes: 'legacy notes', custom_fields: 'Ticket: T-1' })
    expect(a.failures).toEqual([])
    const stored = storedRelease(fake, SEED.project, a.outputs.release_number)!
    expect(stored).toMatchObject({ ReleaseNotes: 'legacy notes', CustomFields: { Ticket: 'T-1' } })
    expect(stored.SelectedPackages[0].Version).toBe('1.0.0')
    const b = await runCreateRelease(fake, { project: SEED.project, package_prerelease: 'beta' })
    expect(b.failures).toEqual([])
    expect(storedRelease(fake, SEED.project, b.outputs.release_number)!.SelectedPackages[0].Version).toBe('2.1.0-beta.2')
  })

  it('uses the named channel and passes ignore_channel_rules as the query parameter', async () => {
    const refused = await runCreateRelease(fake, { project: SEED.project, channel: 'Hotfix', packages: '*:1.0.0' })
    expect(refused.failures[0]).toMatch(/does not satisfy the version rules of channel 'Hotfix'/)
    const r = await runCreateRelease(fake, { project: SEED.project, channel: 'Hotfix', packages: '*:1.0.0', ignore_channel_rules: 'true' })
    expect(r.failures).toEqual([])
    expect(r.outputs.channel).toBe('Hotfix')
    expect(lastReleasePost().query).toEqual({ ignoreChannelRules: 'true' })
  })

  it('reports package selections that match nothing before creating anything', async () => {
    const before = releasesCreated(fake).length
    const r = await runCreateRelease(fake, { project: SEED.project, packages: 'Deploy containers:1.0.0' })
    expect(r.code).toBe(1)
    expect(r.failures[0]).toMatch(/"Deploy containers:1.0.0" matches no step or package of the project\. Its packages: Deploy container to Kubernetes \(package randomquotes\)/)
    expect(releasesCreated(fake)).toHaveLength(before)
  })

  it('says that git_resources needs a newer server', async () => {
    const r = await runCreateRelease(fake, { project: SEED.project, git_resources: 'Deploy:main' })
    expect(r.failures[0]).toMatch(/'git_resources' needs the executions API \(Octopus 2022.3.5512 or later\); this server is version 2022.1.2386/)
  })

  it('creates a Git project release with its version control reference', async () => {
    const r = await runCreateRelease(fake, { project: SEED.gitProject, git_ref: 'main' })
    expect(r.failures).toEqual([])
    expect(storedRelease(fake, SEED.gitProject, r.outputs.release_number)!.VersionControlReference?.GitRef).toBe('refs/heads/main')
  })
})
