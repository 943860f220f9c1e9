/**
 * trigger-gocd-pipeline: read the inputs, trigger the pipeline and follow the run (src/gocd/run/), then set the
 * outputs and write the job summary from the result. A run that failed, was cancelled or timed out fails the step.
 */
import type { ActionContext } from '../../core/context.js'
import { ActionError, errorMessage } from '../../core/errors.js'
import { setOutputs, type OutputValues } from '../../core/outputs.js'
import { warnInsecure } from '../../core/tls-inputs.js'
import { GocdClient, type GocdClientOptions } from '../../gocd/client.js'
import { jobConsoleUrl, runUrl, stageUrl } from '../../gocd/links.js'
import { realClock, type Clock } from '../../gocd/run/session.js'
import { writeFailureSummary, writeRunSummary } from '../../gocd/run/summary.js'
import { triggerRun } from '../../gocd/run/trigger.js'
import type { TriggerResult } from '../../gocd/run/types.js'
import { parseInputs } from './inputs.js'

/** The outputs action.yml declares. */
export const OUTPUTS = ['counter', 'label', 'result', 'url', 'stages'] as const

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
    const result = await triggerRun(inputs, { client, logger: ctx.logger, secrets: ctx.secrets, clock, approvalGraceMs: deps.approvalGraceMs }).catch(async (err: unknown) => {
      await writeFailureSummary(ctx.summary, inputs.pipeline, ctx.secrets.redact(errorMessage(err)))
      throw err
    })
    setOutputs(ctx, OUTPUTS, outputs(client, result))
    await writeRunSummary(ctx.summary, client, result)
    if (result.result === 'Passed') ctx.logger.info(result.message)
    else if (result.result === 'AwaitingApproval') ctx.logger.warning(result.message)
    // Not waiting leaves the result Unknown; when waiting, Unknown means the wait timed out.
    else if (inputs.wait) throw new ActionError(result.message)
  } finally {
    await client.close()
  }
}

export interface StageOutput {
  name: string
  counter: number
  scheduled: boolean
  status: string
  result: string
  approval_type: string | null
  url: string | null
  jobs: { name: string; state: string; result: string; url: string }[]
}

/** `approval_type` comes from the run for stages that ran, from the pipeline config (when readable) for the others. */
function outputs(client: GocdClient, { run, result, approvals }: TriggerResult): OutputValues<typeof OUTPUTS> {
  const stages: StageOutput[] = run.stages.map((s) => ({
    name: s.name,
    counter: Number(s.counter),
    scheduled: s.scheduled,
    status: s.status,
    result: s.result ?? 'Unknown',
    approval_type: s.approval_type ?? approvals?.get(s.name.toLowerCase()) ?? null,
    url: s.scheduled ? stageUrl(client, run.name, run.counter, s.name, s.counter) : null,
    jobs: s.jobs.map((j) => ({
      name: j.name,
      state: j.state ?? 'Unknown',
      result: j.result ?? 'Unknown',
      url: jobConsoleUrl(client, run.name, run.counter, s.name, s.counter, j.name)
    }))
  }))
  return { counter: String(run.counter), label: run.label, result, url: runUrl(client, run.name, run.counter), stages: JSON.stringify(stages) }
}
