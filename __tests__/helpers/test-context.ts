/**
 * An in-memory ActionContext for testing an action's run logic without the runner or module mocks: inputs from a
 * map (as the runner would pass them), captured log lines, outputs, exported variables, masked values and summary.
 * The logger and the summary redact and neutralise exactly as the runner-backed ones do (`safeLogger`,
 * `SummaryDocument`); only where the text goes differs.
 */
import { runActionWith, type ActionContext } from '../../src/core/context.js'
import { InputReader } from '../../src/core/inputs.js'
import { safeLogger } from '../../src/core/logger.js'
import { MemoryLogger } from './memory-logger.js'
import { SecretRegistry } from '../../src/core/secrets.js'
import { MemorySummary } from './memory-summary.js'

export interface TestContext {
  ctx: ActionContext
  logger: MemoryLogger
  summary: MemorySummary
  outputs: Record<string, string>
  exported: Record<string, string>
  masked: string[]
  failures: string[]
  /** Everything a user could see: log lines, failures, outputs, exported variables and the summary. */
  visibleText(): string
  /** Runs `main` as runAction would; returns the exit code (failure messages land in `failures`). */
  run(main: (ctx: ActionContext) => Promise<void>): Promise<number>
}

export function testContext(name: string, inputs: Record<string, string> = {}, env: NodeJS.ProcessEnv = {}): TestContext {
  const masked: string[] = []
  const secrets = new SecretRegistry((v) => masked.push(v))
  const logger = new MemoryLogger()
  const summary = new MemorySummary(secrets)
  const outputs: Record<string, string> = {}
  const exported: Record<string, string> = {}
  const failures: string[] = []
  const ctx: ActionContext = {
    name,
    logger: safeLogger(logger, (m) => secrets.redact(m)),
    secrets,
    inputs: new InputReader((n) => inputs[n] ?? '', { env, secrets }),
    summary,
    env,
    setOutput(k, v) {
      outputs[k] = secrets.redact(typeof v === 'string' ? v : JSON.stringify(v))
    },
    exportVariable(k, v) {
      exported[k] = v
    }
  }
  return {
    ctx,
    logger,
    summary,
    outputs,
    exported,
    masked,
    failures,
    visibleText: () => [logger.text(), failures.join('\n'), JSON.stringify(outputs), JSON.stringify(exported), summary.text()].join('\n'),
    run: (main) => runActionWith(ctx, main, (m) => failures.push(m))
  }
}

/** Asserts helper: the forms a leaked secret could take. */
export function leakForms(secret: string): string[] {
  return [secret, Buffer.from(secret).toString('base64'), encodeURIComponent(secret)]
}
