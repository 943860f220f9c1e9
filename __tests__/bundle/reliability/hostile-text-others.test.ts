/**
 * Server, input and file-name text cannot steer the runner (issue 15, finding 2): trigger-gocd-pipeline against the
 * GoCD fake behind the hostile proxy (commands in every string it serves, a hostile pause cause) with hostile
 * variable values echoed into the log; upload-artifact with hostile file names to all three destinations (Octopus
 * and GoCD behind the proxy too), one of them named with the API key, which the summary must not show (finding 8);
 * and input values echoed by configuration errors. Each run is read the way the runner reads it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startHostileProxy, type HostileProxy } from '../../../sandbox/hostile/index.js'
import { startGithubFake, type GithubFake } from '../../../sandbox/github/index.js'
import { startGocdFake, type GocdFake } from '../../../sandbox/gocd/index.js'
import { startOctopusFake, type OctopusFake } from '../../../sandbox/octopus/index.js'
import type { RunnerEnv } from '../../../tools/workflow-runner/runner-env.js'
import { MARKER, SERVER_PAYLOAD } from '../../helpers/hostile-text.js'
import { commandsOf, expectOnlyOwnCommands, runHostile } from './helpers/hostile-runs.js'
import { runner } from './helpers/runner.js'

/** File names an attacker who controls the build can choose (the upload refuses `" : < > | * ? \r \n`). */
const HOSTILE_FILES = [`##[stop-commands]${MARKER}x.txt`, `##[add-mask]${MARKER}-file.txt`, `\u2028${MARKER}-ls.txt`, `%0A##[add-mask]${MARKER}-pct.txt`, `\x1b[2K${MARKER}-ansi.txt`]

/** A runner whose workspace holds `dist/` with the given files (the bundle runs in this repository: paths are absolute). */
function withFiles(names: string[], base: RunnerEnv = runner({})): { run: RunnerEnv; dist: string } {
  const dist = join(base.env.GITHUB_WORKSPACE, 'dist')
  mkdirSync(dist)
  for (const n of names) writeFileSync(join(dist, n), `content of ${n}`)
  return { run: base, dist }
}

/** GoCD fields the action finds and follows its run by (names, counters, states, links, times). */
const GOCD_FIELDS = /^(_links|.*_id|id|counter|.*counter|name|label|state|result|status|scheduled|can_run|.*_time|.*_date|locked|paused|type|fingerprint|revision|modified_time)$/

describe('trigger-gocd-pipeline and GoCD server text', () => {
  let gocd: GocdFake
  let proxy: HostileProxy
  beforeAll(async () => {
    gocd = await startGocdFake({ scheduleDelayMs: 200, defaultStagePlan: { outcome: 'pass', durationMs: 800 } })
    proxy = await startHostileProxy({ upstream: gocd.goUrl })
  })
  afterAll(async () => {
    await proxy.close()
    await gocd.close()
  })

  it('every string GoCD sends carries commands, variables echo hostile values: only the action`s own commands', async () => {
    proxy.use({ kind: 'inject', payload: SERVER_PAYLOAD, skipKeys: GOCD_FIELDS })
    const run = await runHostile(
      'trigger-gocd-pipeline',
      {
        server: proxy.url,
        pipeline: 'deploy-service',
        wait_for: 'build',
        environment_variables: `DEPLOY_ENV=prod ##[stop-commands]${MARKER}x ::add-mask::${MARKER}-var\nRELEASE_NOTES=\u2028::warning::${MARKER}-notes`,
        timeout: '2m'
      },
      { GOCD_TOKEN: gocd.token }
    )
    expect(commandsOf(run).filter((c) => c.command === 'error')).toEqual([])
    expect(run.code).toBe(0)
    expectOnlyOwnCommands(run, { known: [gocd.token] })
    // (The input reader trims each value, the U+2028 included.)
    expect(run.output).toContain(`variables: DEPLOY_ENV=prod ##\\[stop-commands]${MARKER}x ::add-mask::${MARKER}-var, RELEASE_NOTES=::warning::${MARKER}-notes`)
    expect(run.runner.outputs().result).toBe('Passed')
  }, 120_000)

  it('a hostile server health message in the error and the summary', async () => {
    proxy.reset()
    gocd.failNextTrigger('up42', `material failed\n::add-mask::${MARKER}-health <script>alert(1)</script> ##[stop-commands]${MARKER}x`)
    const run = await runHostile('trigger-gocd-pipeline', { server: proxy.url, pipeline: 'up42', token: gocd.token, timeout: '1m' })
    expect(run.code).toBe(1)
    expectOnlyOwnCommands(run, { known: [gocd.token] })
    expect(commandsOf(run).find((c) => c.command === 'error')!.data).toContain(`::add-mask::${MARKER}-health`)
    expect(run.runner.summary()).toContain('&lt;script&gt;')
  }, 120_000)
})

