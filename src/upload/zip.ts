/**
 * A streaming zip writer for uploads: the archive is produced as it is read (never the whole of it in memory), one
 * file after another, small files gathered into pieces of about a megabyte. What it
 * keeps per file is the central directory record (about 50 bytes plus the name), so memory stays flat whatever the
 * number of files; archiver kept an entry object, a queued task and a stream per file (285 MiB for 10,000 files,
 * see bench/README.md).
 *
 * - Entries come in the order given, with UTF-8 names, the file's permission bits, and the file's modification time
 *   or `fixedDate` (then the same files always give the same bytes: a package rebuilt on a re-run is identical).
 * - Level 0 stores. A stored entry carries its CRC-32 and sizes in its local header (no data descriptor), which
 *   every reader accepts, Java's `ZipInputStream` included (it refuses stored entries with a data descriptor).
 *   Files up to `SMALL_FILE_BYTES` are read once; larger ones are read twice (the CRC first, then the data).
 * - Levels 1-9 deflate. A small file is compressed whole and stored instead when that is not smaller; a large one is
 *   deflated as a stream, followed by a data descriptor.
 * - ZIP64 records are added when sizes, offsets or the entry count need them.
 * - A file that disappears, cannot be read, or changes size or content while it is zipped fails the stream: an
 *   incomplete or inconsistent zip is never sent as if it were complete.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { constants as zlibConstants, crc32, createDeflateRaw, deflateRaw } from 'node:zlib'
import { promisify } from 'node:util'

export interface ZipFileEntry {
  /** Where the content is read from. */
  source: string
  /** The path inside the zip (`/`-separated). */
  name: string
  /** The size seen when the files were selected (progress; the writer uses what it reads). */
  size: number
}

/** The timestamp of every entry in reproducible zips. */
export const REPRODUCIBLE_DATE = new Date('2000-01-01T00:00:00Z')

export interface ZipOptions {
  compressionLevel: number
  /** Same timestamp for every entry (reproducible bytes); default: each file's modification time. */
  fixedDate?: Date
}

/** A zip stream and how much of the input it has read (for progress lines). */
export interface ZipSource {
  open(): Readable
  inputFraction(): number | undefined
}

/** Files up to this size are read in one piece (and stored entries need a single read). */
export const SMALL_FILE_BYTES = 1024 * 1024
/** Chunk size for large files. */
const CHUNK_BYTES = 1024 * 1024
/** Size of a central directory page (about 10,000 records of 50-byte names). */
const DIRECTORY_PAGE_BYTES = 1024 * 1024

const MAX32 = 0xffffffff
const MAX16 = 0xffff
const FLAG_DESCRIPTOR = 0x0008
const FLAG_UTF8 = 0x0800
const VERSION_MADE_BY = (3 << 8) | 45 // Unix, ZIP 4.5
const S_IFREG = 0o100000

const deflateRawAsync = promisify(deflateRaw)

/** MS-DOS date and time (UTC fields, as archiver wrote them), clamped to the range the format can hold. */
export function dosDateTime(d: Date): { date: number; time: number } {
  const year = d.getUTCFullYear()
  if (year < 1980) return { date: (1 << 5) | 1, time: 0 }
  if (year > 2107) return { date: (127 << 9) | (12 << 5) | 31, time: (23 << 11) | (59 << 5) | 29 }
  return {
    date: ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2)
  }
}

interface Written {
  name: Buffer
  flags: number
  method: number
  version: number
  date: { date: number; time: number }
  crc: number
  compressed: number
  size: number
  offset: number
  mode: number
}

/** A file opened and, when small, already read: what the writer needs to write its entry. */
interface Loaded {
  entry: ZipFileEntry
  size: number
  mode: number
  mtime: Date
  /** The whole content (small files); large files are read while they are written. */
  data?: Buffer
}

