/**
 * trigger-gocd-pipeline: resolve variables and materials, schedule (waiting while the pipeline is busy, unpausing
 * when asked, never twice), find the run GoCD created, wait for it, and report outputs and a job summary.
 */
import type { ActionContext } from '../../core/context.js'
import { ActionError, ApiError, errorMessage } from '../../core/errors.js'
import { formatDuration } from '../../core/parse.js'
import { warnInsecure } from '../../core/tls-inputs.js'
import { GocdClient, type GocdClientOptions } from '../../gocd/client.js'
import { getPipelineInstance } from '../../gocd/instance.js'
import { runUrl } from '../../gocd/links.js'
import { commentOnInstance, getTriggerOptions } from '../../gocd/pipelines.js'
import type { PipelineInstance, TriggerOptions } from '../../gocd/types.js'
import { getCurrentUser } from '../../gocd/users.js'
import { readApprovals } from './approval.js'
import { findRun, healthBaseline } from './find-run.js'
import { isPipelineNotFound, pipelineNotFoundHint, variablesHint } from './hints.js'
import { parseInputs, type TriggerInputs } from './inputs.js'
import { resolveMaterials, type PinnedMaterial } from './materials.js'
import { describeOutcome, describeWaitFor } from './outcome.js'
import { schedule } from './schedule.js'
import { realClock, type Clock, type Session } from './session.js'
import { setRunOutputs, writeFailureSummary, writeRunSummary } from './report.js'
import { waitForRun, type WaitOutcome } from './wait.js'

export interface TriggerDeps {
  clock?: Clock
  /** Overrides for the GoCD client (tests: short retry delays). */
  client?: Partial<Omit<GocdClientOptions, 'connection' | 'logger' | 'secrets'>>
  approvalGraceMs?: number
}

export async function triggerGocdPipeline(ctx: ActionContext, deps: TriggerDeps = {}): Promise<void> {
  const inputs = parseInputs(ctx.inputs)
  for (const v of inputs.secureEnvironmentVariables) ctx.secrets.add(v.value)
  const clock = deps.clock ?? realClock
  const client = new GocdClient({ connection: inputs.connection, logger: ctx.logger, secrets: ctx.secrets, sleep: clock.sleep, ...deps.client })
  warnInsecure(inputs.connection.tls, ctx.logger, inputs.connection.server)
  try {
    await run(ctx, inputs, client, clock, deps)
  } catch (err) {
    // A failure after the run was found has its own summary already.
    if (!(err instanceof ResultError)) await writeFailureSummary(ctx, inputs.pipeline, ctx.secrets.redact(errorMessage(err)))
    throw err
  } finally {
    await client.close()
  }
}

async function run(ctx: ActionContext, inputs: TriggerInputs, client: GocdClient, clock: Clock, deps: TriggerDeps): Promise<void> {
  const deadline = clock.now() + inputs.timeoutMs
  const user = await getCurrentUser(client)
  const s: Session = { client, logger: ctx.logger, clock, pipeline: inputs.pipeline, deadline, login: user.login_name }
  ctx.logger.info(`GoCD ${client.server} as ${user.login_name} (${client.describeAuth()}); pipeline ${inputs.pipeline}`)

  let options: TriggerOptions | undefined
  const triggerOptions = async () => (options ??= await getTriggerOptions(client, inputs.pipeline))
  const variables = [...inputs.environmentVariables, ...inputs.secureEnvironmentVariables]
  let pins: PinnedMaterial[] = []
  try {
    if (inputs.materials.length) pins = resolveMaterials(inputs.pipeline, inputs.materials, await triggerOptions())
    if (inputs.environmentVariables.length) checkPlainVariables(ctx, inputs, await triggerOptions())
    for (const p of pins) ctx.logger.info(`pinning ${p.name} (${p.type}) to ${p.revision}`)
    if (variables.length) ctx.logger.info(`variables: ${variables.map((v) => (v.secure ? `${v.name} (secure)` : `${v.name}=${v.value}`)).join(', ')}`)

    const health = await healthBaseline(s)
    let found: PipelineInstance | undefined
    for (let round = 1; !found; round++) {
      const scheduled = await schedule(s, {
        request: {
          environmentVariables: variables,
          materials: pins.map((p) => ({ fingerprint: p.fingerprint, revision: p.revision })),
          updateMaterials: inputs.updateMaterials
        },
        pins,
        queueIfBusy: inputs.queueIfBusy,
        unpause: inputs.unpause,
        variableHint: async () => variablesHint(await triggerOptions())
      })
      const acceptedAt = clock.now()
      if (scheduled.run) {
        found = scheduled.run
        break
      }
      const result = await findRun(
        s,
        { baseline: scheduled.baseline, login: s.login, pins },
        { health, uncertain: scheduled.uncertain, acceptedAt, serverAcceptedAt: scheduled.acceptedAt }
      )
      if ('run' in result) found = result.run
      else ctx.logger.info(`no run of ${inputs.pipeline} came from the earlier request after all; scheduling again (round ${round + 1})`)
    }
    ctx.logger.info(`found run ${inputs.pipeline}/${found.counter} (label ${found.label}): ${runUrl(client, inputs.pipeline, found.counter)}`)
    await addComment(ctx, client, inputs, found)
    await finish(ctx, client, inputs, s, found, pins, deps)
  } catch (err) {
    throw err instanceof ApiError && isPipelineNotFound(err) && !err.hint ? err.withHint(pipelineNotFoundHint(s)) : err
  }
}

