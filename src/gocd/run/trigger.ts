/**
 * Triggering a GoCD pipeline and following the run: resolve variables and materials, schedule (waiting while the
 * pipeline is busy, unpausing when asked, never twice: schedule.ts), find the run GoCD created (find-run.ts,
 * correlate.ts), comment on it, read which stages need approval (approval.ts), wait for it (wait.ts, progress.ts)
 * and describe the outcome (outcome.ts). Returns
 * the run and its result; the action maps that to outputs and the job summary. Throws when no run was started.
 */
import { ApiError, errorMessage } from '../../core/errors.js'
import type { Logger } from '../../core/logger.js'
import { formatDuration } from '../../core/parse.js'
import type { SecretRegistry } from '../../core/secrets.js'
import type { GocdClient } from '../client.js'
import { getPipelineInstance } from '../instance.js'
import { runUrl } from '../links.js'
import { commentOnInstance, getTriggerOptions } from '../pipelines.js'
import { getStageInstance } from '../stages.js'
import type { PipelineInstance, StageInstance, TriggerOptions } from '../types.js'
import { getCurrentUser } from '../users.js'
import { readApprovals } from './approval.js'
import { findRun, healthBaseline } from './find-run.js'
import { isPipelineNotFound, pipelineNotFoundHint, variablesHint } from './hints.js'
import { resolveMaterials, type PinnedMaterial } from './materials.js'
import { describeOutcome, describeWaitFor } from './outcome.js'
import { schedule } from './schedule.js'
import type { Clock, Session } from './session.js'
import type { TriggerRequest, TriggerResult } from './types.js'
import { waitForRun } from './wait.js'

export interface TriggerServices {
  client: GocdClient
  logger: Logger
  /** Values found to be secret on the way (a plain variable the pipeline declares secure) are added here. */
  secrets: SecretRegistry
  clock: Clock
  /** How long a stopped run must stay stopped before it counts as waiting for approval (wait.ts). */
  approvalGraceMs?: number
}

export async function triggerRun(request: TriggerRequest, services: TriggerServices): Promise<TriggerResult> {
  const { client, logger, clock } = services
  const deadline = clock.now() + request.timeoutMs
  const user = await getCurrentUser(client)
  const s: Session = { client, logger, clock, pipeline: request.pipeline, deadline, login: user.login_name }
  logger.info(`GoCD ${client.server} as ${user.login_name} (${client.describeAuth()}); pipeline ${request.pipeline}`)

  let options: TriggerOptions | undefined
  const triggerOptions = async () => (options ??= await getTriggerOptions(client, request.pipeline))
  const variables = [...request.environmentVariables, ...request.secureEnvironmentVariables]
  let pins: PinnedMaterial[] = []
  try {
    if (request.materials.length) pins = resolveMaterials(request.pipeline, request.materials, await triggerOptions())
    if (request.environmentVariables.length) checkPlainVariables(services, request, await triggerOptions())
    for (const p of pins) logger.info(`pinning ${p.name} (${p.type}) to ${p.revision}`)
    if (variables.length) logger.info(`variables: ${variables.map((v) => (v.secure ? `${v.name} (secure)` : `${v.name}=${v.value}`)).join(', ')}`)

    const health = await healthBaseline(s)
    let found: PipelineInstance | undefined
    for (let round = 1; !found; round++) {
      const scheduled = await schedule(s, {
        request: {
          environmentVariables: variables,
          materials: pins.map((p) => ({ fingerprint: p.fingerprint, revision: p.revision })),
          updateMaterials: request.updateMaterials
        },
        pins,
        queueIfBusy: request.queueIfBusy,
        unpause: request.unpause,
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
      else logger.info(`no run of ${request.pipeline} came from the earlier request after all; scheduling again (round ${round + 1})`)
    }
    logger.info(`found run ${request.pipeline}/${found.counter} (label ${found.label}): ${runUrl(client, request.pipeline, found.counter)}`)
    await addComment(services, request, found)
    const described = {
      login: s.login,
      variables: variables.map((v) => ({ name: v.name, secure: v.secure })),
      pins: pins.map((p) => ({ name: p.name, revision: p.revision }))
    }
    return { ...(await follow(s, request, found, services)), ...described }
  } catch (err) {
    throw err instanceof ApiError && isPipelineNotFound(err) && !err.hint ? err.withHint(pipelineNotFoundHint(s)) : err
  }
}

function checkPlainVariables(services: TriggerServices, request: TriggerRequest, options: TriggerOptions): void {
  for (const v of request.environmentVariables) {
    if (options.variables.find((o) => o.name === v.name)?.secure) {
      services.secrets.add(v.value)
      services.logger.warning(
        `${v.name} is a secure variable of ${request.pipeline}: pass it in secure_environment_variables so that GoCD keeps it secure; its value is masked here`
      )
    }
  }
}

async function addComment(services: TriggerServices, request: TriggerRequest, run: PipelineInstance): Promise<void> {
  if (!request.comment) return
  try {
    await commentOnInstance(services.client, request.pipeline, run.counter, request.comment)
    services.logger.info(`commented on ${request.pipeline}/${run.counter}`)
  } catch (err) {
    services.logger.warning(`could not comment on ${request.pipeline}/${run.counter}: ${errorMessage(err)}`)
  }
}

type Followed = Omit<TriggerResult, 'login' | 'variables' | 'pins'>

/**
 * Waits for the run when asked (or not), and reads what the summary shows: the stage details and, from the pipeline
 * config when the user may read it, which stages need manual approval.
 */
async function follow(s: Session, request: TriggerRequest, found: PipelineInstance, services: TriggerServices): Promise<Followed> {
  const { client } = services
  const approvals = await readApprovals(s)
  if (!request.wait) {
    const headline = 'Scheduled; not waiting for the result (wait: false).'
    return { run: found, result: 'Unknown', message: headline, headline, stageDetails: await stageDetails(client, found), approvals }
  }
  s.logger.info(
    `waiting for ${describeWaitFor(request.waitFor)} of ${request.pipeline}/${found.counter} (${formatDuration(Math.max(0, s.deadline - s.clock.now()))} left of timeout)`
  )
  const outcome = await waitForRun(s, found, { waitFor: request.waitFor, cancelOnTimeout: request.cancelOnTimeout, approvalGraceMs: services.approvalGraceMs, approvals })
  let final = outcome.run
  if (outcome.cancelled.length) final = await getPipelineInstance(client, request.pipeline, found.counter).catch(() => outcome.run)
  const text = describeOutcome(client, final, outcome, request)
  return {
    run: final,
    result: outcome.result,
    stage: outcome.stage,
    message: text.message,
    headline: text.headline,
    stageDetails: await stageDetails(client, final),
    approvals
  }
}

/** Stage details with job timings; a stage that cannot be read is left without durations. */
export async function stageDetails(client: GocdClient, run: PipelineInstance): Promise<Map<string, StageInstance>> {
  const out = new Map<string, StageInstance>()
  for (const s of run.stages.filter((x) => x.scheduled)) {
    try {
      out.set(s.name, await getStageInstance(client, { pipeline: run.name, pipelineCounter: run.counter, stage: s.name, stageCounter: Number(s.counter) }))
    } catch {
      // Durations are a nicety; the table still shows results and links.
    }
  }
  return out
}
