/**
 * Progress lines for long uploads: bytes sent, percent (when the total is known) and rate, at most once per
 * interval, plus a closing line. Nothing is logged for uploads that finish within the first interval.
 */
import type { Logger } from '../core/logger.js'
import { humanBytes, humanDuration } from '../core/summary.js'

export interface ProgressOptions {
  logger: Logger
  label: string
  totalBytes?: number
  /** For bodies of unknown size (zips built on the fly): the fraction of the input read so far. */
  inputFraction?: () => number | undefined
  intervalMs: number
  now?: () => number
}

export class ProgressMeter {
  private bytes = 0
  private readonly started: number
  private lastLog: number
  private readonly now: () => number

  constructor(private readonly opts: ProgressOptions) {
    this.now = opts.now ?? Date.now
    this.started = this.now()
    this.lastLog = this.started
  }

  get sent(): number {
    return this.bytes
  }

  add(n: number): void {
    this.bytes += n
    const t = this.now()
    if (t - this.lastLog >= this.opts.intervalMs) {
      this.lastLog = t
      this.opts.logger.info(`${this.opts.label}: ${this.describe(t)}`)
    }
  }

  /** The closing line, logged only when progress lines were printed (the upload was long). */
  finish(): void {
    const t = this.now()
    if (this.lastLog !== this.started) this.opts.logger.info(`${this.opts.label}: sent ${humanBytes(this.bytes)} in ${humanDuration(t - this.started)} (${this.rate(t)})`)
  }

  private rate(t: number): string {
    const seconds = Math.max((t - this.started) / 1000, 0.001)
    return `${humanBytes(Math.round(this.bytes / seconds))}/s`
  }

  private describe(t: number): string {
    const total = this.opts.totalBytes
    const fraction = total ? undefined : this.opts.inputFraction?.()
    const part = total
      ? ` of ${humanBytes(total)} (${percent(this.bytes / total)}%)`
      : fraction !== undefined
        ? ` (${percent(fraction)}% of the files read)`
        : ''
    return `${humanBytes(this.bytes)}${part} at ${this.rate(t)}`
  }
}

const percent = (fraction: number) => Math.max(0, Math.min(100, Math.floor(fraction * 100)))
