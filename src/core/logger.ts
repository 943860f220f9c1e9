/**
 * The logger every library module takes instead of importing `@actions/core`. The actions pass one backed by
 * `@actions/core` (see actions-logger.ts); tests pass a capturing one.
 */
export interface Logger {
  debug(message: string): void
  info(message: string): void
  warning(message: string): void
  error(message: string): void
  /** Runs `fn` inside a collapsible log group. */
  group<T>(name: string, fn: () => Promise<T>): Promise<T>
  isDebug(): boolean
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
    isDebug: () => logger.isDebug()
  }
}

export const nullLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warning: () => undefined,
  error: () => undefined,
  group: (_name, fn) => fn(),
  isDebug: () => false
}

export interface CapturedLine {
  level: 'debug' | 'info' | 'warning' | 'error' | 'group'
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
  isDebug(): boolean {
    return this.debugEnabled
  }
  text(): string {
    return this.lines.map((l) => `${l.level}: ${l.message}`).join('\n')
  }
}