function localHeader(w: Omit<Written, 'offset'>, zip64: boolean): Buffer {
  const extra = zip64 ? Buffer.alloc(20) : Buffer.alloc(0)
  if (zip64) {
    extra.writeUInt16LE(0x0001, 0)
    extra.writeUInt16LE(16, 2)
    extra.writeBigUInt64LE(BigInt(w.size), 4)
    extra.writeBigUInt64LE(BigInt(w.compressed), 12)
  }
  const h = Buffer.alloc(30)
  h.writeUInt32LE(0x04034b50, 0)
  h.writeUInt16LE(w.version, 4)
  h.writeUInt16LE(w.flags, 6)
  h.writeUInt16LE(w.method, 8)
  h.writeUInt16LE(w.date.time, 10)
  h.writeUInt16LE(w.date.date, 12)
  const descriptor = (w.flags & FLAG_DESCRIPTOR) !== 0
  h.writeUInt32LE(descriptor ? 0 : w.crc, 14)
  h.writeUInt32LE(descriptor ? 0 : zip64 ? MAX32 : w.compressed, 18)
  h.writeUInt32LE(descriptor ? 0 : zip64 ? MAX32 : w.size, 22)
  h.writeUInt16LE(w.name.length, 26)
  h.writeUInt16LE(extra.length, 28)
  return Buffer.concat([h, w.name, extra])
}

function dataDescriptor(w: Written, zip64: boolean): Buffer {
  const d = Buffer.alloc(zip64 ? 24 : 16)
  d.writeUInt32LE(0x08074b50, 0)
  d.writeUInt32LE(w.crc, 4)
  if (zip64) {
    d.writeBigUInt64LE(BigInt(w.compressed), 8)
    d.writeBigUInt64LE(BigInt(w.size), 16)
  } else {
    d.writeUInt32LE(w.compressed, 8)
    d.writeUInt32LE(w.size, 12)
  }
  return d
}

/**
 * The central directory, kept as packed records in pages of its own. Not one small Buffer per record: Node hands
 * out small Buffers as slices of a shared 64 KiB slab (Node 24), so one retained record would keep the slab alive,
 * with the file contents read into the rest of it (10,000 small files kept 300 MiB alive that way).
 */
class CentralDirectory {
  /** Filled pages, each cut to what it holds, and the page being filled. */
  private readonly full: Buffer[] = []
  private page = Buffer.alloc(0)
  private used = 0
  count = 0
  bytes = 0

  add(w: Written): void {
    const big = [w.size >= MAX32, w.compressed >= MAX32, w.offset >= MAX32]
    const extraFields = [w.size, w.compressed, w.offset].filter((_, i) => big[i])
    const extraLength = extraFields.length ? 4 + 8 * extraFields.length : 0
    const length = 46 + w.name.length + extraLength
    if (this.used + length > this.page.length) {
      if (this.used) this.full.push(this.page.subarray(0, this.used))
      this.page = Buffer.allocUnsafeSlow(Math.max(DIRECTORY_PAGE_BYTES, length))
      this.used = 0
    }
    const h = this.page.subarray(this.used, this.used + length)
    h.writeUInt32LE(0x02014b50, 0)
    h.writeUInt16LE(VERSION_MADE_BY, 4)
    h.writeUInt16LE(extraFields.length ? 45 : w.version, 6)
    h.writeUInt16LE(w.flags, 8)
    h.writeUInt16LE(w.method, 10)
    h.writeUInt16LE(w.date.time, 12)
    h.writeUInt16LE(w.date.date, 14)
    h.writeUInt32LE(w.crc, 16)
    h.writeUInt32LE(big[1] ? MAX32 : w.compressed, 20)
    h.writeUInt32LE(big[0] ? MAX32 : w.size, 24)
    h.writeUInt16LE(w.name.length, 28)
    h.writeUInt16LE(extraLength, 30)
    h.writeUInt32LE(0, 32) // comment length, disk number
    h.writeUInt16LE(0, 36) // internal attributes
    h.writeUInt32LE(((S_IFREG | (w.mode & 0o7777)) << 16) >>> 0, 38)
    h.writeUInt32LE(big[2] ? MAX32 : w.offset, 42)
    w.name.copy(h, 46)
    if (extraFields.length) {
      const at = 46 + w.name.length
      h.writeUInt16LE(0x0001, at)
      h.writeUInt16LE(8 * extraFields.length, at + 2)
      extraFields.forEach((v, i) => h.writeBigUInt64LE(BigInt(v), at + 4 + 8 * i))
    }
    this.used += length
    this.count++
    this.bytes += length
  }

  /** The records, page by page. */
  *chunks(): Generator<Buffer> {
    yield* this.full
    if (this.used) yield this.page.subarray(0, this.used)
  }
}

