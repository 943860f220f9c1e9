/** The test double of the suite's `Logger`: records every line. */
import type { Logger } from '../../src/core/logger.js'

export interface CapturedLine {
  level: 'debug' | 'info' | 'warning' | 'error' | 'group' | 'quote'
  message: string
}

/** A logger that records every line, for tests. */
export class MemoryLogger implements Logger {
  readonly lines: CapturedLine[] = []
  constructor(private readonly debugEnabled = true) {}
  debug(message: string): void {
    this.lines.push({ level: 'debug', message })
  }
  info(message: string): void {
    this.lines.push({ level: 'info', message })
  }
  warning(message: string): void {
    this.lines.push({ level: 'warning', message })
  }
  error(message: string): void {
    this.lines.push({ level: 'error', message })
  }
  async group<T>(name: string, fn: () => Promise<T>): Promise<T> {
    this.lines.push({ level: 'group', message: name })
    return fn()
  }
  quote(lines: readonly string[]): void {
    for (const message of lines) this.lines.push({ level: 'quote', message })
  }
  isDebug(): boolean {
    return this.debugEnabled
  }
  text(): string {
    return this.lines.map((l) => `${l.level}: ${l.message}`).join('\n')
  }
}
