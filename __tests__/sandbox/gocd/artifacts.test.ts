import { afterEach, describe, expect, it } from '@jest/globals'
import type { Archiver } from 'archiver'
import { createRequire } from 'node:module'
import { startGocdFake, type GocdFake } from '../../../sandbox/gocd/index.js'
import { unzip } from '../../../sandbox/gocd/artifacts.js'
import { call, expectSameShape } from './client.js'
import * as ex from './examples.js'

const archiver = createRequire(import.meta.url)('archiver') as (format: 'zip') => Archiver
const JOB = '/files/up42/2/up42_stage/1/up42_job'

async function zipOf(files: Record<string, string>): Promise<Buffer> {
  const archive = archiver('zip')
  const chunks: Buffer[] = []
  archive.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise((resolve) => archive.on('end', resolve))
  for (const [name, text] of Object.entries(files)) archive.append(text, { name })
  await archive.finalize()
  await done
  return Buffer.concat(chunks)
}

function form(field: string, data: Buffer | string, filename = 'upload.bin'): FormData {
  const fd = new FormData()
  fd.append(field, new Blob([data]), filename)
  return fd
}

describe('GoCD fake: artifacts', () => {
  let fake: GocdFake
  afterEach(() => fake.close())

  it('uploads a file, refuses to overwrite it, appends with PUT and downloads it', async () => {
    fake = await startGocdFake({ speed: 0 })
    const created = await call(fake, 'POST', `${JOB}/pkg/app-1.2.3.jar`, { accept: null, body: form('file', 'jar-bytes'), headers: { 'X-GoCD-Confirm': 'true' } })
    expect([created.status, created.text]).toEqual([201, 'File pkg/app-1.2.3.jar was created successfully'])
    expect(created.headers.get('content-type')).toMatch(/^text\/plain/)
    expect(fake.uploadedArtifacts('up42', 2, 'up42_stage', 1, 'up42_job').get('pkg/app-1.2.3.jar')?.toString()).toBe('jar-bytes')
    const dup = await call(fake, 'POST', `${JOB}/pkg/app-1.2.3.jar`, { accept: null, body: form('file', 'x'), headers: { Confirm: 'true' } })
    expect([dup.status, dup.text]).toEqual([403, 'File pkg/app-1.2.3.jar already directoryExists.'])
    const appended = await call(fake, 'PUT', `${JOB}/pkg/app-1.2.3.jar`, { accept: null, body: '+more' })
    expect([appended.status, appended.text]).toEqual([200, 'File pkg/app-1.2.3.jar was appended successfully'])
    const download = await call(fake, 'GET', `${JOB}/pkg/app-1.2.3.jar`, { accept: null })
    expect([download.status, download.text]).toEqual([200, 'jar-bytes+more'])
    expect(fake.server.ledger.of('artifact').map((e) => e.id)).toEqual(['up42/2/up42_stage/1/up42_job/pkg/app-1.2.3.jar'])
  })

  it('extracts a zipfile upload into the directory, lists the job and zips a folder for download', async () => {
    fake = await startGocdFake({ speed: 0 })
    const zip = await zipOf({ 'x/y/z.txt': 'zzz', 'x/y/a.txt': 'aaa' })
    const res = await call(fake, 'POST', `${JOB}/path/in/destination`, { accept: null, body: form('zipfile', zip, 'test.zip'), headers: { 'X-GoCD-Confirm': 'true' } })
    expect([res.status, res.text]).toEqual([201, 'File path/in/destination was created successfully'])
    const files = fake.uploadedArtifacts('up42', 2, 'up42_stage', 1, 'up42_job')
    expect([...files.keys()].sort()).toEqual(['path/in/destination/x/y/a.txt', 'path/in/destination/x/y/z.txt'])
    const listing = await call(fake, 'GET', `${JOB}.json`, { accept: null })
    expect(listing.status).toBe(200)
    expectSameShape(listing.data, ex.artifactListing)
    expect(listing.data[0]).toMatchObject({ name: 'path', type: 'folder', url: `${fake.goUrl}${JOB}/path` })
    const leaf = listing.data[0].files[0].files[0].files[0].files[0].files[0]
    expect(leaf).toEqual({ name: 'a.txt', url: `${fake.goUrl}${JOB}/path/in/destination/x/y/a.txt`, type: 'file' })
    const zipped = await fetch(`${fake.goUrl}${JOB}/path/in/destination/x.zip`, { headers: { Authorization: `Bearer ${fake.token}` } })
    expect(zipped.status).toBe(200)
    const entries = await unzip(Buffer.from(await zipped.arrayBuffer()))
    expect(entries.map((e) => [e.name, e.data.toString()]).sort()).toEqual([
      ['y/a.txt', 'aaa'],
      ['y/z.txt', 'zzz']
    ])
  })

  it('enforces the Confirm header, the field names, the job and the path', async () => {
    fake = await startGocdFake({ speed: 0 })
    const noConfirm = await call(fake, 'POST', `${JOB}/a.txt`, { accept: null, body: form('file', 'a') })
    expect([noConfirm.status, noConfirm.text]).toEqual([400, "Missing required header 'Confirm'"])
    const wrongField = await call(fake, 'POST', `${JOB}/a.txt`, { accept: null, body: form('upload', 'a'), headers: { 'X-GoCD-Confirm': 'true' } })
    expect([wrongField.status, wrongField.text]).toEqual([
      400,
      "Invalid request. MultipartFile must have name 'file' or 'zipfile' (to automatically unzip stream)"
    ])
    const noJob = await call(fake, 'POST', '/files/up42/9/up42_stage/1/up42_job/a.txt', { accept: null, body: form('file', 'a'), headers: { Confirm: 'true' } })
    expect([noJob.status, noJob.text]).toEqual([404, 'Job up42/9/up42_stage/1/up42_job not found.'])
    const listMissing = await call(fake, 'GET', '/files/up42/2/up42_stage/1/nope.json', { accept: null })
    expect([listMissing.status, listMissing.text]).toEqual([404, 'Job up42/2/up42_stage/1/nope not found.'])
    const missing = await call(fake, 'GET', `${JOB}/none.txt`, { accept: null })
    expect([missing.status, missing.text]).toEqual([404, "Artifact 'none.txt' is unavailable as it may have been purged by Go or deleted externally."])
    const anonymous = await call(fake, 'GET', `${JOB}.json`, { accept: null, auth: 'none' })
    expect(anonymous.status).toBe(401)
    expect(fake.server.ledger.count('artifact')).toBe(0)
  })
})
