/**
 * destination github against the GitHub fake (results Twirp service + blob storage), with the official
 * @actions/artifact client reading the runner environment from process.env, as it does on a runner.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startGithubFake, type GithubFake, type RunnerEnv } from '../../../../sandbox/github/index.js'
import { testContext } from '../../../helpers/test-context.js'

type Action = typeof import('../../../../src/actions/upload-artifact/upload-artifact.js')
type ArtifactModule = typeof import('@actions/artifact')

describe('upload-artifact to GitHub', () => {
  let fake: GithubFake
  let runner: RunnerEnv
  let action: Action
  let artifact: ArtifactModule
  const saved = { ...process.env }
  const stdout: string[] = []
  const write = process.stdout.write.bind(process.stdout)
  let work: string

  beforeAll(async () => {
    process.stdout.write = ((chunk: string | Uint8Array) => stdout.push(String(chunk)) > 0) as typeof process.stdout.write
    fake = await startGithubFake()
    runner = await fake.runnerEnv()
    Object.assign(process.env, runner.env)
    // @actions/github reads GITHUB_API_URL when imported: import after the env is set.
    artifact = await import('@actions/artifact')
    action = await import('../../../../src/actions/upload-artifact/upload-artifact.js')
    work = runner.env.GITHUB_WORKSPACE
    mkdirSync(join(work, 'dist/lib'), { recursive: true })
    mkdirSync(join(work, 'dist/empty'), { recursive: true })
    writeFileSync(join(work, 'dist/app.js'), 'console.log("app")\n')
    writeFileSync(join(work, 'dist/lib/util.js'), 'export const x = 1\n')
    writeFileSync(join(work, 'dist/app.js.map'), '{}')
    writeFileSync(join(work, 'dist/.env'), 'HIDDEN=1')
  })
  afterAll(async () => {
    process.stdout.write = write
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k]
    Object.assign(process.env, saved)
    await fake.close()
  })

  const run = async (inputs: Record<string, string>, env: NodeJS.ProcessEnv = process.env) => {
    const t = testContext('upload-artifact', inputs, env)
    const code = await t.run((ctx) => action.uploadArtifactAction(ctx))
    return { t, code }
  }

  async function download(id: number, expectedHash: string): Promise<{ dir: string; mismatch: boolean }> {
    const dir = mkdtempSync(join(tmpdir(), 'ua-dl-'))
    const res = await new artifact.DefaultArtifactClient().downloadArtifact(id, { path: dir, expectedHash })
    return { dir, mismatch: res.digestMismatch ?? false }
  }

  it('uploads the matched files (excludes, no hidden files), sets the outputs, and the artifact downloads byte for byte', async () => {
    const { t, code } = await run({ path: `${join(work, 'dist')}\n!${join(work, 'dist/**/*.map')}`, name: 'web-build', compression_level: '0' })
    expect(t.failures).toEqual([])
    expect(code).toBe(0)
    const id = Number(t.outputs.artifact_id)
    expect(id).toBeGreaterThan(0)
    expect(t.outputs.artifact_url).toBe(`${runner.env.GITHUB_SERVER_URL}/${runner.env.GITHUB_REPOSITORY}/actions/runs/${runner.env.GITHUB_RUN_ID}/artifacts/${id}`)
    expect(t.outputs.artifact_digest).toMatch(/^[0-9a-f]{64}$/)
    const stored = [...fake.artifacts.artifacts.values()].find((a) => a.id === id)!
    expect(stored).toMatchObject({ name: 'web-build', finalized: true, digest: `sha256:${t.outputs.artifact_digest}` })
    const { dir, mismatch } = await download(id, `sha256:${t.outputs.artifact_digest}`)
    expect(mismatch).toBe(false)
    expect(readFileSync(join(dir, 'app.js'), 'utf8')).toBe('console.log("app")\n')
    expect(readFileSync(join(dir, 'lib/util.js'), 'utf8')).toBe('export const x = 1\n')
    expect(() => readFileSync(join(dir, 'app.js.map'))).toThrow()
    expect(() => readFileSync(join(dir, '.env'))).toThrow()
    expect(t.summary.text()).toContain('web-build')
    expect(t.summary.text()).toContain('lib/util.js')
    expect(fake.twirpInvalid).toEqual([])
  })

  it('include_hidden_files uploads dot files; the digest is the SHA-256 of the stored zip', async () => {
    const { t, code } = await run({ path: join(work, 'dist'), name: 'with-hidden', include_hidden_files: 'true' })
    expect(code).toBe(0)
    const { dir, mismatch } = await download(Number(t.outputs.artifact_id), `sha256:${t.outputs.artifact_digest}`)
    expect(mismatch).toBe(false)
    expect(readFileSync(join(dir, '.env'), 'utf8')).toBe('HIDDEN=1')
    const stored = [...fake.artifacts.artifacts.values()].find((a) => a.name === 'with-hidden')!
    expect(stored.digest).toBe(`sha256:${t.outputs.artifact_digest}`)
  })

  it('an existing name fails with what to do; overwrite: true replaces it (one finalized artifact of that name)', async () => {
    const first = await run({ path: join(work, 'dist/app.js'), name: 'dup' })
    expect(first.code).toBe(0)
    const again = await run({ path: join(work, 'dist/app.js'), name: 'dup' })
    expect(again.code).toBe(1)
    expect(again.t.failures[0]).toMatch(/already exists in this workflow run.*overwrite: true/s)
    const replaced = await run({ path: join(work, 'dist/lib/util.js'), name: 'dup', overwrite: 'true' })
    expect(replaced.t.failures).toEqual([])
    const live = [...fake.artifacts.artifacts.values()].filter((a) => a.name === 'dup')
    expect(live.map((a) => a.id)).toEqual([Number(replaced.t.outputs.artifact_id)])
    const { dir } = await download(Number(replaced.t.outputs.artifact_id), `sha256:${replaced.t.outputs.artifact_digest}`)
    expect(readFileSync(join(dir, 'util.js'), 'utf8')).toBe('export const x = 1\n')
  })

  it('retries transient failures of the results service and the blob store without a duplicate artifact', async () => {
    fake.server.faults.next('POST', /CreateArtifact$/, { kind: 'status', status: 503 })
    fake.server.faults.next('PUT', /^\/blob\//, { kind: 'status', status: 500 })
    const before = fake.server.ledger.count('artifact')
    const { t, code } = await run({ path: join(work, 'dist/lib'), name: 'flaky' })
    expect(t.failures).toEqual([])
    expect(code).toBe(0)
    expect(fake.server.ledger.count('artifact')).toBe(before + 1)
    expect(fake.server.faults.fired.filter((f) => f.kind === 'status').length).toBeGreaterThanOrEqual(2)
  }, 60_000)

  it.each([
    ['reset', /CreateArtifact$/, 'uploading it once more'],
    ['lost-response', /CreateArtifact$/, 'uploading it once more'],
    ['reset', /FinalizeArtifact$/, 'uploading it once more'],
    ['lost-response', /FinalizeArtifact$/, 'only its answer was lost']
  ] as const)('recovers from a %s on %s (the artifact client does not retry network errors): one artifact', async (kind, path, said) => {
    const name = `net-${kind}-${path.source.replace(/[^A-Za-z]/g, '')}`
    fake.server.faults.next('POST', path, { kind })
    const before = fake.server.ledger.count('artifact')
    const { t, code } = await run({ path: join(work, 'dist/lib'), name })
    expect(t.failures).toEqual([])
    expect(code).toBe(0)
    expect(fake.server.ledger.count('artifact')).toBe(before + 1)
    expect(t.logger.text()).toContain(said)
    const { dir } = await download(Number(t.outputs.artifact_id), `sha256:${t.outputs.artifact_digest}`)
    expect(readFileSync(join(dir, 'util.js'), 'utf8')).toBe('export const x = 1\n')
  }, 60_000)

  it('no match: warn (success, no outputs), ignore (info), error (fails naming the path)', async () => {
    const missing = join(work, 'nothing/*.bin')
    const warn = await run({ path: missing })
    expect(warn.code).toBe(0)
    expect(warn.t.logger.lines.filter((l) => l.level === 'warning').map((l) => l.message)).toEqual([expect.stringContaining('No files were found')])
    expect(warn.t.outputs).toEqual({})
    const ignore = await run({ path: missing, if_no_files_found: 'ignore' })
    expect(ignore.code).toBe(0)
    expect(ignore.t.logger.lines.some((l) => l.level === 'warning')).toBe(false)
    const error = await run({ path: missing, if_no_files_found: 'error' })
    expect(error.code).toBe(1)
    expect(error.t.failures[0]).toContain(missing)
  })

  it('invalid names: the artifact name is a configuration error; file names GitHub refuses are all listed before any upload', async () => {
    const bad = await run({ path: join(work, 'dist'), name: 'a/b:c' })
    expect(bad.code).toBe(1)
    expect(bad.t.failures[0]).toMatch(/input 'name' contains characters.*forward slash/)
    const dir = join(work, 'weird')
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'a:b.txt'), '1')
    writeFileSync(join(dir, 'what?.txt'), '2')
    const calls = fake.server.log.filter('POST', /CreateArtifact$/).length
    const files = await run({ path: dir, name: 'weird' })
    expect(files.code).toBe(1)
    expect(files.t.failures[0]).toMatch(/2 file paths cannot be uploaded[\s\S]*a:b\.txt[\s\S]*what\?\.txt/)
    expect(fake.server.log.filter('POST', /CreateArtifact$/).length).toBe(calls)
  })

  it('on GitHub Enterprise Server it fails with a clear message before uploading', async () => {
    const { t, code } = await run({ path: join(work, 'dist/app.js'), name: 'ghes' }, { ...process.env, GITHUB_SERVER_URL: 'https://github.example.com' })
    expect(code).toBe(1)
    expect(t.failures[0]).toMatch(/GitHub Enterprise Server does not provide the artifact service.*destination octopus or gocd/)
  })

  it('without the runtime token (not a JavaScript action step) it says why', async () => {
    const { t, code } = await run({ path: join(work, 'dist/app.js'), name: 'notoken' }, { ...process.env, ACTIONS_RUNTIME_TOKEN: '' })
    expect(code).toBe(1)
    expect(t.failures[0]).toMatch(/ACTIONS_RUNTIME_TOKEN is not set: the runner gives the artifact service credentials only to JavaScript actions/)
  })

  it('masks the runtime token and never shows it', async () => {
    const { t } = await run({ path: join(work, 'dist/app.js'), name: 'masked' })
    const token = runner.env.ACTIONS_RUNTIME_TOKEN
    expect(t.masked).toContain(token)
    expect(t.visibleText()).not.toContain(token)
    expect(stdout.join('')).not.toContain(token)
  })
})
