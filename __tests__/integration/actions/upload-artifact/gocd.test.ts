/** destination gocd against the GoCD fake's artifacts API: files listed and downloaded match, conflicts, faults. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { startGocdFake, type GocdFake } from '../../../../sandbox/gocd/index.js'
import { startCuttingProxy, type CuttingProxy } from './cutting-proxy.js'
import { FAST, infos, runUpload, sha256, tree, warnings } from './helpers.js'

describe('upload-artifact to a GoCD job', () => {
  let fake: GocdFake
  let proxy: CuttingProxy
  beforeAll(async () => {
    fake = await startGocdFake({ speed: 0 })
    proxy = await startCuttingProxy(fake.server.port)
  })
  afterAll(async () => {
    await proxy.close()
    await fake.close()
  })

  const JOB = { pipeline: 'up42', pipeline_counter: '1', stage: 'up42_stage', job: 'up42_job' }
  const upload = (inputs: Record<string, string>, deps = FAST) =>
    runUpload({ destination: 'gocd', server: fake.goUrl, token: fake.token, ...JOB, ...inputs }, {}, deps)
  const stored = () => fake.uploadedArtifacts('up42', 1, 'up42_stage', 1, 'up42_job')
  const auth = () => ({ Authorization: `Bearer ${fake.token}` })
  const posts = () => fake.server.log.filter('POST', /^\/go\/files\//).length

  async function listed(): Promise<string[]> {
    const res = await fetch(`${fake.goUrl}/files/up42/1/up42_stage/1/up42_job.json`, { headers: auth() })
    type Entry = { name: string; type: string; files?: Entry[] }
    const walk = (es: Entry[], p = ''): string[] => es.flatMap((e) => (e.type === 'file' ? [`${p}${e.name}`] : walk(e.files ?? [], `${p}${e.name}/`)))
    return walk((await res.json()) as Entry[])
  }
  const downloaded = async (url: string) => Buffer.from(await (await fetch(url, { headers: auth() })).arrayBuffer())

  it('one file goes as `file` under remote_path; listed and downloaded it matches; artifact_urls points at it', async () => {
    const data = randomBytes(200_000)
    const dir = tree({ 'build/app.jar': data })
    const { t, code } = await upload({ path: join(dir, 'build/app.jar'), remote_path: 'pkg/' }, { ...FAST, progressIntervalMs: 0 })
    expect(t.failures).toEqual([])
    expect(code).toBe(0)
    expect(await listed()).toContain('pkg/app.jar')
    const urls = JSON.parse(t.outputs.artifact_urls) as string[]
    expect(urls).toEqual([`${fake.goUrl}/files/up42/1/up42_stage/1/up42_job/pkg/app.jar`])
    expect(sha256(await downloaded(urls[0]))).toBe(sha256(data))
    expect(fake.server.log.filter('POST', /\/pkg\/app\.jar$/)[0].headers['content-type']).toMatch(/^multipart\/form-data; boundary=/)
    expect(t.summary.text()).toContain('up42/1/up42_stage/1/up42_job')
    expect(infos(t).some((l) => /Uploading app\.jar: .*\(\d+%\) at/.test(l))).toBe(true)
  })

  it('several files go as one zip that GoCD unpacks: every file listed and downloaded matches', async () => {
    const files = { 'out/a.txt': 'alpha', 'out/sub/b.bin': randomBytes(50_000), 'out/sub/deeper/c.txt': 'gamma' }
    const dir = tree(files)
    const { t, code } = await upload({ path: join(dir, 'out'), remote_path: 'reports' }, { ...FAST, progressIntervalMs: 0 })
    expect(t.failures).toEqual([])
    expect(code).toBe(0)
    expect((await listed()).filter((p) => p.startsWith('reports/')).sort()).toEqual(['reports/a.txt', 'reports/sub/b.bin', 'reports/sub/deeper/c.txt'])
    const urls = JSON.parse(t.outputs.artifact_urls) as string[]
    expect(urls).toHaveLength(3)
    for (const [name, content] of Object.entries(files)) {
      const url = urls.find((u) => u.endsWith(`/reports/${name.slice('out/'.length)}`))!
      expect(sha256(await downloaded(url))).toBe(sha256(content))
    }
    expect(fake.server.log.filter('POST', /\/reports$/)[0].headers['transfer-encoding']).toBe('chunked')
    // A zip's size is unknown while it is built: progress gives the share of the input read.
    expect(infos(t).some((l) => /Uploading 3 files \(zip\): .* \(\d+% of the files read\) at .*\/s/.test(l))).toBe(true)
  })

  it('an existing file: identical content is not an error (nothing sent), different content is', async () => {
    const dir = tree({ 'once.txt': 'same' })
    expect((await upload({ path: join(dir, 'once.txt'), remote_path: 'once' })).code).toBe(0)
    const before = posts()
    const again = await upload({ path: join(dir, 'once.txt'), remote_path: 'once' })
    expect(again.t.failures).toEqual([])
    expect(posts()).toBe(before)
    const other = tree({ 'once.txt': 'different' })
    const conflict = await upload({ path: join(other, 'once.txt'), remote_path: 'once' })
    expect(conflict.code).toBe(1)
    expect(conflict.t.failures[0]).toMatch(/already has an artifact once\/once\.txt with different content.*another remote_path/)
    expect(stored().get('once/once.txt')!.toString()).toBe('same')
  })

  it('re-uploading a zip over existing files warns that they are replaced', async () => {
    const dir = tree({ 'r/x.txt': '1', 'r/y.txt': '2' })
    expect((await upload({ path: join(dir, 'r'), remote_path: 'replace' })).code).toBe(0)
    const again = await upload({ path: join(dir, 'r'), remote_path: 'replace' })
    expect(again.code).toBe(0)
    expect(warnings(again.t)[0]).toMatch(/2 file\(s\) already exist .* replaced/)
  })

  it.each([
    ['file', { kind: 'lost-response' as const }],
    ['file', { kind: 'status' as const, status: 502 }],
    ['zip', { kind: 'lost-response' as const }],
    ['zip', { kind: 'reset' as const }]
  ])('a %s upload survives %o without a duplicate', async (shape, fault) => {
    const remote = `faults-${shape}-${fault.kind}`
    const dir = tree({ 'f/one.bin': randomBytes(30_000), 'f/two.txt': 'two' })
    const path = shape === 'file' ? join(dir, 'f/one.bin') : join(dir, 'f')
    const before = fake.server.ledger.entries.filter((e) => e.kind === 'artifact' && e.id.includes(remote)).length
    fake.server.faults.next('POST', new RegExp(`/${remote}`), fault)
    const { t, code } = await upload({ path, remote_path: remote })
    expect(t.failures).toEqual([])
    expect(code).toBe(0)
    const recorded = fake.server.ledger.entries.filter((e) => e.kind === 'artifact' && e.id.includes(remote)).length - before
    // Every file is stored exactly once (the zip holds two): a lost answer is confirmed, not sent again.
    expect(recorded).toBe(shape === 'file' ? 1 : 2)
    if (fault.kind === 'lost-response') expect(infos(t).some((l) => /answer was lost/.test(l))).toBe(true)
  })

  it('an upload cut half-way is sent again in full; no partial file is ever stored', async () => {
    const data = randomBytes(2 * 1024 * 1024)
    const dir = tree({ 'big.bin': data })
    proxy.cutNext(256 * 1024)
    const { t, code } = await runUpload(
      { destination: 'gocd', server: `${proxy.url}/go`, token: fake.token, ...JOB, path: join(dir, 'big.bin'), remote_path: 'cut' },
      {},
      FAST
    )
    expect(proxy.cuts).toBe(1)
    expect(t.failures).toEqual([])
    expect(code).toBe(0)
    expect(sha256(stored().get('cut/big.bin')!)).toBe(sha256(data))
    expect(fake.server.ledger.entries.filter((e) => e.kind === 'artifact' && e.id.endsWith('/cut/big.bin'))).toHaveLength(1)
  })

  it('a job that does not exist fails before uploading, saying which inputs to check', async () => {
    const dir = tree({ 'x.txt': 'x' })
    const before = posts()
    const { t, code } = await upload({ path: join(dir, 'x.txt'), pipeline_counter: '99' })
    expect(code).toBe(1)
    expect(t.failures[0]).toMatch(/GoCD answered 404[\s\S]*Job up42\/99\/up42_stage\/1\/up42_job not found[\s\S]*pipeline_counter/)
    expect(posts()).toBe(before)
  })

  it('configuration: gocd inputs are required; credentials never show', async () => {
    const missing = await runUpload({ destination: 'gocd', path: '/tmp', name: 'x', retention_days: '3' })
    expect(missing.code).toBe(1)
    for (const s of ["'server' (or the GOCD_URL environment variable) is required", "'pipeline' is required", "'pipeline_counter' is required", "'stage' is required", "'job' is required", "'retention_days' only applies to destination github"])
      expect(missing.t.failures[0]).toContain(s)
    const dir = tree({ 'y.txt': 'y' })
    const basic = await runUpload({ destination: 'gocd', server: fake.goUrl, username: fake.username, password: fake.password, ...JOB, path: join(dir, 'y.txt'), remote_path: 'basic' })
    expect(basic.t.failures).toEqual([])
    const wrong = await runUpload({ destination: 'gocd', server: fake.goUrl, token: 'wrong-token-0123456789abcdef', ...JOB, path: join(dir, 'y.txt') })
    expect(wrong.code).toBe(1)
    for (const t of [basic.t, wrong.t]) {
      expect(t.visibleText()).not.toContain(fake.password)
      expect(t.visibleText()).not.toContain(Buffer.from(`${fake.username}:${fake.password}`).toString('base64'))
      expect(t.visibleText()).not.toContain('wrong-token-0123456789abcdef')
    }
    expect(basic.t.masked).toContain(fake.password)
  })
})
