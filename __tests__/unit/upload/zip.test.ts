import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHash, randomBytes } from 'node:crypto'
import { crc32 } from 'node:zlib'
import { REPRODUCIBLE_DATE, SMALL_FILE_BYTES, dosDateTime, zipSource, type ZipFileEntry } from '../../../src/upload/zip.js'
import { unzip } from '../../helpers/unzip.js'

const digests = (files: Record<string, Buffer>) => Object.fromEntries(Object.entries(files).map(([k, v]) => [k, createHash('sha256').update(v).digest('hex')]))

async function zipOf(files: ZipFileEntry[], level: number, fixedDate?: Date): Promise<Buffer> {
  const parts: Buffer[] = []
  for await (const c of zipSource(files, { compressionLevel: level, fixedDate }).open()) parts.push(c as Buffer)
  return Buffer.concat(parts)
}

interface Header {
  name: string
  flags: number
  method: number
  crc: number
  compressed: number
  size: number
  external: number
  offset: number
}

/** The central directory records of a (non-ZIP64) zip, read independently of the writer. */
function centralDirectory(zip: Buffer): Header[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  const count = zip.readUInt16LE(end + 10)
  let at = zip.readUInt32LE(end + 16)
  const out: Header[] = []
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50)
    const nameLength = zip.readUInt16LE(at + 28)
    const extra = zip.readUInt16LE(at + 30)
    out.push({
      name: zip.subarray(at + 46, at + 46 + nameLength).toString('utf8'),
      flags: zip.readUInt16LE(at + 8),
      method: zip.readUInt16LE(at + 10),
      crc: zip.readUInt32LE(at + 16),
      compressed: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
      external: zip.readUInt32LE(at + 38),
      offset: zip.readUInt32LE(at + 42)
    })
    at += 46 + nameLength + extra
  }
  return out
}

describe('zip writer', () => {
  let dir: string
  let files: ZipFileEntry[]
  const contents: Record<string, Buffer> = {}

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'zip-test-'))
    const add = (name: string, data: Buffer) => {
      const source = join(dir, name.replace(/\//g, '_'))
      writeFileSync(source, data)
      contents[name] = data
      return { source, name, size: data.length }
    }
    files = [
      add('a/readme.txt', Buffer.from('hello\n'.repeat(100))),
      add('a/empty.txt', Buffer.alloc(0)),
      add('b/ünïcödé ✅.txt', Buffer.from('utf-8 name\n')),
      add('b/random.bin', randomBytes(4096)),
      add('c/large.txt', Buffer.from('compressible line of text\n'.repeat(Math.ceil((3 * SMALL_FILE_BYTES) / 26)))),
      add('c/large-random.bin', randomBytes(2 * SMALL_FILE_BYTES + 123))
    ]
    chmodSync(files[0].source, 0o755)
  })

  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it.each([0, 1, 6, 9])('round-trips every file, in the given order, at level %i', async (level) => {
    const zip = await zipOf(files, level)
    // Digests, not buffers: jest compares buffers byte by byte, which takes a minute for a few MiB.
    expect(digests(await unzip(zip))).toEqual(digests(contents))
    expect(centralDirectory(zip).map((h) => h.name)).toEqual(files.map((f) => f.name))
  })

  it('stores at level 0 with CRC and sizes in each local header, never a data descriptor (Java ZipInputStream refuses that)', async () => {
    const zip = await zipOf(files, 0)
    for (const h of centralDirectory(zip)) {
      expect(h).toMatchObject({ method: 0, flags: 0x0800, crc: crc32(contents[h.name]) >>> 0, size: contents[h.name].length, compressed: contents[h.name].length })
      expect(zip.readUInt32LE(h.offset)).toBe(0x04034b50)
      expect(zip.readUInt16LE(h.offset + 6)).toBe(0x0800)
      expect(zip.readUInt32LE(h.offset + 14)).toBe(h.crc)
      expect(zip.readUInt32LE(h.offset + 22)).toBe(h.size)
    }
  })

  it('deflates compressible files, stores small incompressible ones, and streams large ones with a data descriptor', async () => {
    const byName = Object.fromEntries(centralDirectory(await zipOf(files, 6)).map((h) => [h.name, h]))
    expect(byName['a/readme.txt']).toMatchObject({ method: 8, flags: 0x0800 })
    expect(byName['a/readme.txt'].compressed).toBeLessThan(byName['a/readme.txt'].size)
    expect(byName['b/random.bin']).toMatchObject({ method: 0, flags: 0x0800 })
    expect(byName['c/large.txt']).toMatchObject({ method: 8, flags: 0x0808, crc: crc32(contents['c/large.txt']) >>> 0 })
    expect(byName['c/large.txt'].compressed).toBeLessThan(contents['c/large.txt'].length / 10)
  })

  it('gives the same bytes for the same files with a fixed date, and records permission bits', async () => {
    const one = await zipOf(files, 6, REPRODUCIBLE_DATE)
    const two = await zipOf(files, 6, REPRODUCIBLE_DATE)
    expect(one.equals(two)).toBe(true)
    const readme = centralDirectory(one).find((h) => h.name === 'a/readme.txt')!
    expect((readme.external >>> 16) & 0o170777).toBe(0o100755)
    expect(dosDateTime(REPRODUCIBLE_DATE)).toEqual({ date: (20 << 9) | (1 << 5) | 1, time: 0 })
  })

  it('fails the stream when a file disappears before it is read', async () => {
    const gone = { source: join(dir, 'vanished'), name: 'vanished', size: 10 }
    await expect(zipOf([files[0], gone], 0)).rejects.toThrow(/ENOENT/)
  })
})
