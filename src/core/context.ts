/**
 * What an action's logic works with. The runner-backed implementation is in action-runtime.ts (the only module
 * that imports `@actions/core`); tests build one in memory (`__tests__/helpers/test-context.ts`).
 */
import { errorMessage, isExpectedError } from './errors.js'
import type { InputReader } from './inputs.js'
import type { Logger } from './logger.js'
import type { SecretRegistry } from './secrets.js'
import { mapStack } from './stack-map.js'
import type { SummaryWriter } from './summary.js'

export interface ActionContext {
  /** The action's name, used in the failure message (`deploy failed: ...`). */
  name: string
  logger: Logger
  secrets: SecretRegistry
  inputs: InputReader
  summary: SummaryWriter
  /** Sets a step output (objects are JSON-encoded); values are redacted. */
  setOutput(name: string, value: unknown): void
  /** Exports an environment variable to later steps (GITHUB_ENV). */
  exportVariable(name: string, value: string): void
  env: NodeJS.ProcessEnv
}

/** Runs an action's main function; on failure calls `fail` with `<name> failed: <message>` (redacted). Returns the exit code. */
export async function runActionWith(
  ctx: ActionContext,
  main: (ctx: ActionContext) => Promise<void>,
  fail: (message: string) => void
): Promise<number> {
  try {
    await main(ctx)
    return 0
  } catch (err) {
    const message = ctx.secrets.redact(errorMessage(err))
    if (err instanceof Error && err.stack && (!isExpectedError(err) || ctx.logger.isDebug())) ctx.logger.debug(ctx.secrets.redact(ctx.logger.isDebug() ? mapStack(err.stack) : err.stack))
    fail(`${ctx.name} failed: ${message}`)
    return 1
  }
}
