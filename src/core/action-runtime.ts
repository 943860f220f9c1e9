/**
 * The bridge between `@actions/core` and the suite: the only core module that imports it. It builds the context an
 * action's `run()` works with (redacting logger, secret registry wired to `core.setSecret`, input reader, job
 * summary, outputs) and the wrapper that reports failures as `<action> failed: <message>`: no stack trace for
 * user or server errors (only under debug), never a secret.
 */
import * as core from '@actions/core'
import { runActionWith, type ActionContext } from './context.js'
import { InputReader, envInputSource, type InputSource } from './inputs.js'
import type { Logger } from './logger.js'
import { SecretRegistry } from './secrets.js'
import type { SummaryCell, SummaryWriter } from './summary.js'

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

export type { ActionContext } from './context.js'

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
    exportVariable(variable, value) {
      if (secrets.redact(value) !== value) throw new Error(`refusing to export ${variable}: its value contains a secret`)
      core.exportVariable(variable, value)
    },
    setOutput(output, value) {
      const text = typeof value === 'string' ? value : JSON.stringify(value)
      const clean = secrets.redact(text)
      if (clean !== text) logger.warning(`output '${output}' contained a secret; it was redacted`)
      core.setOutput(output, clean)
    }
  }
}

/** Runs an action's main function with the runner context and reports any failure with `core.setFailed`. */
export async function runAction(name: string, main: (ctx: ActionContext) => Promise<void>, ctx = createActionContext(name)): Promise<number> {
  return runActionWith(ctx, main, (message) => core.setFailed(message))
}
