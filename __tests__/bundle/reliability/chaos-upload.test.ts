/**
 * Chaos for upload-artifact, under seeded fault injection at several rates (and each fault kind forced on the first
 * write): in process, a package packed into the Octopus built-in feed (exactly one package in the fake's ledger,
 * with the bytes the action reports) and a directory of files sent to a GoCD job (exactly one artifact per file);
 * through the built bundle, a GitHub run artifact with each fault on each of its three writes (one artifact created
 * and finalized) and an Octopus package at a random rate.
 * No credential may show in what a user sees.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startGithubFake, type GithubFake } from '../../../sandbox/github/index.js'
import { startGocdFake, type GocdFake } from '../../../sandbox/gocd/index.js'
import { startOctopusFake, type OctopusFake } from '../../../sandbox/octopus/index.js'
import { uploadArtifactAction } from '../../../src/actions/upload-artifact/upload-artifact.js'
import { runner as runnerFiles } from './helpers/runner.js'
import { testContext } from '../../helpers/test-context.js'
import { hasBundle, runBundle, visibleLog } from './helpers/bundle-run.js'
import { FAULT, faultsInLog, reportChaos, PLAN, stepLabel, type ChaosRow, type FaultKind } from './helpers/chaos.js'
import { chaosRun } from './helpers/chaos-run.js'
import { scanRun, scanSurfaces } from './helpers/leaks.js'

const API_KEY = 'API-CHAOSUPLOADKEY4HV9T2LW'
const DEPS = { http: { retry: { baseDelayMs: 1, maxDelayMs: 2 }, sleep: async () => undefined, timeoutMs: 5000 }, progressIntervalMs: 60_000 }
const rows: ChaosRow[] = []
const FILES = ['app.js', 'app.css', 'lib/util.js', 'lib/deep/data.json']

let octo: OctopusFake
let gocd: GocdFake
let dir: string
beforeAll(async () => {
  ;[octo, gocd] = await Promise.all([startOctopusFake({ apiKey: API_KEY }), startGocdFake({ speed: 0 })])
  dir = mkdtempSync(join(tmpdir(), 'chaos-upload-'))
  for (const f of FILES) {
    mkdirSync(join(dir, 'dist', f, '..'), { recursive: true })
    writeFileSync(join(dir, 'dist', f), `${f}\n`.repeat(2000))
  }
})
afterAll(async () => {
  await Promise.all([octo.close(), gocd.close()])
  rmSync(dir, { recursive: true, force: true })
  reportChaos('upload-artifact', rows)
})

describe('upload-artifact to Octopus under chaos', () => {
  it.each(PLAN.map((p, i) => [stepLabel(p), p, i] as const))('%s: one package with the reported bytes', async (_l, p, i) => {
    const version = `1.0.${i}`
    const t = testContext('upload-artifact', { destination: 'octopus', server: octo.url, api_key: API_KEY, path: join(dir, 'dist'), package_id: 'Chaos.Web', package_version: version }, { NO_PROXY: '*' })
    const { added, row } = await chaosRun(octo.server, { action: 'upload-artifact (octopus)', mode: 'in-process', kind: 'package', expected: 1 }, p, async () => {
      const code = await t.run((ctx) => uploadArtifactAction(ctx, DEPS))
      return code === 0 ? 'success' : `exit ${code}`
    })
    rows.push(row)
    expect(t.failures).toEqual([])
    expect(added.map((e) => e.id)).toEqual([`${octo.spaceId}/Chaos.Web.${version}`])
    const [pkg] = JSON.parse(t.outputs.packages) as { sha256: string; status: string }[]
    expect(pkg.sha256).toBe(octo.storedPackage('Chaos.Web', version)!.Sha256)
    expect(scanSurfaces({ visible: t.visibleText() }, [API_KEY])).toEqual([])
  })
})

describe('upload-artifact to GoCD under chaos', () => {
  it.each(PLAN.map((p, i) => [stepLabel(p), p, i] as const))('%s: one artifact per file', async (_l, p, i) => {
    const t = testContext('upload-artifact', {
      destination: 'gocd',
      server: gocd.goUrl,
      token: gocd.token,
      path: join(dir, 'dist'),
      pipeline: 'up42',
      pipeline_counter: '1',
      stage: 'up42_stage',
      job: 'up42_job',
      remote_path: `chaos-${i}`
    })
    const { added, row } = await chaosRun(gocd.server, { action: 'upload-artifact (gocd)', mode: 'in-process', kind: 'artifact', expected: FILES.length }, p, async () => {
      const code = await t.run((ctx) => uploadArtifactAction(ctx, DEPS))
      return code === 0 ? 'success' : `exit ${code}`
    })
    rows.push(row)
    expect(t.failures).toEqual([])
    expect(row.duplicates).toBe(0)
    expect(added.map((e) => e.id.split(`/chaos-${i}/`)[1]).sort()).toEqual([...FILES].sort())
    expect(scanSurfaces({ visible: t.visibleText() }, [gocd.token])).toEqual([])
  })
})

describe('the built bundle under chaos', () => {
  let gh: GithubFake
  beforeAll(async () => {
    gh = await startGithubFake()
  })
  afterAll(() => gh.close())

  // The GitHub path has three writes (CreateArtifact, blob PUTs, FinalizeArtifact): each gets each fault once.
  // A 429 is not an Azure Blob answer (throttling there is 503 ServerBusy), so blob PUTs get no 429.
  const calls = [
    { call: 'CreateArtifact', method: 'POST', path: /CreateArtifact$/ },
    { call: 'blob PUT', method: 'PUT', path: /^\/blob\// },
    { call: 'FinalizeArtifact', method: 'POST', path: /FinalizeArtifact$/ }
  ]
  const GH_FAULTS: FaultKind[] = ['5xx', '429', 'reset', 'lost-response']
  const matrix = calls.flatMap((c) => GH_FAULTS.filter((f) => !(c.call === 'blob PUT' && f === '429')).map((f) => ({ ...c, fault: f })))
  // @actions/artifact does not retry a Twirp call that fails on the network; the action checks whether the artifact
  // was finalized anyway and otherwise uploads once more. After an answer lost on CreateArtifact, or a reset on
  // FinalizeArtifact, that second upload creates the artifact again: the service replaces the unfinalized one, so
  // exactly one artifact is finalized.
  const createdTwice = (m: (typeof matrix)[number]) =>
    (m.call === 'CreateArtifact' && m.fault === 'lost-response') || (m.call === 'FinalizeArtifact' && m.fault === 'reset')
  const check = async (label: string, m: (typeof matrix)[number]) => {
    if (!hasBundle('upload-artifact')) throw new Error('dist/upload-artifact/index.js is missing')
    const job = await gh.runnerEnv({ inputs: { path: join(dir, 'dist'), name: `chaos-${label.replace(/[^a-z0-9]+/gi, '-')}` } })
    const env = job.env
    const files = job
    const logMark = gh.server.log.entries.length
    const created = gh.server.ledger.count('artifact-create')
    const finalized = gh.server.ledger.count('artifact')
    gh.server.faults.clear()
    gh.server.faults.next(m.method, m.path, FAULT[m.fault], 1)
    const res = await runBundle('upload-artifact', env, 90_000).finally(() => gh.server.faults.clear())
    const { requests, faults } = faultsInLog(gh.server, logMark)
    const ops = gh.server.ledger.count('artifact') - finalized
    rows.push({ action: `upload-artifact (github: ${label})`, mode: 'bundle', rate: 0, seed: 0, requests, faults, outcome: res.code === 0 ? 'success' : `exit ${res.code}`, operations: ops, expected: 1, duplicates: Math.max(0, ops - 1) })
    expect(res.code === 0 ? 'success' : visibleLog(res).split('\n').filter((l) => l.startsWith('::error')).join('\n').slice(0, 400)).toBe('success')
    expect({ created: gh.server.ledger.count('artifact-create') - created, finalized: ops }).toEqual({ created: createdTwice(m) ? 2 : 1, finalized: 1 })
    expect(scanRun(res, files, [job.env.ACTIONS_RUNTIME_TOKEN])).toEqual([])
  }
  it.each(matrix.map((m) => [`${m.fault} on ${m.call}`, m] as const))('upload-artifact bundle to GitHub, %s: one artifact finalized', check, 90_000)

  it('upload-artifact bundle to Octopus at rate 0.15 + lost response on the first write: one package', async () => {
    if (!hasBundle('upload-artifact')) throw new Error('dist/upload-artifact/index.js is missing')
    const runner = runnerFiles({ destination: 'octopus', server: octo.url, api_key: API_KEY, path: join(dir, 'dist'), package_id: 'Chaos.Bundle', package_version: '2.0.0' })
    let res = { code: null as number | null, stdout: '', stderr: '' }
    const { added, row } = await chaosRun(octo.server, { action: 'upload-artifact (octopus)', mode: 'bundle', kind: 'package', expected: 1 }, { rate: 0.15, seed: 22, firstWrite: 'lost-response' }, async () => {
      res = await runBundle('upload-artifact', runner.env, 90_000)
      return res.code === 0 ? 'success' : `exit ${res.code}`
    })
    rows.push(row)
    expect(res.code === 0 ? 'success' : visibleLog(res).slice(-1500)).toBe('success')
    expect(added).toHaveLength(1)
    expect(JSON.parse(runner.outputs().packages)[0]).toMatchObject({ id: 'Chaos.Bundle', version: '2.0.0' })
    expect(scanRun(res, runner, [API_KEY])).toEqual([])
  }, 90_000)
})
