/** destination octopus against the Octopus fake's built-in feed: bytes and hashes stored, modes, re-runs, faults. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { startOctopusFake, type OctopusFake } from '../../../../sandbox/octopus/index.js'
import { startCuttingProxy } from './cutting-proxy.js'
import { FAST, infos, runUpload, sha256, tree, unzip, warnings } from './helpers.js'

const API_KEY = 'API-UPLOADLEAKCHECK0123456789'

describe('upload-artifact to the Octopus built-in feed', () => {
  let fake: OctopusFake
  beforeAll(async () => {
    fake = await startOctopusFake({ apiKey: API_KEY })
  })
  afterAll(() => fake.close())

  const upload = (inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}, deps = FAST) =>
    runUpload({ destination: 'octopus', server: fake.url, api_key: API_KEY, ...inputs }, env, deps)
  const uploads = () => fake.server.log.filter('POST', /\/packages\/raw$/).length

  it('uploads package files as they are: the feed holds the same bytes and SHA-256; packages output and summary', async () => {
    const web = randomBytes(300_000)
    const db = randomBytes(2000)
    const dir = tree({ 'Acme.Web.1.0.0.zip': web, 'Acme.Db.2.1.0-beta.1.nupkg': db })
    const { t, code } = await upload({ path: dir }, {}, { ...FAST, progressIntervalMs: 0 })
    expect(t.failures).toEqual([])
    expect(code).toBe(0)
    expect((await fake.packageBytes('Acme.Web', '1.0.0')).equals(web)).toBe(true)
    expect(fake.storedPackage('Acme.Web', '1.0.0')!.Sha256).toBe(sha256(web))
    expect(fake.storedPackage('Acme.Db', '2.1.0-beta.1')!.Sha256).toBe(sha256(db))
    const packages = JSON.parse(t.outputs.packages) as Record<string, unknown>[]
    expect(packages).toEqual([
      { id: 'Acme.Db', version: '2.1.0-beta.1', size: 2000, sha256: sha256(db), feed_link: expect.stringContaining('/app#/Spaces-1/library/builtinrepository/versions/Acme.Db'), status: 'uploaded' },
      { id: 'Acme.Web', version: '1.0.0', size: 300_000, sha256: sha256(web), feed_link: expect.stringContaining('Acme.Web'), status: 'uploaded' }
    ])
    expect(t.summary.text()).toContain('Acme.Web 1.0.0')
    // Progress lines carry bytes, percent and rate.
    expect(infos(t).some((l) => /Uploading Acme\.Web\.1\.0\.0\.zip: .* of 293 KiB \(\d+%\) at .*\/s/.test(l))).toBe(true)
  })

  it('packs the matched files into <package_id>.<package_version>.zip on the fly, reproducibly', async () => {
    const dir = tree({ 'site/index.html': '<h1>hi</h1>', 'site/css/app.css': 'body{}', 'site/.git/HEAD': 'ref' })
    const first = await upload({ path: join(dir, 'site'), package_id: 'Acme.Site', package_version: '3.0.0' })
    expect(first.t.failures).toEqual([])
    const bytes = await fake.packageBytes('Acme.Site', '3.0.0')
    expect(Object.fromEntries(Object.entries(await unzip(bytes)).map(([k, v]) => [k, v.toString()]))).toEqual({ 'index.html': '<h1>hi</h1>', 'css/app.css': 'body{}' })
    const [pkg] = JSON.parse(first.t.outputs.packages) as { sha256: string; size: number }[]
    expect(pkg).toMatchObject({ sha256: sha256(bytes), size: bytes.length })
    const second = await upload({ path: join(dir, 'site'), package_id: 'Acme.Site', package_version: '3.0.1' })
    expect(fake.storedPackage('Acme.Site', '3.0.1')!.Sha256).toBe(pkg.sha256)
    expect(second.code).toBe(0)
  })

  it('overwrite modes: FailIfExists refuses with what to do, OverwriteExisting replaces, IgnoreIfExists keeps the old one', async () => {
    const dir = tree({ 'Mode.Test.1.0.0.zip': 'first' })
    expect((await upload({ path: dir })).code).toBe(0)
    const other = tree({ 'Mode.Test.1.0.0.zip': 'second' })
    const fail = await upload({ path: other })
    expect(fail.code).toBe(1)
    expect(fail.t.failures[0]).toMatch(/Octopus answered 409 .*A package with the same ID and version already exists[\s\S]*overwrite_mode/)
    const ignore = await upload({ path: other, overwrite_mode: 'IgnoreIfExists' })
    expect(ignore.code).toBe(0)
    expect((await fake.packageBytes('Mode.Test', '1.0.0')).toString()).toBe('first')
    expect(JSON.parse(ignore.t.outputs.packages)[0].status).toBe('kept-existing')
    expect(warnings(ignore.t)[0]).toMatch(/kept because overwrite_mode is IgnoreIfExists/)
    const replace = await upload({ path: other, overwrite_mode: 'overwriteexisting' })
    expect(replace.code).toBe(0)
    expect((await fake.packageBytes('Mode.Test', '1.0.0')).toString()).toBe('second')
  })

  it('a re-run attempt with identical content is not an error (and sends nothing); different content is', async () => {
    const dir = tree({ 'app/main.js': 'main()' })
    const inputs = { path: join(dir, 'app'), package_id: 'Rerun.App', package_version: '1.0.0' }
    expect((await upload(inputs, { GITHUB_RUN_ATTEMPT: '1' })).code).toBe(0)
    const before = uploads()
    const rerun = await upload(inputs, { GITHUB_RUN_ATTEMPT: '2' })
    expect(rerun.t.failures).toEqual([])
    expect(JSON.parse(rerun.t.outputs.packages)[0]).toMatchObject({ status: 'unchanged', sha256: fake.storedPackage('Rerun.App', '1.0.0')!.Sha256 })
    expect(uploads()).toBe(before)
    const changed = tree({ 'app/main.js': 'main(2)' })
    const differs = await upload({ ...inputs, path: join(changed, 'app') }, { GITHUB_RUN_ATTEMPT: '2' })
    expect(differs.code).toBe(1)
    expect(differs.t.failures[0]).toMatch(/already in the Octopus feed with different content.*new version.*OverwriteExisting/)
    const firstAttempt = await upload(inputs, { GITHUB_RUN_ATTEMPT: '1' })
    expect(firstAttempt.code).toBe(1)
  })

  it.each([
    ['a lost answer (the feed stored it)', { kind: 'lost-response' as const }],
    ['a reset before the server read the body', { kind: 'reset' as const }],
    ['a 503', { kind: 'status' as const, status: 503 }]
  ])('survives %s without a duplicate', async (_label, fault) => {
    const version = `5.0.${Math.floor(Math.random() * 1e6)}`
    const data = randomBytes(64 * 1024)
    const dir = tree({ [`Fault.Pkg.${version}.zip`]: data })
    const stored = fake.server.ledger.count('package')
    fake.server.faults.next('POST', /\/packages\/raw$/, fault)
    const { t, code } = await upload({ path: dir })
    expect(t.failures).toEqual([])
    expect(code).toBe(0)
    expect(fake.server.ledger.count('package')).toBe(stored + 1)
    expect(fake.storedPackage('Fault.Pkg', version)!.Sha256).toBe(sha256(data))
    if (fault.kind === 'lost-response') expect(infos(t).some((l) => /answer was lost, but the feed holds the package/.test(l))).toBe(true)
  })

  it('a zip packed on the fly and cut half-way is packed and sent again in full (one package, the complete bytes)', async () => {
    const proxy = await startCuttingProxy(fake.server.port)
    try {
      const dir = tree({ 'data/blob.bin': randomBytes(1024 * 1024), 'data/note.txt': 'note' })
      const stored = fake.server.ledger.count('package')
      proxy.cutNext(200 * 1024)
      const { t, code } = await runUpload(
        { destination: 'octopus', server: proxy.url, api_key: API_KEY, path: join(dir, 'data'), package_id: 'Cut.Zip', package_version: '1.0.0', compression_level: '0' },
        {},
        FAST
      )
      expect(proxy.cuts).toBe(1)
      expect(t.failures).toEqual([])
      expect(code).toBe(0)
      expect(fake.server.ledger.count('package')).toBe(stored + 1)
      const bytes = await fake.packageBytes('Cut.Zip', '1.0.0')
      expect(Object.keys(await unzip(bytes)).sort()).toEqual(['blob.bin', 'note.txt'])
      expect(JSON.parse(t.outputs.packages)[0].sha256).toBe(sha256(bytes))
    } finally {
      await proxy.close()
    }
  })

  it('reports every file that is not named like a package, before uploading anything', async () => {
    const dir = tree({ 'Good.1.0.0.zip': 'ok', 'readme.txt': 'no', 'build.zip': 'no' })
    const before = uploads()
    const { t, code } = await upload({ path: dir })
    expect(code).toBe(1)
    expect(t.failures[0]).toMatch(/2 matched files are not named like an Octopus package.*build\.zip, readme\.txt.*package_id and package_version/)
    expect(uploads()).toBe(before)
  })

  it('configuration problems are reported together, naming inputs and env fallbacks', async () => {
    const { t, code } = await runUpload({ destination: 'octopus', path: '/tmp', package_id: 'Bad Id', pipeline: 'up42' })
    expect(code).toBe(1)
    const msg = t.failures[0]
    expect(msg).toContain("'server' (or the OCTOPUS_URL environment variable) is required")
    expect(msg).toContain('an Octopus credential is required')
    expect(msg).toContain("input 'package_version' is required with 'package_id'")
    expect(msg).toContain("input 'package_id' must be letters and digits")
    expect(msg).toContain("'pipeline' only applies to destination gocd")
  })

  it('never shows the API key', async () => {
    const dir = tree({ 'Leak.Check.1.0.0.zip': 'x' })
    const ok = await upload({ path: dir })
    const bad = await runUpload({ destination: 'octopus', server: fake.url, api_key: 'API-WRONGKEY0000000000000000', path: dir })
    expect(bad.code).toBe(1)
    expect(bad.t.failures[0]).toMatch(/401[\s\S]*API key is invalid/)
    for (const t of [ok.t, bad.t]) {
      expect(t.visibleText()).not.toContain(API_KEY)
      expect(t.visibleText()).not.toContain('API-WRONGKEY0000000000000000')
    }
    expect(ok.t.masked).toContain(API_KEY)
  })
})
