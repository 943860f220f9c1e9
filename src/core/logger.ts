/**
 * The logger every library module takes instead of importing `@actions/core`. The actions pass one backed by
 * `@actions/core` (`actionsLogger` in action-runtime.ts, wrapped in `safeLogger`); tests pass a capturing one
 * (`__tests__/helpers/memory-logger.ts`), wrapped the same way by the test context.
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
