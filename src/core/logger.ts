/**
 * The logger every library module takes instead of importing `@actions/core`. The actions pass one backed by
 * `@actions/core` (see action-runtime.ts), wrapped in `safeLogger`; tests pass a capturing one.
 */
import { neutralise, oneLine } from './runner-text.js'

export interface Logger {
  debug(message: string): void
  info(message: string): void
  warning(message: string): void
  error(message: string): void
  /** Runs `fn` inside a collapsible log group. */
  group<T>(name: string, fn: () => Promise<T>): Promise<T>
  /**
   * Prints lines of a log written by another system (an Octopus task log), each on its own line. On the runner
   * they are printed between `::stop-commands::<random token>` and `::<token>::`, so the runner reads no command
   * from them even if one slipped through the neutralisation.
   */
  quote(lines: readonly string[]): void
  isDebug(): boolean
}

/**
 * The logger the actions use: every message is redacted (secrets become `***`), then neutralised (see
 * runner-text.ts), so no call site can print a secret or let server or input text become a runner command.
 * Group titles and quoted log lines are kept to one line each.
 */
export function safeLogger(raw: Logger, redact: (text: string) => string): Logger {
  const clean = (m: string) => neutralise(redact(m))
  return {
    debug: (m) => raw.debug(clean(m)),
    info: (m) => raw.info(clean(m)),
    warning: (m) => raw.warning(clean(m)),
    error: (m) => raw.error(clean(m)),
    group: (name, fn) => raw.group(oneLine(redact(name)), fn),
    quote: (lines) => raw.quote(lines.map((l) => oneLine(redact(l)))),
    isDebug: () => raw.isDebug()
  }
}

/** A logger that prefixes every line, for sub-components (`[gocd] ...`). */
export function withPrefix(logger: Logger, prefix: string): Logger {
  const p = (m: string) => `${prefix} ${m}`
  return {
    debug: (m) => logger.debug(p(m)),
    info: (m) => logger.info(p(m)),
    warning: (m) => logger.warning(p(m)),
    error: (m) => logger.error(p(m)),
    group: (name, fn) => logger.group(p(name), fn),
    quote: (lines) => logger.quote(lines),
    isDebug: () => logger.isDebug()
  }
}

export const nullLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warning: () => undefined,
  error: () => undefined,
  group: (_name, fn) => fn(),
  quote: () => undefined,
  isDebug: () => false
}

export interface CapturedLine {
  level: 'debug' | 'info' | 'warning' | 'error' | 'group' | 'quote'
  message: string
}

/** A logger that records every line (used by tests and by the run wrapper's leak checks). */
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
