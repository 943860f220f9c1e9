/**
 * Benchmark payloads in a temp dir, deleted afterwards: one big file, or many small files, of incompressible
 * bytes (slices of a 16 MiB random block: deflate's 32 KiB window finds nothing to compress), and a stored (level 0)
 * zip of a directory, the bytes the reference client sends where the action sends a zip.
 */
import { randomBytes } from 'node:crypto'
import { closeSync, createWriteStream, mkdirSync, openSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import * as archiverModule from 'archiver'
import type { Archiver, ArchiverOptions } from 'archiver'

// archiver 7 is CommonJS (a function as module.exports); the installed @types describe v8's classes.
type CreateArchive = (format: 'zip', options?: ArchiverOptions) => Archiver
const archiver: CreateArchive = (archiverModule as unknown as { default?: CreateArchive }).default ?? (archiverModule as unknown as CreateArchive)

const BLOCK = randomBytes(16 * 2 ** 20)

export function writeBigFile(path: string, bytes: number): void {
  const fd = openSync(path, 'w')
  try {
    for (let written = 0; written < bytes; ) {
      const n = Math.min(BLOCK.length, bytes - written)
      writeSync(fd, BLOCK, 0, n)
      written += n
    }
  } finally {
    closeSync(fd)
  }
}

/** `count` files of `bytes / count` bytes each, 100 per sub-directory. */
export function writeManyFiles(dir: string, count: number, bytes: number): number {
  const size = Math.floor(bytes / count)
  for (let i = 0; i < count; i++) {
    const sub = join(dir, `d${String(Math.floor(i / 100)).padStart(3, '0')}`)
    if (i % 100 === 0) mkdirSync(sub, { recursive: true })
    const fd = openSync(join(sub, `f${String(i).padStart(5, '0')}.bin`), 'w')
    const offset = (i * 7919 * 64) % (BLOCK.length - size)
    writeSync(fd, BLOCK, offset, size)
    closeSync(fd)
  }
  return size * count
}

export async function storedZip(dir: string, out: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const output = createWriteStream(out)
    const zip = archiver('zip', { zlib: { level: 0 }, store: true })
    output.on('close', () => resolve())
    zip.on('error', reject)
    zip.pipe(output)
    zip.directory(dir, false)
    void zip.finalize()
  })
}
