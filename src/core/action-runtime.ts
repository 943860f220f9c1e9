/**
 * The bridge between the runner and the suite: the only core module that writes runner commands (through
 * runner-commands.ts, the runner protocol with `@actions/core`'s names; not `@actions/core` itself, which loads a
 * second copy of undici at start, see bench/README.md). It builds the context an
 * action's `run()` works with (redacting and neutralising logger, secret registry wired to `core.setSecret`, input
 * reader, job summary, outputs) and the wrapper that reports failures as `<action> failed: <message>`: no stack
 * trace for user or server errors (only under debug), never a secret, never a runner command from server text.
 *
 * Everything the process prints goes through an `OutputGuard` installed here: our own runner commands run in
 * its trusted window, anything else (libraries, Node) is neutralised on the way to stdout and stderr.
 */
import { randomBytes } from 'node:crypto'
import { EOL } from 'node:os'
import { runActionWith, type ActionContext } from './context.js'
import { InputReader, envInputSource, type InputSource } from './inputs.js'
import { safeLogger, type Logger } from './logger.js'
import { OutputGuard } from './output-guard.js'
import * as core from './runner-commands.js'
import { neutralise } from './runner-text.js'
import { SecretRegistry } from './secrets.js'
import { SummaryDocument, type SummaryWriter } from './summary.js'

/** The runner's commands behind the `Logger` interface, for messages that are already redacted and neutralised. */
function runnerLogger(guard: OutputGuard): Logger {
  const trusted = (fn: () => void) => guard.trusted(fn)
  return {
    debug: (m) => trusted(() => core.debug(m)),
    info: (m) => trusted(() => core.info(m)),
    warning: (m) => trusted(() => core.warning(m)),
    error: (m) => trusted(() => core.error(m)),
    async group(name, fn) {
      trusted(() => core.startGroup(name))
      try {
        return await fn()
      } finally {
        trusted(() => core.endGroup())
      }
    },
    quote(lines) {
      if (!lines.length) return
      // A fresh unpredictable token for every block: text fetched before it was drawn cannot end the block.
      const token = randomBytes(16).toString('hex')
      trusted(() => {
        process.stdout.write(`::stop-commands::${token}${EOL}`)
        for (const line of lines) core.info(line)
        process.stdout.write(`::${token}::${EOL}`)
      })
    },
    isDebug: () => core.isDebug()
  }
}

/** The runner-backed logger: redacts, neutralises (see runner-text.ts), then writes the runner's commands. */
export function actionsLogger(secrets: SecretRegistry, guard = new OutputGuard()): Logger {
  return safeLogger(runnerLogger(guard), (m) => secrets.redact(m))
}

/** The job summary file (`GITHUB_STEP_SUMMARY`) behind the `SummaryWriter` interface; redacted as a whole before it is written. */
export function actionsSummary(secrets: SecretRegistry): SummaryWriter {
  return new SummaryDocument(secrets, async (html, options) => {
    if (!process.env.GITHUB_STEP_SUMMARY) return
    await core.writeSummary(html, options)
  })
}

export type { ActionContext } from './context.js'

/** The output guard of each runner-backed context (one per process in practice). */
const guards = new WeakMap<ActionContext, OutputGuard>()

export function createActionContext(name: string, source: InputSource = envInputSource()): ActionContext {
  const secrets = new SecretRegistry((v) => guard.trusted(() => core.setSecret(v)))
  const guard = new OutputGuard((text) => secrets.redact(text)).install()
  const logger = actionsLogger(secrets, guard)
  const ctx: ActionContext = {
    name,
    logger,
    secrets,
    inputs: new InputReader(source, { env: process.env, secrets }),
    summary: actionsSummary(secrets),
    env: process.env,
    exportVariable(variable, value) {
      if (secrets.redact(value) !== value) throw new Error(`refusing to export ${variable}: its value contains a secret`)
      guard.trusted(() => core.exportVariable(variable, value))
    },
    setOutput(output, value) {
      const text = typeof value === 'string' ? value : JSON.stringify(value)
      const clean = secrets.redact(text)
      if (clean !== text) logger.warning(`output '${output}' contained a secret; it was redacted`)
      guard.trusted(() => core.setOutput(output, clean))
    }
  }
  guards.set(ctx, guard)
  return ctx
}

/** Runs an action's main function with the runner context and reports any failure with `core.setFailed`. */
export async function runAction(name: string, main: (ctx: ActionContext) => Promise<void>, ctx = createActionContext(name)): Promise<number> {
  const guard = guards.get(ctx) ?? new OutputGuard()
  return runActionWith(ctx, main, (message) => guard.trusted(() => core.setFailed(neutralise(message))))
}
