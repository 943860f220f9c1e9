/**
 * What the build puts in dist/ for start-up speed and debugging (issue #22), checked on the committed bundles:
 * - every bundle file has a source map, without the sources' text, that points back at src/;
 * - upload-artifact's destinations are chunks of their own, loaded only for the destination chosen, and each loads
 *   and runs under this Node (20 here) and Node 24.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { SourceMap } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Router, startFakeServer, type FakeServer } from '../../sandbox/common/index.js'
import { runnerEnv } from '../../tools/workflow-runner/runner-env.js'
import { javascriptActions } from '../helpers/action-metadata.js'
import { nodeBinaries } from '../helpers/node-versions.js'
import { REPO_ROOT } from '../helpers/repo.js'
import { runBundle } from '../helpers/run-bundle.js'

const MODULE_ERRORS = /Cannot find module|ERR_MODULE_NOT_FOUND|ERR_PACKAGE_PATH_NOT_EXPORTED|ERR_REQUIRE_ESM|SyntaxError|is not a function|ChunkLoadError|Loading chunk/
const actions = javascriptActions(REPO_ROOT).map((a) => a.name)
const distOf = (name: string) => join(REPO_ROOT, 'dist', name)
const bundleFiles = (name: string) => readdirSync(distOf(name)).filter((f) => /^(\d+\.)?index\.js$/.test(f))

describe.each(actions)('dist/%s', (name) => {
  it('has a source map beside every bundle file, without the sources text, pointing at src/', () => {
    for (const file of bundleFiles(name)) {
      const map = JSON.parse(readFileSync(join(distOf(name), `${file}.map`), 'utf8')) as { sources: string[]; sourcesContent?: unknown }
      expect({ file, sourcesContent: map.sourcesContent }).toEqual({ file, sourcesContent: undefined })
    }
    // The shared failure wrapper is in every entry bundle: its position maps to its TypeScript source.
    const code = readFileSync(join(distOf(name), 'index.js'), 'utf8').split('\n')
    const line = code.findIndex((l) => l.includes('async function runActionWith('))
    expect(line).toBeGreaterThanOrEqual(0)
    const map = new SourceMap(JSON.parse(readFileSync(join(distOf(name), 'index.js.map'), 'utf8')))
    const entry = map.findEntry(line, code[line].indexOf('runActionWith')) as { originalSource?: string }
    expect(entry.originalSource).toMatch(/(^|\/)src\/core\/context\.ts$/)
  })
})

describe('upload-artifact loads the destination it uses, from a chunk', () => {
  const dist = distOf('upload-artifact')
  const entry = readFileSync(join(dist, 'index.js'), 'utf8')
  const chunks = bundleFiles('upload-artifact').filter((f) => f !== 'index.js')
  let server: FakeServer
  let dir: string

  beforeAll(async () => {
    // Every request is refused: enough to show that the destination's code was loaded and ran.
    server = await startFakeServer({ router: new Router().get('/*', () => ({ status: 401, body: { ErrorMessage: 'You must be logged in to request this resource.' } })) })
    dir = mkdtempSync(join(tmpdir(), 'chunks-'))
    writeFileSync(join(dir, 'Acme.Web.1.0.0.zip'), 'package')
  })
  afterAll(async () => {
    await server.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('keeps @actions/artifact out of the entry bundle', () => {
    expect(chunks.length).toBeGreaterThanOrEqual(3)
    expect(entry).not.toContain('DefaultArtifactClient')
    expect(chunks.filter((c) => readFileSync(join(dist, c), 'utf8').includes('class DefaultArtifactClient'))).toHaveLength(1)
  })

  const cases: { destination: string; inputs: Record<string, string>; error: RegExp }[] = [
    { destination: 'github', inputs: {}, error: /ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL are not set/ },
    { destination: 'octopus', inputs: { api_key: 'API-CHUNKTEST0000000000000000' }, error: /401/ },
    { destination: 'gocd', inputs: { token: 'chunk-test-token', pipeline: 'p', pipeline_counter: '1', stage: 's', job: 'j' }, error: /401/ }
  ]
  describe.each(nodeBinaries().map((n) => [n.label, n.path] as const))('under %s', (_label, node) => {
    it.each(cases.map((c) => [c.destination, c] as const))('destination %s', async (_d, c) => {
      const runner = runnerEnv({ inputs: { path: join(dir, 'Acme.Web.1.0.0.zip'), destination: c.destination, server: c.destination === 'github' ? '' : server.url, ...c.inputs } })
      try {
        const res = await runBundle(node, join(dist, 'index.js'), runner.env)
        expect(res.stdout + res.stderr).not.toMatch(MODULE_ERRORS)
        expect(res.stdout).toMatch(new RegExp(`::error::upload-artifact failed: .*${c.error.source}`))
        expect(res.code).toBe(1)
      } finally {
        runner.dispose()
      }
    })
  })
})
