/**
 * create-release against a current Octopus (executions API): every release input, the outputs, the job summary and
 * the request the server received.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SEED, startOctopusFake, type OctopusFake } from '../../../../sandbox/octopus/index.js'
import { addFeedPackage, releasesCreated, runCreateRelease, storedRelease, type Run } from './harness.js'

let fake: OctopusFake
const runs: Run[] = []
beforeAll(async () => {
  fake = await startOctopusFake()
  addFeedPackage(fake, SEED.packageId, '2.1.0-beta.2')
})
afterAll(() => fake.close())
afterEach(() => fake.server.faults.clear())

async function ok(inputs: Record<string, string>, env?: NodeJS.ProcessEnv): Promise<Run> {
  const r = await runCreateRelease(fake, inputs, env)
  runs.push(r)
  expect(r.failures).toEqual([])
  expect(r.code).toBe(0)
  return r
}

function lastCreateBody(): Record<string, unknown> {
  const posts = fake.server.log.filter('POST', /\/releases\/create\/v1$/)
  return posts[posts.length - 1].body as Record<string, unknown>
}

describe('create-release on Octopus 2025 (executions API)', () => {
  it('creates the release of the tutorial snippet (Step:PackageReference:Version) and sets the outputs', async () => {
    const r = await ok({ project: SEED.project, packages: `${SEED.step}:${SEED.packageId}:1.0.1` })
    const version = r.outputs.release_number
    expect(storedRelease(fake, SEED.project, version)?.SelectedPackages).toEqual([{ ActionName: SEED.step, PackageReferenceName: '', Version: '1.0.1' }])
    expect(r.outputs).toEqual({
      release_number: version,
      release_id: storedRelease(fake, SEED.project, version)!.Id,
      release_url: `${fake.url}/app#/${fake.spaceId}/projects/random-quotes/deployments/releases/${version}`,
      channel: 'Default'
    })
    expect(lastCreateBody()).toMatchObject({ SpaceId: fake.spaceId, SpaceIdOrName: fake.spaceId, ProjectName: SEED.project, Packages: [`${SEED.step}:${SEED.packageId}:1.0.1`] })
    const summary = r.summary.text()
    expect(summary).toContain(`Octopus release ${version} of ${SEED.project}`)
    expect(summary).toMatch(/<td>Deploy container to Kubernetes<\/td><td>randomquotes<\/td><td><code>1.0.1<\/code><\/td>/)
    expect(summary).toContain(r.outputs.release_url)
  })

  it('takes release_number, channel and package_version', async () => {
    const r = await ok({ project: SEED.project, release_number: '2.0.0-hotfix.1', channel: 'hotfix', package_version: '2.0.0' })
    expect(r.outputs).toMatchObject({ release_number: '2.0.0-hotfix.1', channel: SEED.hotfixChannel })
    expect(lastCreateBody()).toMatchObject({ ReleaseVersion: '2.0.0-hotfix.1', ChannelName: SEED.hotfixChannel, PackageVersion: '2.0.0' })
    expect(storedRelease(fake, SEED.project, '2.0.0-hotfix.1')?.SelectedPackages[0].Version).toBe('2.0.0')
  })

  it('accepts PackageId:Version and * wildcards, comma-separated or one per line', async () => {
    const a = await ok({ project: SEED.project, packages: `${SEED.packageId}:1.0.0` })
    expect(storedRelease(fake, SEED.project, a.outputs.release_number)?.SelectedPackages[0].Version).toBe('1.0.0')
    const b = await ok({ project: SEED.project, packages: '*:1.0.0, randomquotes:1.0.1' })
    expect(lastCreateBody().Packages).toEqual(['*:1.0.0', 'randomquotes:1.0.1'])
    expect(storedRelease(fake, SEED.project, b.outputs.release_number)?.SelectedPackages[0].Version).toBe('1.0.1')
  })

  it('passes release notes, a release notes file and custom fields (values may contain colons)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'notes-'))
    writeFileSync(join(dir, 'NOTES.md'), '## Changes\n- faster quotes\n')
    const a = await ok({ project: SEED.project, release_notes_file: 'NOTES.md', custom_fields: 'Ticket: JIRA-12\nBuild: https://ci.example/run:42' }, { GITHUB_WORKSPACE: dir })
    const stored = storedRelease(fake, SEED.project, a.outputs.release_number)!
    expect(stored.ReleaseNotes).toBe('## Changes\n- faster quotes\n')
    expect(stored.CustomFields).toEqual({ Ticket: 'JIRA-12', Build: 'https://ci.example/run:42' })
    expect(a.summary.text()).toContain('Build = https://ci.example/run:42')
    const b = await ok({ project: SEED.project, release_notes: 'Inline *notes*' })
    expect(storedRelease(fake, SEED.project, b.outputs.release_number)!.ReleaseNotes).toBe('Inline *notes*')
  })

  it('creates a release of a Git project from git_ref, git_commit and git_resources', async () => {
    const commit = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678'
    const r = await ok({ project: SEED.gitProject, git_ref: 'feature/new-quotes', git_commit: commit, git_resources: 'Apply configuration:config:refs/heads/main' })
    const stored = storedRelease(fake, SEED.gitProject, r.outputs.release_number)!
    expect(stored.VersionControlReference).toEqual({ GitRef: 'refs/heads/feature/new-quotes', GitCommit: commit })
    expect(stored.SelectedGitResources[0]).toMatchObject({ ActionName: 'Apply configuration', GitResourceReferenceName: 'config', GitReferenceResource: { GitRef: 'refs/heads/main' } })
    expect(lastCreateBody()).toMatchObject({ GitRef: 'feature/new-quotes', GitCommit: commit, GitResources: ['Apply configuration:config:refs/heads/main'] })
    expect(r.summary.text()).toContain('refs/heads/feature/new-quotes')
  })

  it('reuses an existing release with ignore_existing instead of creating another', async () => {
    await ok({ project: SEED.project, release_number: '5.0.0' })
    const before = releasesCreated(fake).length
    const r = await ok({ project: SEED.project, release_number: '5.0.0', ignore_existing: 'true' })
    expect(releasesCreated(fake)).toHaveLength(before)
    expect(r.outputs.release_id).toBe(storedRelease(fake, SEED.project, '5.0.0')!.Id)
    expect(r.logger.text()).toMatch(/already exists; reusing it/)
    expect(r.summary.text()).toContain('existing release reused')
  })

  it('ignores channel rules only when asked', async () => {
    const refused = await runCreateRelease(fake, { project: SEED.project, channel: SEED.hotfixChannel, packages: 'randomquotes:1.0.0' })
    expect(refused.code).toBe(1)
    expect(refused.failures[0]).toMatch(/does not satisfy the version rules of channel 'Hotfix'.*ignore_channel_rules/s)
    const r = await ok({ project: SEED.project, channel: SEED.hotfixChannel, packages: 'randomquotes:1.0.0', ignore_channel_rules: 'true' })
    expect(lastCreateBody().IgnoreChannelRules).toBe(true)
    expect(storedRelease(fake, SEED.project, r.outputs.release_number)!.IgnoreChannelRules).toBe(true)
  })

  it('picks the latest pre-release package with package_prerelease', async () => {
    const r = await ok({ project: SEED.project, package_prerelease: 'beta' })
    expect(lastCreateBody().PackagePrerelease).toBe('beta')
    expect(storedRelease(fake, SEED.project, r.outputs.release_number)!.SelectedPackages[0].Version).toBe('2.1.0-beta.2')
  })

  it('works in another space, named by name or id, from OCTOPUS_* environment variables', async () => {
    const ops = fake.store.findSpace(SEED.secondSpace)!
    const r = await ok(
      { server: '', api_key: '', project: 'Infrastructure' },
      { OCTOPUS_URL: `${fake.url}/api`, OCTOPUS_API_KEY: fake.apiKey, OCTOPUS_SPACE: SEED.secondSpace }
    )
    expect(r.outputs.release_url).toContain(`/app#/${ops.Id}/projects/infrastructure/`)
    const byId = await ok({ project: 'Infrastructure', space: ops.Id })
    expect(byId.outputs.release_id).toMatch(/^Releases-\d+$/)
  })

  it('never shows the API key in logs, outputs, failures or the summary', () => {
    expect(runs.length).toBeGreaterThan(5)
    for (const r of runs) {
      expect(r.masked).toContain(fake.apiKey)
      expect(r.visibleText()).not.toContain(fake.apiKey)
    }
  })
})
