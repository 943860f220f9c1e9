/**
 * Uploads publish nothing from outside the workspace (issue 15, finding 5): a link in the uploaded folder to a file
 * outside the workspace and one to `/proc/self/environ` (the process environment, API key included) make the
 * bundle refuse the upload, naming both, before anything is sent, for every destination: the Octopus package, the
 * GitHub artifact and the GoCD job artifacts get nothing. Excluded with `!` patterns, the rest uploads.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startGithubFake, type GithubFake } from '../../../sandbox/github/index.js'
import { startGocdFake, type GocdFake } from '../../../sandbox/gocd/index.js'
import { startOctopusFake, type OctopusFake } from '../../../sandbox/octopus/index.js'
import type { RunnerEnv } from '../../../tools/workflow-runner/runner-env.js'
import { unzip } from '../../helpers/unzip.js'
import { commandsOf, runHostile } from './helpers/hostile-runs.js'
import { runner } from './helpers/runner.js'

const OUTSIDE = 'OUTSIDE-THE-WORKSPACE-4f1c'

/** A runner whose workspace's dist/ holds a real file and the two links; the linked file lives in another directory. */
function workspace(base: RunnerEnv = runner({})): { run: RunnerEnv; dist: string } {
  const outside = mkdtempSync(join(tmpdir(), 'outside-'))
  writeFileSync(join(outside, 'secret.txt'), OUTSIDE)
  const dist = join(base.env.GITHUB_WORKSPACE, 'dist')
  mkdirSync(dist)
  writeFileSync(join(dist, 'app.txt'), 'the build output')
  symlinkSync(join(outside, 'secret.txt'), join(dist, 'outside.txt'))
  symlinkSync('/proc/self/environ', join(dist, 'environ'))
  return { run: base, dist }
}

function expectRefused(run: { code: number | null; output: string }, dist: string): void {
  expect(run.code).toBe(1)
  const error = commandsOf(run as never).find((c) => c.command === 'error')!.data
  expect(error).toContain('2 matched files are not uploaded')
  expect(error).toContain(`${join(dist, 'environ')}: a link to /proc/`)
  expect(error).toContain(`${join(dist, 'outside.txt')}: a link to `)
  expect(error).toContain("Exclude them with a '!' pattern in 'path'")
}

let octo: OctopusFake
let gocd: GocdFake
let github: GithubFake
beforeAll(async () => {
  ;[octo, gocd, github] = await Promise.all([startOctopusFake({ keepPackagesInMemory: true }), startGocdFake({ speed: 0 }), startGithubFake()])
})
afterAll(async () => {
  await Promise.all([octo.close(), gocd.close(), github.close()])
})

describe('links out of the workspace never reach a destination', () => {
  it('octopus: refused before connecting; with the links excluded the package holds only the build output', async () => {
    const { run, dist } = workspace()
    const inputs = { destination: 'octopus', server: octo.url, api_key: octo.apiKey, package_id: 'Links.Test', package_version: '1.0.0' }
    const before = octo.server.log.entries.length
    const refused = await runHostile('upload-artifact', { ...inputs, path: dist }, {}, run)
    expectRefused(refused, dist)
    expect(octo.server.log.entries.length).toBe(before)
    expect(octo.packages.find(octo.spaceId, 'Links.Test', '1.0.0')).toBeUndefined()

    const ok = await runHostile('upload-artifact', { ...inputs, path: `${dist}\n!${dist}/environ\n!${dist}/outside.txt` }, {}, run)
    expect(ok.code).toBe(0)
    const stored = octo.packages.find(octo.spaceId, 'Links.Test', '1.0.0')!
    const bytes = await octo.packages.bytes(stored)
    expect(Object.keys(await unzip(bytes))).toEqual(['app.txt'])
    expect(bytes.toString('latin1')).not.toContain(octo.apiKey)
    expect(bytes.toString('latin1')).not.toContain(OUTSIDE)
  }, 120_000)

  it('gocd: refused, nothing posted to the job', async () => {
    const ws = workspace()
    const run = await runHostile(
      'upload-artifact',
      { destination: 'gocd', path: ws.dist, server: gocd.goUrl, token: gocd.token, pipeline: 'up42', pipeline_counter: '1', stage: 'up42_stage', job: 'up42_job', remote_path: 'links' },
      {},
      ws.run
    )
    expectRefused(run, ws.dist)
    expect(gocd.server.log.filter('POST', /^\/go\/files\//)).toHaveLength(0)
    expect([...gocd.uploadedArtifacts('up42', 1, 'up42_stage', 1, 'up42_job').keys()].filter((k) => k.startsWith('links/'))).toEqual([])
  }, 120_000)

  it('github: refused, no artifact created', async () => {
    const ws = workspace(await github.runnerEnv())
    const run = await runHostile('upload-artifact', { path: ws.dist, name: 'links' }, {}, ws.run)
    expectRefused(run, ws.dist)
    expect([...github.artifacts.artifacts.values()].filter((a) => a.name === 'links')).toEqual([])
  }, 120_000)

  it('names that would escape: artifact name .., GoCD stage .. and job .', async () => {
    const { run, dist } = workspace()
    const github1 = await runHostile('upload-artifact', { path: `${dist}/app.txt`, name: '..' }, {}, run)
    expect(github1.code).toBe(1)
    expect(commandsOf(github1).find((c) => c.command === 'error')!.data).toContain("input 'name' cannot be . or ..")
    const gocd1 = await runHostile(
      'upload-artifact',
      { destination: 'gocd', path: `${dist}/app.txt`, server: gocd.goUrl, token: gocd.token, pipeline: 'up42', pipeline_counter: '1', stage: '..', job: '.' },
      {},
      run
    )
    expect(gocd1.code).toBe(1)
    const error = commandsOf(gocd1).find((c) => c.command === 'error')!.data
    expect(error).toContain(`input 'stage' must be a GoCD name`)
    expect(error).toContain(`input 'job' must be a GoCD name`)
    expect(gocd.server.log.filter('POST', /^\/go\/files\//)).toHaveLength(0)
  }, 120_000)
})