describe('upload-artifact and hostile file names', () => {
  let octo: OctopusFake
  let gocd: GocdFake
  let github: GithubFake
  let octoProxy: HostileProxy
  let gocdProxy: HostileProxy
  beforeAll(async () => {
    ;[octo, gocd, github] = await Promise.all([startOctopusFake(), startGocdFake({ speed: 0 }), startGithubFake()])
    ;[octoProxy, gocdProxy] = await Promise.all([startHostileProxy({ upstream: octo.url }), startHostileProxy({ upstream: gocd.goUrl })])
  })
  afterAll(async () => {
    await Promise.all([octoProxy.close(), gocdProxy.close()])
    await Promise.all([octo.close(), gocd.close(), github.close()])
  })

  it('octopus: names in the log and the summary stay text, a file named with the API key is redacted in the summary', async () => {
    octoProxy.use({ kind: 'inject', payload: SERVER_PAYLOAD, skipKeys: /^(Id|.*Id|Links|Hash|PackageId|Version|.*Size.*|Published)$/ })
    const ws = withFiles([...HOSTILE_FILES, `leak-${octo.apiKey}.txt`])
    const run = await runHostile(
      'upload-artifact',
      { destination: 'octopus', path: ws.dist, server: octoProxy.url, api_key: octo.apiKey, package_id: 'Hostile.Names', package_version: '1.0.0' },
      {},
      ws.run
    )
    expect(run.code).toBe(0)
    expectOnlyOwnCommands(run, { known: [octo.apiKey] })
    expect(run.runner.summary()).toContain('leak-***.txt')
    expect(run.runner.summary()).toContain(`##[add-mask]${MARKER}-file.txt`)
  }, 120_000)

  it('gocd: several hostile names go as one zip; the log and the summary stay text', async () => {
    gocdProxy.use({ kind: 'inject', payload: SERVER_PAYLOAD, skipKeys: /^(name|type|url|files|_links|.*_id|id)$/ })
    // (Without the ANSI name: the GoCD fake's artifact store does not keep a control character in a file name.)
    const files = HOSTILE_FILES.filter((f) => !f.includes('\x1b'))
    const ws = withFiles(files)
    const run = await runHostile(
      'upload-artifact',
      { destination: 'gocd', path: ws.dist, server: gocdProxy.url, token: gocd.token, pipeline: 'up42', pipeline_counter: '1', stage: 'up42_stage', job: 'up42_job', remote_path: 'hostile' },
      {},
      ws.run
    )
    expect(run.code).toBe(0)
    expectOnlyOwnCommands(run, { known: [gocd.token] })
    expect([...gocd.uploadedArtifacts('up42', 1, 'up42_stage', 1, 'up42_job').keys()].filter((k) => k.startsWith('hostile/')).sort()).toEqual(
      files.map((f) => `hostile/${f}`).sort()
    )
  }, 120_000)

  it('github: the artifact through @actions/artifact, whose own log lines pass the output guard', async () => {
    const gh = await github.runnerEnv()
    const ws = withFiles(HOSTILE_FILES, gh)
    const run = await runHostile('upload-artifact', { path: ws.dist, name: 'hostile-names' }, {}, gh)
    expect(run.code).toBe(0)
    expectOnlyOwnCommands(run, { known: [gh.env.ACTIONS_RUNTIME_TOKEN], libraryMasks: true })
  }, 120_000)

  it('names the upload refuses are listed as text: a line feed, a colon, a leading ::', async () => {
    const ws = withFiles([`bad\n::add-mask::${MARKER}-lf.txt`, `::add-mask::${MARKER}-colon.txt`, 'fine.txt'])
    const run = await runHostile('upload-artifact', { destination: 'octopus', path: ws.dist, server: octo.url, api_key: octo.apiKey }, {}, ws.run)
    expect(run.code).toBe(1)
    expectOnlyOwnCommands(run, { known: [octo.apiKey] })
    expect(commandsOf(run).find((c) => c.command === 'error')!.data).toContain(`"bad\\n::add-mask::${MARKER}-lf.txt" contains`)
  }, 120_000)
})

describe('input values echoed by configuration errors', () => {
  it('every problem names the input; the hostile values stay text', async () => {
    const run = await runHostile('deploy', {
      server: 'http://127.0.0.1:9',
      api_key: 'API-INPUTECHO0123456789ABCDEF',
      project: 'p',
      release_number: '1.0.0',
      environments: 'Dev',
      wait: `maybe\n::add-mask::${MARKER}-wait`,
      timeout: `##[stop-commands]${MARKER}x`
    })
    expect(run.code).toBe(1)
    expectOnlyOwnCommands(run, { known: ['API-INPUTECHO0123456789ABCDEF'] })
    const error = commandsOf(run).find((c) => c.command === 'error')!.data
    expect(error).toMatch(/'wait'/)
    expect(error).toMatch(/'timeout'/)
  }, 60_000)
})