/** An error raised after the run's outputs and summary were written. */
class ResultError extends ActionError {}

function checkPlainVariables(ctx: ActionContext, inputs: TriggerInputs, options: TriggerOptions): void {
  for (const v of inputs.environmentVariables) {
    if (options.variables.find((o) => o.name === v.name)?.secure) {
      ctx.secrets.add(v.value)
      ctx.logger.warning(`${v.name} is a secure variable of ${inputs.pipeline}: pass it in secure_environment_variables so that GoCD keeps it secure; its value is masked here`)
    }
  }
}

async function addComment(ctx: ActionContext, client: GocdClient, inputs: TriggerInputs, run: PipelineInstance): Promise<void> {
  if (!inputs.comment) return
  try {
    await commentOnInstance(client, inputs.pipeline, run.counter, inputs.comment)
    ctx.logger.info(`commented on ${inputs.pipeline}/${run.counter}`)
  } catch (err) {
    ctx.logger.warning(`could not comment on ${inputs.pipeline}/${run.counter}: ${errorMessage(err)}`)
  }
}

async function finish(
  ctx: ActionContext,
  client: GocdClient,
  inputs: TriggerInputs,
  s: Session,
  found: PipelineInstance,
  pins: PinnedMaterial[],
  deps: TriggerDeps
): Promise<void> {
  const approvals = await readApprovals(s)
  const info = (result: WaitOutcome['result'], headline: string) => ({
    result,
    headline,
    variables: [...inputs.environmentVariables, ...inputs.secureEnvironmentVariables],
    pins: pins.map((p) => ({ name: p.name, revision: p.revision })),
    login: s.login,
    approvals
  })
  if (!inputs.wait) {
    setRunOutputs(ctx, client, found, 'Unknown', approvals)
    await writeRunSummary(ctx, client, found, info('Unknown', 'Scheduled; not waiting for the result (wait: false).'))
    return
  }
  ctx.logger.info(
    `waiting for ${describeWaitFor(inputs.waitFor)} of ${inputs.pipeline}/${found.counter} (${formatDuration(Math.max(0, s.deadline - s.clock.now()))} left of timeout)`
  )
  const outcome = await waitForRun(s, found, { waitFor: inputs.waitFor, cancelOnTimeout: inputs.cancelOnTimeout, approvalGraceMs: deps.approvalGraceMs, approvals })
  let final = outcome.run
  if (outcome.cancelled.length) final = await getPipelineInstance(client, inputs.pipeline, found.counter).catch(() => outcome.run)
  const text = describeOutcome(client, final, outcome, inputs)
  setRunOutputs(ctx, client, final, outcome.result, approvals)
  await writeRunSummary(ctx, client, final, info(outcome.result, text.headline))
  if (outcome.result === 'Passed') ctx.logger.info(text.message)
  else if (outcome.result === 'AwaitingApproval') ctx.logger.warning(text.message)
  else throw new ResultError(text.message)
}
