/**
 * The logger every library module takes instead of importing `@actions/core`. The actions pass one backed by
 * `@actions/core` (`actionsLogger` in action-runtime.ts); tests pass a capturing one (`__tests__/helpers/memory-logger.ts`).
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