function endOfCentralDirectory(count: number, cdOffset: number, cdSize: number): Buffer {
  const parts: Buffer[] = []
  const zip64 = count >= MAX16 || cdOffset >= MAX32 || cdSize >= MAX32
  if (zip64) {
    const rec = Buffer.alloc(56)
    rec.writeUInt32LE(0x06064b50, 0)
    rec.writeBigUInt64LE(44n, 4)
    rec.writeUInt16LE(VERSION_MADE_BY, 12)
    rec.writeUInt16LE(45, 14)
    rec.writeBigUInt64LE(BigInt(count), 24)
    rec.writeBigUInt64LE(BigInt(count), 32)
    rec.writeBigUInt64LE(BigInt(cdSize), 40)
    rec.writeBigUInt64LE(BigInt(cdOffset), 48)
    const loc = Buffer.alloc(20)
    loc.writeUInt32LE(0x07064b50, 0)
    loc.writeBigUInt64LE(BigInt(cdOffset + cdSize), 8)
    loc.writeUInt32LE(1, 16)
    parts.push(rec, loc)
  }
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(Math.min(count, MAX16), 8)
  end.writeUInt16LE(Math.min(count, MAX16), 10)
  end.writeUInt32LE(Math.min(cdSize, MAX32), 12)
  end.writeUInt32LE(Math.min(cdOffset, MAX32), 16)
  parts.push(end)
  return Buffer.concat(parts)
}

class ChangedError extends Error {
  constructor(entry: ZipFileEntry, what: string) {
    super(`${entry.source} ${what} while it was being zipped; the upload was stopped so that an inconsistent archive is not sent`)
    this.name = 'ChangedError'
  }
}

/**
 * Opens a file, checks it is a regular file, and reads it whole when it is small. Synchronously: a small file costs
 * four system calls, and going through the thread pool for each made the zip of 10,000 small files twice as slow
 * (45 against 107 µs a file, or 57 with 32 files in flight; the writer yields about every megabyte, so the upload
 * is not held up longer than a few milliseconds at a time).
 */
function load(entry: ZipFileEntry): Loaded {
  const fd = openSync(entry.source, 'r')
  try {
    const info = fstatSync(fd)
    if (!info.isFile()) throw new Error(`${entry.source} is not a regular file`)
    const base = { entry, size: info.size, mode: info.mode, mtime: info.mtime }
    if (info.size > SMALL_FILE_BYTES) return base
    // Not from the shared pool (see CentralDirectory): the content must be freed as soon as it is sent.
    const data = Buffer.allocUnsafeSlow(info.size)
    let got = 0
    for (let n = -1; got < info.size && n !== 0; got += n) n = readSync(fd, data, got, info.size - got, null)
    if (got !== info.size || readSync(fd, Buffer.alloc(1), 0, 1, null) !== 0) throw new ChangedError(entry, 'changed size')
    return { ...base, data }
  } finally {
    closeSync(fd)
  }
}

/** Reads a large file in chunks, counting and checksumming what it yields. */
async function* chunks(entry: ZipFileEntry, state: { crc: number; bytes: number }): AsyncGenerator<Buffer> {
  const handle = await open(entry.source, 'r')
  try {
    for (;;) {
      const buf = Buffer.allocUnsafe(CHUNK_BYTES)
      const { bytesRead } = await handle.read(buf, 0, CHUNK_BYTES, null)
      if (!bytesRead) return
      const chunk = bytesRead === CHUNK_BYTES ? buf : buf.subarray(0, bytesRead)
      state.crc = crc32(chunk, state.crc)
      state.bytes += bytesRead
      yield chunk
    }
  } finally {
    await handle.close()
  }
}

