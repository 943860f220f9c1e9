import { afterEach, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { parsePackageFileName } from '../../../sandbox/octopus/routes-packages.js'
import { harness, type Harness, type Json } from './helpers.js'

function form(field: string, fileName: string, bytes: Buffer): FormData {
  const fd = new FormData()
  fd.append(field, new Blob([new Uint8Array(bytes)], { type: 'application/zip' }), fileName)
  return fd
}

describe('Octopus fake: built-in feed uploads', () => {
  let h: Harness | undefined
  afterEach(async () => {
    await h?.fake.close()
    h = undefined
  })

  const upload = async (query: string, body: FormData | string, headers: Record<string, string> = {}) => {
    const r = await fetch(`${h!.fake.url}/api/Spaces-1/packages/raw${query}`, {
      method: 'POST',
      headers: { 'X-Octopus-ApiKey': h!.fake.apiKey, ...headers },
      body
    })
    return { status: r.status, body: (await r.json()) as Json }
  }

  it('parses <PackageId>.<Version>.<ext> file names', () => {
    expect(parsePackageFileName('randomquotes.1.0.0.zip')).toEqual({ packageId: 'randomquotes', version: '1.0.0', extension: '.zip' })
    expect(parsePackageFileName('Acme.Web.2.1.0-beta.3.tar.gz')).toEqual({ packageId: 'Acme.Web', version: '2.1.0-beta.3', extension: '.tar.gz' })
    expect(parsePackageFileName('Acme.Web.1.2.3.4.nupkg')).toEqual({ packageId: 'Acme.Web', version: '1.2.3.4', extension: '.nupkg' })
    expect(parsePackageFileName('noversion.zip')).toBeUndefined()
    expect(parsePackageFileName('app.1.0.0.exe')).toBeUndefined()
  })

  it('stores the upload with its hash, whatever the file field is called, and returns the package resource', async () => {
    h = await harness()
    const bytes = Buffer.from('PK fake zip content for go-octopusdeploy style field')
    const res = await upload('', form('file', 'Acme.Web.1.0.0.zip', bytes))
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      PackageId: 'Acme.Web',
      Version: '1.0.0',
      FeedId: 'feeds-builtin',
      FileExtension: '.zip',
      Hash: createHash('sha1').update(bytes).digest('hex'),
      PackageSizeBytes: bytes.length
    })
    expect(h.fake.storedPackage('Acme.Web', '1.0.0')?.Sha256).toBe(createHash('sha256').update(bytes).digest('hex'))
    expect(h.fake.server.ledger.of('package').map((e) => e.id)).toEqual(['Spaces-1/Acme.Web.1.0.0'])
    const listed = await h.get('/api/Spaces-1/packages?nuGetPackageId=Acme.Web')
    expect(listed.body.Items.map((p: { Version: string }) => p.Version)).toEqual(['1.0.0'])
    const raw = await fetch(`${h.fake.url}/api/Spaces-1/packages/packages-Acme.Web.1.0.0/raw`, { headers: { 'X-Octopus-ApiKey': h.fake.apiKey } })
    expect(Buffer.from(await raw.arrayBuffer())).toEqual(bytes)
  })

  it('honours FailIfExists (default), IgnoreIfExists, OverwriteExisting and legacy replace=true', async () => {
    h = await harness()
    const v1 = Buffer.from('first')
    const v2 = Buffer.from('second')
    const v3 = Buffer.from('third')
    expect((await upload('?overwriteMode=FailIfExists', form('fileToUpload', 'app.1.0.0.zip', v1))).status).toBe(200)
    const conflict = await upload('', form('fileToUpload', 'app.1.0.0.zip', v2))
    expect(conflict.status).toBe(409) // Conflict since Octopus 3.4 (OctopusDeploy/Issues #2419)
    expect(conflict.body.ErrorMessage).toMatch(/^A package with the same ID and version already exists/)
    expect(conflict.body.Errors).toEqual([])
    const ignored = await upload('?overwriteMode=IgnoreIfExists', form('fileToUpload', 'app.1.0.0.zip', v2))
    expect(ignored.status).toBe(200)
    expect(await h.fake.packageBytes('app', '1.0.0')).toEqual(v1)
    expect((await upload('?overwriteMode=OverwriteExisting', form('fileToUpload', 'app.1.0.0.zip', v2))).status).toBe(200)
    expect(await h.fake.packageBytes('app', '1.0.0')).toEqual(v2)
    expect((await upload('?replace=true', form('fileToUpload', 'app.1.0.0.zip', v3))).status).toBe(200)
    expect(await h.fake.packageBytes('app', '1.0.0')).toEqual(v3)
    expect((await upload('?overwriteMode=Sometimes', form('fileToUpload', 'app.1.0.1.zip', v3))).status).toBe(400)
    expect(h.fake.server.ledger.count('package')).toBe(3)
  })

  it('rejects bad file names, missing files, several files and non-multipart bodies', async () => {
    h = await harness()
    const bad = await upload('', form('fileToUpload', 'not-a-package.txt', Buffer.from('x')))
    expect(bad.status).toBe(400)
    expect(bad.body.Errors[0]).toContain("'not-a-package.txt'")
    const noFile = new FormData()
    noFile.append('comment', 'hello')
    expect((await upload('', noFile)).status).toBe(400)
    const two = form('a', 'one.1.0.0.zip', Buffer.from('1'))
    two.append('b', new Blob([new Uint8Array([2])]), 'two.1.0.0.zip')
    expect((await upload('', two)).status).toBe(400)
    expect((await upload('', '{"not":"multipart"}', { 'Content-Type': 'application/json' })).status).toBe(400)
    expect(h.fake.server.ledger.count('package')).toBe(0)
  })

  it('streams large uploads to a temp file with the right hash, and keeps them in memory when asked', async () => {
    h = await harness({ packageMemoryLimit: 64 * 1024 })
    const big = Buffer.alloc(3 * 1024 * 1024 + 17, 7)
    for (let i = 0; i < big.length; i += 4096) big[i] = i % 251
    const res = await upload('', form('fileToUpload', 'big.1.0.0.zip', big))
    expect(res.status).toBe(200)
    const stored = h.fake.storedPackage('big', '1.0.0')!
    expect(stored.bytes).toBeUndefined()
    expect(stored.path && existsSync(stored.path)).toBe(true)
    expect(stored.Sha256).toBe(createHash('sha256').update(big).digest('hex'))
    expect((await h.fake.packageBytes('big', '1.0.0')).equals(big)).toBe(true)
    h.fake.packages.keepInMemory = true
    expect((await upload('', form('fileToUpload', 'big.1.0.1.zip', big))).status).toBe(200)
    expect(h.fake.storedPackage('big', '1.0.1')!.bytes?.equals(big)).toBe(true)
    const path = stored.path!
    await h.fake.close()
    h = undefined
    expect(existsSync(path)).toBe(false)
  })

  it('lists feed versions for the legacy flow, newest first, stable only unless asked', async () => {
    h = await harness()
    const res = await h.get('/api/Spaces-1/feeds/feeds-builtin/packages/versions?packageId=randomquotes&take=1')
    expect(res.body.Items.map((x: { Version: string }) => x.Version)).toEqual(['2.0.0'])
    await upload('', form('fileToUpload', 'randomquotes.2.1.0-beta.1.zip', Buffer.from('b')))
    const stable = await h.get('/api/Spaces-1/feeds/feeds-builtin/packages/versions?packageId=randomquotes&take=1')
    expect(stable.body.Items[0].Version).toBe('2.0.0')
    const pre = await h.get('/api/Spaces-1/feeds/feeds-builtin/packages/versions?packageId=randomquotes&take=1&includePreRelease=true')
    expect(pre.body.Items[0].Version).toBe('2.1.0-beta.1')
  })
})
