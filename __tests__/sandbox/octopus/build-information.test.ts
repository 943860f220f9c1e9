/**
 * Build information in the Octopus fake: validation (package id, version, overwrite modes with their status codes),
 * the reconciliation query, and a release created afterwards showing the build information with its commits and
 * work items in `BuildInformation`.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { SEED } from '../../../sandbox/octopus/index.js'
import { harness, space, type Harness } from './helpers.js'

const PUSH = '/api/Spaces-1/build-information'
const info = (extra: Record<string, unknown> = {}) => ({
  BuildEnvironment: 'GitHub Actions',
  BuildNumber: '42',
  BuildUrl: 'https://github.com/acme/quotes/actions/runs/7',
  Branch: 'main',
  VcsType: 'Git',
  VcsRoot: 'https://github.com/acme/quotes.git',
  VcsCommitNumber: 'c0ffee0000000000000000000000000000000002',
  Commits: [
    { Id: 'c0ffee0000000000000000000000000000000001', Comment: 'Fix the quote cache (#12)' },
    { Id: 'c0ffee0000000000000000000000000000000002', Comment: 'Bump the client, fixes acme/shared#3 and #12' }
  ],
  ...extra
})

describe('Octopus fake: build information', () => {
  let h: Harness | undefined
  afterEach(async () => {
    await h?.fake.close()
    h = undefined
  })
  const push = (body: Record<string, unknown>, mode?: string) => h!.post(`${PUSH}${mode ? `?overwriteMode=${mode}` : ''}`, body)

  it('validates the package id, the version, the commits and the overwrite mode', async () => {
    h = await harness()
    const bad = await push({ PackageId: 'bad id!', Version: 'one', OctopusBuildInformation: info() })
    expect(bad.status).toBe(400)
    expect(bad.body.Errors).toEqual(["'bad id!' is not a valid package ID.", "'one' is not a valid version string."])
    expect((await push({ Version: '1.0.0' })).body.Errors).toEqual(['The PackageId field is required.', 'The OctopusBuildInformation field is required.'])
    expect((await push({ PackageId: 'app', Version: '1.0.0', OctopusBuildInformation: info() }, 'Sometimes')).status).toBe(400)
    expect((await push({ PackageId: 'app', Version: '1.0.0', OctopusBuildInformation: info({ Commits: [{ Comment: 'no id' }] }) })).body.Errors).toEqual(['Commits[0].Id is required.'])
    // container images are package ids too
    const image = await push({ PackageId: 'ghcr.io/acme/quotes', Version: '1.4.0', OctopusBuildInformation: info() })
    expect(image.status).toBe(201)
    expect(image.body).toMatchObject({ PackageId: 'ghcr.io/acme/quotes', Version: '1.4.0', VcsCommitUrl: 'https://github.com/acme/quotes/commit/c0ffee0000000000000000000000000000000002' })
    expect(image.body.Commits[0].LinkUrl).toBe('https://github.com/acme/quotes/commit/c0ffee0000000000000000000000000000000001')
    expect(h.fake.unimplemented).toEqual([])
  })

  it('FailIfExists answers 409, OverwriteExisting replaces, IgnoreIfExists keeps; latest=true finds the newest per package', async () => {
    h = await harness()
    const body = { PackageId: 'randomquotes', Version: '1.0.1', OctopusBuildInformation: info() }
    expect((await push(body)).status).toBe(201)
    const again = await push({ ...body, Version: '1.0.01' })
    expect(again.status).toBe(409)
    expect(again.body).toEqual({
      ErrorMessage: "Build information for package 'randomquotes' version '1.0.1' already exists. Use the overwrite mode OverwriteExisting to replace it, or IgnoreIfExists to keep it.",
      Errors: []
    })
    const kept = await push({ ...body, OctopusBuildInformation: info({ BuildNumber: '43' }) }, 'IgnoreIfExists')
    expect(kept.status).toBe(200)
    expect(kept.body.BuildNumber).toBe('42')
    const replaced = await push({ ...body, OctopusBuildInformation: info({ BuildNumber: '44' }) }, 'OverwriteExisting')
    expect(replaced.status).toBe(201)
    expect(replaced.body).toMatchObject({ Id: kept.body.Id, BuildNumber: '44' })
    await push({ ...body, Version: '2.0.0' })
    const latest = await h.get(`${PUSH}?packageId=RandomQuotes&latest=true`)
    expect(latest.body.Items.map((b: { Version: string }) => b.Version)).toEqual(['2.0.0'])
    expect((await h.get(`${PUSH}?packageId=randomquotes`)).body.Items.map((b: { Version: string }) => b.Version)).toEqual(['2.0.0', '1.0.1'])
    expect(h.fake.server.ledger.of('build-information').map((e) => (e.detail as { mode: string }).mode)).toEqual(['FailIfExists', 'OverwriteExisting', 'FailIfExists'])
  })

  it('a release created afterwards shows the build information with its commits and (with the GitHub issue tracker) work items', async () => {
    h = await harness()
    h.fake.knobs.issueTracker = 'GitHub'
    await push({ PackageId: 'randomquotes', Version: '1.0.1', OctopusBuildInformation: info() })
    const created = await h.post('/api/Spaces-1/releases/create/v1', { ...space, ProjectName: SEED.project, ReleaseVersion: '5.0.0', Packages: ['randomquotes:1.0.1'] })
    const release = await h.get(`/api/Spaces-1/releases/${created.body.ReleaseId}`)
    expect(release.body.BuildInformation).toEqual([
      expect.objectContaining({
        PackageId: 'randomquotes',
        Version: '1.0.1',
        BuildNumber: '42',
        Branch: 'main',
        IssueTrackerName: 'GitHub',
        Commits: [
          { Id: 'c0ffee0000000000000000000000000000000001', Comment: 'Fix the quote cache (#12)', LinkUrl: 'https://github.com/acme/quotes/commit/c0ffee0000000000000000000000000000000001' },
          expect.objectContaining({ Comment: 'Bump the client, fixes acme/shared#3 and #12' })
        ],
        WorkItems: [
          { Id: '12', LinkUrl: 'https://github.com/acme/quotes/issues/12', Source: 'GitHub', Description: '#12' },
          { Id: 'acme/shared#3', LinkUrl: 'https://github.com/acme/shared/issues/3', Source: 'GitHub', Description: 'acme/shared#3' }
        ]
      })
    ])
    // build information pushed after the release does not change it; a package version without any shows none
    await push({ PackageId: 'randomquotes', Version: '1.0.1', OctopusBuildInformation: info({ BuildNumber: '99' }) }, 'OverwriteExisting')
    expect((await h.get(`/api/Spaces-1/releases/${created.body.ReleaseId}`)).body.BuildInformation[0].BuildNumber).toBe('42')
    const other = await h.post('/api/Spaces-1/releases/create/v1', { ...space, ProjectName: SEED.project, ReleaseVersion: '5.0.1', Packages: ['randomquotes:1.0.0'] })
    expect((await h.get(`/api/Spaces-1/releases/${other.body.ReleaseId}`)).body.BuildInformation).toEqual([])
  })

  it('without an issue tracker, releases show commits but no work items', async () => {
    h = await harness()
    await push({ PackageId: 'randomquotes', Version: '1.0.1', OctopusBuildInformation: info() })
    const created = await h.post('/api/Spaces-1/releases/create/v1', { ...space, ProjectName: SEED.project, ReleaseVersion: '6.0.0', Packages: ['randomquotes:1.0.1'] })
    const [b] = (await h.get(`/api/Spaces-1/releases/${created.body.ReleaseId}`)).body.BuildInformation
    expect(b).toMatchObject({ IssueTrackerName: null, WorkItems: [] })
    expect(b.Commits).toHaveLength(2)
  })
})
