/**
 * Zips selected files as a stream with archiver (never the whole archive in memory): each file is opened only
 * when archiver reaches it, so thousands of files do not exhaust file handles. Entries are added in name order;
 * with `fixedDate` every entry gets that timestamp, so the same files always give the same bytes (a package
 * rebuilt on a re-run is identical to the one already in the feed). A file that disappears or cannot be read
 * fails the stream: an incomplete zip is never sent as if it were complete.
 */
import * as archiverModule from 'archiver'
import type { Archiver, ArchiverOptions } from 'archiver'
import type { Readable } from 'node:stream'
import type { SelectedFile } from './selection.js'

type CreateArchive = (format: 'zip', options?: ArchiverOptions) => Archiver
// archiver 7 is CommonJS (a function as module.exports); the installed @types/archiver describe v8's classes.
const createArchive: CreateArchive =
  (archiverModule as unknown as { default?: CreateArchive }).default ?? (archiverModule as unknown as CreateArchive)

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

/** Opens a fresh zip of `files` on every `open()` (one per upload attempt); `inputFraction` follows the latest. */
export function zipSource(files: SelectedFile[], opts: ZipOptions): ZipSource {
  const total = files.reduce((n, f) => n + f.size, 0)
  let read = 0
  return {
    open() {
      read = 0
      const archive = zipStream(files, opts)
      archive.on('progress', (p: { fs: { processedBytes: number } }) => {
        read = p.fs.processedBytes
      })
      return archive
    },
    inputFraction: () => (total > 0 ? read / total : undefined)
  }
}

export function zipStream(files: SelectedFile[], opts: ZipOptions): Archiver {
  // archiver stats up to 4 files at once and queues each entry when its stat returns: under load the entries then
  // come out in a different order and the "same" zip has different bytes. One stat at a time keeps name order.
  const archive = createArchive('zip', { zlib: { level: opts.compressionLevel }, highWaterMark: 1024 * 1024, statConcurrency: 1 })
  archive.on('warning', (err: Error) => archive.destroy(err))
  for (const f of files) archive.file(f.source, { name: f.name, ...(opts.fixedDate ? { date: opts.fixedDate } : {}) })
  archive.finalize().catch((err: unknown) => archive.destroy(err instanceof Error ? err : new Error(String(err))))
  return archive
}
