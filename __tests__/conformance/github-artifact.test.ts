/**
 * Conformance: the official `@actions/artifact` client, unchanged, round-trips against the GitHub fake's results
 * service, blob storage and REST artifacts (upload in blocks and without archive, list, get, download both ways,
 * delete), with every REST answer checked against GitHub's OpenAPI description by the test-wide switch.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startGithubFake, type GithubFake, type RunnerEnv } from '../../sandbox/github/index.js'
import { unzip } from '../helpers/unzip.js'
import { octokitFor } from '../sandbox/github/helpers.js'

describe('GitHub fake: @actions/artifact round trip (official client, unchanged)', () => {
  let fake: GithubFake
  let runner: RunnerEnv
  const saved = { ...process.env }
  let artifactModule: typeof import('@actions/artifact')

  // @actions/core logs (info, ::add-mask::) go to stdout; keep them for assertions instead of the console.
  const stdout: string[] = []
  const write = process.stdout.write.bind(process.stdout)

  beforeAll(async () => {
    process.stdout.write = ((chunk: string | Uint8Array) => stdout.push(String(chunk)) > 0) as typeof process.stdout.write
    fake = await startGithubFake()
    runner = await fake.runnerEnv()
    Object.assign(process.env, runner.env)
    // @actions/github (used by @actions/artifact for REST) reads GITHUB_API_URL when it is imported: import after the env is set.
    artifactModule = await import('@actions/artifact')
  })
  afterAll(async () => {
    process.stdout.write = write
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k]
    Object.assign(process.env, saved)
    await fake.close()
  })

  it('uploads a zip (staged blocks + block list), lists it over Twirp and REST, downloads it both ways', async () => {
    const root = join(runner.env.GITHUB_WORKSPACE, 'dist')
    mkdirSync(join(root, 'sub'), { recursive: true })
    const big = randomBytes(9 * 1024 * 1024)
    writeFileSync(join(root, 'app.txt'), 'hello artifact\n')
    writeFileSync(join(root, 'sub', 'big.bin'), big)
    const client = new artifactModule.DefaultArtifactClient()
    const up = await client.uploadArtifact('web build', [join(root, 'app.txt'), join(root, 'sub', 'big.bin')], root, { compressionLevel: 0 })
    expect(up.id).toBeGreaterThan(0)
    const id = up.id as number
    expect(up.digest).toMatch(/^[0-9a-f]{64}$/)
    const blocks = fake.blobs.operations.filter((o) => o.op === 'put-block')
    expect(blocks.length).toBeGreaterThanOrEqual(2)
    expect(fake.blobs.operations.some((o) => o.op === 'put-block-list')).toBe(true)

    const listed = await client.listArtifacts()
    expect(listed.artifacts).toEqual([expect.objectContaining({ id: up.id, name: 'web build', size: up.size, digest: `sha256:${up.digest}` })])
    const got = await client.getArtifact('web build')
    expect(got.artifact.id).toBe(up.id)

    const gh = octokitFor(fake)
    const runId = Number(runner.env.GITHUB_RUN_ID)
    const rest = await gh.rest.actions.listWorkflowRunArtifacts({ owner: fake.owner, repo: fake.repo, run_id: runId })
    expect(rest.data.total_count).toBe(1)
    expect(rest.data.artifacts[0]).toMatchObject({ id: up.id, name: 'web build', size_in_bytes: up.size, digest: `sha256:${up.digest}`, expired: false })
    const repoList = await gh.rest.actions.listArtifactsForRepo({ owner: fake.owner, repo: fake.repo, name: 'web build' })
    expect(repoList.data.artifacts.map((a) => a.id)).toEqual([up.id])

    const dl = await gh.rest.actions.downloadArtifact({ owner: fake.owner, repo: fake.repo, artifact_id: id, archive_format: 'zip' })
    const files = await unzip(Buffer.from(dl.data as ArrayBuffer))
    expect(files['app.txt'].toString()).toBe('hello artifact\n')
    expect(files['sub/big.bin'].equals(big)).toBe(true)

    const internalDir = mkdtempSync(join(tmpdir(), 'dl-internal-'))
    const internal = await client.downloadArtifact(id, { path: internalDir, expectedHash: `sha256:${up.digest}` })
    expect(internal.digestMismatch).toBe(false)
    expect(readFileSync(join(internalDir, 'app.txt'), 'utf8')).toBe('hello artifact\n')

    const publicDir = mkdtempSync(join(tmpdir(), 'dl-public-'))
    const pub = await client.downloadArtifact(id, {
      path: publicDir,
      findBy: { token: fake.token, workflowRunId: runId, repositoryOwner: fake.owner, repositoryName: fake.repo }
    })
    expect(pub.digestMismatch).toBe(false)
    expect(readFileSync(join(publicDir, 'sub', 'big.bin')).equals(big)).toBe(true)

    await expect(client.uploadArtifact('web build', [join(root, 'app.txt')], root)).rejects.toThrow(/409|already exists/)
    const del = await client.deleteArtifact('web build')
    expect(del.id).toBe(up.id)
    expect((await client.listArtifacts()).artifacts).toEqual([])
    expect(fake.invalidRequests).toEqual([])
    expect(fake.twirpInvalid).toEqual([])
    expect(fake.server.ledger.count('artifact')).toBe(1)
    // The client masks the SAS signature of every signed URL it receives.
    expect(stdout.some((l) => l.startsWith('::add-mask::'))).toBe(true)
  })

  it('uploads a single file unzipped (skipArchive) and serves it back with its name', async () => {
    const file = join(runner.env.GITHUB_WORKSPACE, 'report.json')
    writeFileSync(file, '{"ok":true}')
    const client = new artifactModule.DefaultArtifactClient()
    const up = await client.uploadArtifact('ignored', [file], runner.env.GITHUB_WORKSPACE, { skipArchive: true })
    const dir = mkdtempSync(join(tmpdir(), 'dl-raw-'))
    await client.downloadArtifact(up.id as number, { path: dir })
    expect(readFileSync(join(dir, 'report.json'), 'utf8')).toBe('{"ok":true}')
  })

  it('reports a used-up storage quota the way the client recognises (UsageError)', async () => {
    fake.setArtifactQuotaExceeded(true)
    const file = join(runner.env.GITHUB_WORKSPACE, 'q.txt')
    writeFileSync(file, 'q')
    const client = new artifactModule.DefaultArtifactClient()
    const err = await client.uploadArtifact('quota', [file], runner.env.GITHUB_WORKSPACE).catch((e: unknown) => e)
    fake.setArtifactQuotaExceeded(false)
    // The Twirp wrapper re-wraps the UsageError as "Failed to CreateArtifact: <UsageError message>" (no retries).
    expect(String(err)).toContain('Failed to CreateArtifact: Artifact storage quota has been hit')
    expect(fake.server.log.filter('POST', /CreateArtifact$/).filter((e) => e.status === 429)).toHaveLength(1)
  })

  it('expires artifacts after their retention: listed as expired, download 410', async () => {
    const file = join(runner.env.GITHUB_WORKSPACE, 'short.txt')
    writeFileSync(file, 'short-lived')
    const client = new artifactModule.DefaultArtifactClient()
    const up = await client.uploadArtifact('short-lived', [file], runner.env.GITHUB_WORKSPACE, { retentionDays: 1 })
    const gh = octokitFor(fake)
    const o = { owner: fake.owner, repo: fake.repo, artifact_id: up.id as number }
    expect((await gh.rest.actions.getArtifact(o)).data.expired).toBe(false)
    fake.clock.advance(86400_000 + 1000)
    expect((await gh.rest.actions.getArtifact(o)).data.expired).toBe(true)
    const err = await gh.rest.actions.downloadArtifact({ ...o, archive_format: 'zip' }).catch((e: { status: number }) => e)
    expect(err).toMatchObject({ status: 410 })
  })

  it('rejects a runtime token that the fake did not sign', async () => {
    const forged = runner.env.ACTIONS_RUNTIME_TOKEN.split('.').slice(0, 2).join('.') + '.' + Buffer.from('nope').toString('base64url')
    const res = await fetch(`${fake.url}/twirp/github.actions.results.api.v1.ArtifactService/ListArtifacts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${forged}`, 'content-type': 'application/json' },
      body: JSON.stringify({ workflow_run_backend_id: 'a', workflow_job_run_backend_id: 'b' })
    })
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ code: 'unauthenticated' })
  })
})
