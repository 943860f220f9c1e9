/**
 * The bridge between `@actions/core` and the suite: the only core module that imports it. It builds the context an
 * action's `run()` works with (redacting logger, secret registry wired to `core.setSecret`, input reader, job
 * summary, outputs) and the wrapper that reports failures as `<action> failed: <message>`: no stack trace for
 * user or server errors (only under debug), never a secret.
 */
import * as core from '@actions/core'
import { errorMessage, isExpectedError } from './errors.js'
import { InputReader, envInputSource, type InputSource } from './inputs.js'
import type { Logger } from './logger.js'
import { SecretRegistry } from './secrets.js'
import type { SummaryCell, SummaryWriter } from './summary.js'

export interface ActionContext {
  name: string
  logger: Logger
  secrets: SecretRegistry
  inputs: InputReader
  summary: SummaryWriter
  setOutput(name: string, value: unknown): void
  env: NodeJS.ProcessEnv
}

export function actionsLogger(secrets: SecretRegistry): Logger {
  const r = (m: string) => secrets.redact(m)
  return {
    debug: (m) => core.debug(r(m)),
    info: (m) => core.info(r(m)),
    warning: (m) => core.warning(r(m)),
    error: (m) => core.error(r(m)),
    group: (name, fn) => core.group(r(name), fn),
    isDebug: () => core.isDebug()
  }
}

/** `core.summary` behind the `SummaryWriter` interface, redacting the whole buffer before it is written. */
export function actionsSummary(secrets: SecretRegistry): SummaryWriter {
  const s = core.summary
  const w: SummaryWriter = {
    addHeading: (t, l) => (s.addHeading(t, l), w),
    addTable: (rows: SummaryCell[][]) => (s.addTable(rows), w),
    addLink: (t, h) => (s.addLink(t, h), w),
    addRaw: (t, eol) => (s.addRaw(t, eol), w),
    addList: (items, ordered) => (s.addList(items, ordered), w),
    addBreak: () => (s.addBreak(), w),
    write: async (options) => {
      const text = s.stringify()
      const clean = secrets.redact(text)
      if (clean !== text) s.emptyBuffer().addRaw(clean)
      if (!process.env.GITHUB_STEP_SUMMARY) {
        s.emptyBuffer()
        return s
      }
      return s.write(options)
    }
  }
  return w
}

export function createActionContext(name: string, source: InputSource = envInputSource()): ActionContext {
  const secrets = new SecretRegistry((v) => core.setSecret(v))
  const logger = actionsLogger(secrets)
  return {
    name,
    logger,
    secrets,
    inputs: new InputReader(source, { env: process.env, secrets }),
    summary: actionsSummary(secrets),
    env: process.env,
    setOutput(output, value) {
      const text = typeof value === 'string' ? value : JSON.stringify(value)
      const clean = secrets.redact(text)
      if (clean !== text) logger.warning(`output '${output}' contained a secret; it was redacted`)
      core.setOutput(output, clean)
    }
  }
}

/**
 * Runs an action's main function and reports any failure. Returns the exit code it set (for tests).
 */
export async function runAction(name: string, main: (ctx: ActionContext) => Promise<void>, ctx = createActionContext(name)): Promise<number> {
  try {
    await main(ctx)
    return 0
  } catch (err) {
    const message = ctx.secrets.redact(errorMessage(err))
    if (!isExpectedError(err) && err instanceof Error && err.stack) ctx.logger.debug(ctx.secrets.redact(err.stack))
    else if (err instanceof Error && err.stack && core.isDebug()) ctx.logger.debug(ctx.secrets.redact(err.stack))
    core.setFailed(`${name} failed: ${message}`)
    return 1
  }
}
