/**
 * The zips the upload writes, read by a reader nobody here wrote: Info-ZIP's `unzip -t` checks every entry's CRC and
 * the archive's structure, at each kind of entry (stored, deflated whole, deflated as a stream) and past 65,535
 * entries (ZIP64 end records).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SMALL_FILE_BYTES, zipSource, type ZipFileEntry } from '../../../src/upload/zip.js'

async function zipFile(files: ZipFileEntry[], level: number, out: string): Promise<string> {
  const parts: Buffer[] = []
  for await (const c of zipSource(files, { compressionLevel: level }).open()) parts.push(c as Buffer)
  writeFileSync(out, Buffer.concat(parts))
  return out
}

describe('zips of the upload, read by Info-ZIP unzip', () => {
  let dir: string
  let files: ZipFileEntry[]

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'zip-readers-'))
    const add = (name: string, data: Buffer) => {
      const source = join(dir, `src-${name.replace(/\//g, '_')}`)
      writeFileSync(source, data)
      return { source, name, size: data.length }
    }
    files = [
      add('text.txt', Buffer.from('hello\n'.repeat(1000))),
      add('empty', Buffer.alloc(0)),
      add('dir/ünïcödé.bin', randomBytes(5000)),
      add('dir/large.txt', Buffer.from('a line of text\n'.repeat(Math.ceil((2.5 * SMALL_FILE_BYTES) / 15)))),
      add('dir/large.bin', randomBytes(2 * SMALL_FILE_BYTES + 7))
    ]
  })

  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it.each([0, 1, 6, 9])('tests clean at level %i', async (level) => {
    const zip = await zipFile(files, level, join(dir, `level-${level}.zip`))
    expect(execFileSync('unzip', ['-tqq', zip]).toString()).toBe('')
    expect(execFileSync('unzip', ['-Z1', zip]).toString().trim().split('\n')).toEqual(files.map((f) => f.name))
  })

  it('writes ZIP64 end records past 65,535 entries', async () => {
    const many = Array.from({ length: 65_600 }, (_, i) => ({ source: files[1].source, name: `e/${i}`, size: 0 }))
    const zip = await zipFile(many, 0, join(dir, 'zip64.zip'))
    expect(execFileSync('unzip', ['-tqq', zip]).toString()).toBe('')
    expect(execFileSync('unzip', ['-Z1', zip], { maxBuffer: 16 * 2 ** 20 }).toString().trim().split('\n')).toHaveLength(65_600)
  }, 120_000)
})