/** The zip of `files` as a sequence of buffers; `onRead` is told how many input bytes have been read so far. */
export async function* zipChunks(files: ZipFileEntry[], opts: ZipOptions, onRead: (bytes: number) => void = () => undefined): AsyncGenerator<Buffer> {
  const level = opts.compressionLevel
  const central = new CentralDirectory()
  let offset = 0
  let read = 0
  // Small entries are gathered into pieces of about a megabyte: one chunk per small file made the stream's own
  // overhead the bottleneck with tens of thousands of files.
  let batch: Buffer[] = []
  let batched = 0
  const emit = (b: Buffer) => {
    offset += b.length
    return b
  }
  const add = (b: Buffer) => {
    offset += b.length
    batch.push(b)
    batched += b.length
  }
  const flush = () => {
    const out = batch.length === 1 ? batch[0] : Buffer.concat(batch, batched)
    batch = []
    batched = 0
    return out
  }
  for (const entry of files) {
    const file = load(entry)
    const name = Buffer.from(file.entry.name, 'utf8')
    const date = dosDateTime(opts.fixedDate ?? file.mtime)
    const base = { name, date, mode: file.mode, offset }
    let w: Written
    if (file.data) {
      const crc = crc32(file.data)
      let body = file.data
      let method = 0
      if (level > 0 && file.data.length) {
        const deflated = await deflateRawAsync(file.data, { level })
        if (deflated.length < file.data.length) {
          body = deflated
          method = 8
        }
      }
      w = { ...base, flags: FLAG_UTF8, method, version: method ? 20 : 10, crc, compressed: body.length, size: file.data.length }
      add(localHeader(w, false))
      if (body.length) add(body)
      read += file.data.length
      onRead(read)
      if (batched >= CHUNK_BYTES) yield flush()
    } else if (level === 0) {
      if (batched) yield flush()
      // Stored: the CRC goes in the local header, so the file is read twice (its size and CRC must not change).
      const first = { crc: 0, bytes: 0 }
      for await (const c of chunks(file.entry, first)) {
        void c
      }
      if (first.bytes !== file.size) throw new ChangedError(file.entry, `changed size (${file.size} bytes, then ${first.bytes})`)
      const zip64 = file.size >= MAX32
      w = { ...base, flags: FLAG_UTF8, method: 0, version: zip64 ? 45 : 10, crc: first.crc, compressed: file.size, size: file.size }
      yield emit(localHeader(w, zip64))
      const second = { crc: 0, bytes: 0 }
      for await (const c of chunks(file.entry, second)) {
        if (second.bytes > file.size) throw new ChangedError(file.entry, 'grew')
        read += c.length
        onRead(read)
        yield emit(c)
      }
      if (second.bytes !== file.size || second.crc !== first.crc) throw new ChangedError(file.entry, 'changed')
    } else {
      if (batched) yield flush()
      // Deflated as a stream: sizes and CRC follow in a data descriptor.
      const zip64 = file.size >= MAX32 - 0x10000
      w = { ...base, flags: FLAG_UTF8 | FLAG_DESCRIPTOR, method: 8, version: zip64 ? 45 : 20, crc: 0, compressed: 0, size: 0 }
      yield emit(localHeader(w, zip64))
      const state = { crc: 0, bytes: 0 }
      const deflate = createDeflateRaw({ level, chunkSize: 256 * 1024, finishFlush: zlibConstants.Z_FINISH })
      const source = Readable.from(chunks(file.entry, state), { objectMode: false, highWaterMark: CHUNK_BYTES })
      source.on('error', (err) => deflate.destroy(err))
      source.pipe(deflate)
      let compressed = 0
      for await (const c of deflate) {
        const buf = c as Buffer
        compressed += buf.length
        onRead(read + state.bytes)
        yield emit(buf)
      }
      read += state.bytes
      w = { ...w, crc: state.crc, compressed, size: state.bytes }
      yield emit(dataDescriptor(w, zip64))
    }
    central.add(w)
  }
  if (batched) yield flush()
  const cdOffset = offset
  for (const page of central.chunks()) yield emit(page)
  yield emit(endOfCentralDirectory(central.count, cdOffset, central.bytes))
}

/** Opens a fresh zip of `files` on every `open()` (one per upload attempt); `inputFraction` follows the latest. */
export function zipSource(files: ZipFileEntry[], opts: ZipOptions): ZipSource {
  const total = files.reduce((n, f) => n + f.size, 0)
  let read = 0
  return {
    open() {
      read = 0
      return Readable.from(
        zipChunks(files, opts, (n) => (read = n)),
        { objectMode: false, highWaterMark: CHUNK_BYTES }
      )
    },
    inputFraction: () => (total > 0 ? Math.min(1, read / total) : undefined)
  }
}
