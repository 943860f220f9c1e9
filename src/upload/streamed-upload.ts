/**
 * A multipart/form-data request body with one file part, streamed from a source that is opened anew for every
 * attempt (a stream cannot be replayed), so the shared HttpClient can retry it. While it streams it:
 * - computes the SHA-256 and SHA-1 of the file part (what the servers store), to verify and reconcile uploads;
 * - logs progress at most once per interval.
 * Content-Length is sent when the size is known (files), else the body goes chunked (zips built on the fly).
 *
 * Stalls: undici's header timeout (300 s) starts when the request is sent and is refreshed by every chunk written
 * to the socket, so it is an idle timeout while the body goes out, and then bounds the wait for the answer. A
 * server that stops reading fails the attempt with UND_ERR_HEADERS_TIMEOUT, an ambiguous failure that the
 * HttpClient reconciles before any retry; a slow but moving upload of any size completes.
 */
import { createHash, randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { Readable } from 'node:stream'
import type { Logger } from '../core/logger.js'
import { ProgressMeter } from './progress.js'

export interface UploadPayload {
  /** Opens the file part's bytes (a fresh stream on every call). */
  open(): Readable
  /** Byte size when known in advance. */
  size?: number
  fileName: string
  contentType: string
  /** For sources of unknown size: the fraction of the input consumed by the latest opened source (progress lines). */
  inputFraction?: () => number | undefined
}

/**
 * A file's bytes for an upload, read a megabyte at a time: with Node's default of 64 KiB, reading and hashing 512 MiB
 * took 2.6 s instead of 1.1-1.5 s (bench/README.md), time taken from sending.
 */
export function fileSource(path: string): Readable {
  return createReadStream(path, { highWaterMark: 1024 * 1024 })
}

export interface StreamOptions {
  /** Multipart field name (`fileToUpload`, `file`, `zipfile`). */
  field: string
  logger: Logger
  label: string
  progressIntervalMs: number
  now?: () => number
}

/** What the latest attempt sent. `complete` is true only when the whole file part went out. */
export interface AttemptState {
  bytes: number
  complete: boolean
  sha256?: string
  sha1?: string
}

/** A file name for a Content-Disposition header (quotes and line breaks percent-encoded, as browsers do). */
function quoted(value: string): string {
  return value.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22')
}

export class StreamedUpload {
  readonly boundary = `----deployment-action-suite-${randomBytes(12).toString('hex')}`
  attempts = 0
  last: AttemptState = { bytes: 0, complete: false }
  private readonly prefix: Buffer
  private readonly suffix: Buffer

  constructor(
    readonly payload: UploadPayload,
    private readonly opts: StreamOptions
  ) {
    this.prefix = Buffer.from(
      `--${this.boundary}\r\nContent-Disposition: form-data; name="${quoted(opts.field)}"; filename="${quoted(payload.fileName)}"\r\nContent-Type: ${payload.contentType}\r\n\r\n`
    )
    this.suffix = Buffer.from(`\r\n--${this.boundary}--\r\n`)
  }

  headers(): Record<string, string> {
    const h: Record<string, string> = { 'Content-Type': `multipart/form-data; boundary=${this.boundary}` }
    if (this.payload.size !== undefined) h['Content-Length'] = String(this.prefix.length + this.payload.size + this.suffix.length)
    return h
  }

  /** The body factory handed to HttpClient (`body: upload.body`). */
  readonly body = (): Readable => {
    this.attempts++
    const state: AttemptState = { bytes: 0, complete: false }
    this.last = state
    const meter = new ProgressMeter({
      logger: this.opts.logger,
      label: this.opts.label,
      totalBytes: this.payload.size,
      inputFraction: this.payload.inputFraction,
      intervalMs: this.opts.progressIntervalMs,
      now: this.opts.now
    })
    const { prefix, suffix, payload } = this
    // The source is opened when the body is first read, so an attempt that never sends holds no file open.
    async function* frames(): AsyncGenerator<Buffer> {
      const source = payload.open()
      const sha256 = createHash('sha256')
      const sha1 = createHash('sha1')
      try {
        yield prefix
        for await (const chunk of source) {
          const buf = chunk as Buffer
          sha256.update(buf)
          sha1.update(buf)
          state.bytes += buf.length
          meter.add(buf.length)
          yield buf
        }
        state.sha256 = sha256.digest('hex')
        state.sha1 = sha1.digest('hex')
        state.complete = true
        meter.finish()
        yield suffix
      } finally {
        source.destroy()
      }
    }
    return Readable.from(frames(), { objectMode: false, highWaterMark: 256 * 1024 })
  }
}
