/**
 * Outputs and job summary of a trigger: `counter`, `label`, `result`, `url`, `stages` (JSON), and a stage/job table
 * with results, durations (from the stage instance API, read once at the end) and links to the job consoles; the
 * next manual stage when the pipeline config says which one it is.
 */
import type { ActionContext } from '../../core/context.js'
import { formatDuration } from '../../core/parse.js'
import { escapeHtml, header, link, statusCell, type SummaryCell } from '../../core/summary.js'
import type { GocdClient } from '../../gocd/client.js'
import { jobConsoleUrl, runUrl, stageUrl } from '../../gocd/links.js'
import { getStageInstance } from '../../gocd/stages.js'
import type { PipelineInstance, StageInstance } from '../../gocd/types.js'
import { isManual, nextApproval, type Approvals } from './approval.js'
import type { RunResult } from './progress.js'

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
export function stagesOutput(client: GocdClient, run: PipelineInstance, approvals?: Approvals): StageOutput[] {
  return run.stages.map((s) => ({
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
}

export function setRunOutputs(ctx: ActionContext, client: GocdClient, run: PipelineInstance, result: RunResult, approvals?: Approvals): void {
  ctx.setOutput('counter', String(run.counter))
  ctx.setOutput('label', run.label)
  ctx.setOutput('result', result)
  ctx.setOutput('url', runUrl(client, run.name, run.counter))
  ctx.setOutput('stages', JSON.stringify(stagesOutput(client, run, approvals)))
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

function jobDuration(stage: StageInstance | undefined, job: string): string {
  const j = stage?.jobs.find((x) => x.name === job)
  const t = j?.job_state_transitions ?? []
  const start = t.find((x) => x.state === 'Scheduled')?.state_change_time ?? j?.scheduled_date
  const end = t.find((x) => x.state === 'Completed')?.state_change_time
  return start !== undefined && end !== undefined ? formatDuration(end - start) : ''
}

function stageDuration(stage: StageInstance | undefined): string {
  if (!stage?.scheduled_at || stage.result === 'Unknown' || !stage.last_transitioned_time) return ''
  return formatDuration(stage.last_transitioned_time - stage.scheduled_at)
}

export interface SummaryInfo {
  result: RunResult
  headline: string
  variables: { name: string; secure: boolean }[]
  pins: { name: string; revision: string }[]
  login: string
  /** From the pipeline config, when it could be read. */
  approvals?: Approvals
}

export async function writeRunSummary(ctx: ActionContext, client: GocdClient, run: PipelineInstance, info: SummaryInfo): Promise<void> {
  const details = await stageDetails(client, run)
  const rows: SummaryCell[][] = [header('Stage', 'Job', 'Result', 'Duration', 'Console')]
  for (const s of run.stages) {
    const stageResult = s.scheduled ? (s.result && s.result !== 'Unknown' ? s.result : s.status) : isManual(info.approvals, s) ? 'Not run (manual)' : 'Not run'
    const stageLink = s.scheduled ? link(`${s.name} #${s.counter}`, stageUrl(client, run.name, run.counter, s.name, s.counter)) : escapeHtml(s.name)
    rows.push([stageLink, '', statusCell(stageResult), stageDuration(details.get(s.name)), ''])
    for (const j of s.jobs) {
      const jobResult = j.state === 'Completed' ? (j.result ?? 'Unknown') : (j.state ?? 'Unknown')
      rows.push(['', escapeHtml(j.name), statusCell(jobResult), jobDuration(details.get(s.name), j.name), link('console', jobConsoleUrl(client, run.name, run.counter, s.name, s.counter, j.name))])
    }
  }
  const facts = [
    `Run: ${link(`${run.name} ${run.label}`, runUrl(client, run.name, run.counter))} (counter ${run.counter}), ${escapeHtml(run.build_cause.trigger_message)}`,
    `Result: ${statusCell(info.result)}`
  ]
  if (info.variables.length) facts.push(`Variables: ${info.variables.map((v) => `<code>${escapeHtml(v.name)}</code>${v.secure ? ' (secure)' : ''}`).join(', ')}`)
  if (info.pins.length) facts.push(`Pinned: ${info.pins.map((p) => `${escapeHtml(p.name)} @ <code>${escapeHtml(p.revision)}</code>`).join(', ')}`)
  const gate = nextApproval(run, info.approvals)
  if (gate) facts.push(`Next approval: stage <code>${escapeHtml(gate.name)}</code> needs manual approval in GoCD: ${link('approve it', runUrl(client, run.name, run.counter))}`)
  await ctx.summary
    .addHeading(`GoCD ${run.name} ${run.label}: ${info.result}`, 3)
    .addRaw(`<p>${escapeHtml(info.headline)}</p>`, true)
    .addList(facts)
    .addTable(rows)
    .write()
}

/** A short summary for a trigger that failed before any run was found. */
export async function writeFailureSummary(ctx: ActionContext, pipeline: string, message: string): Promise<void> {
  await ctx.summary
    .addHeading(`GoCD ${pipeline}: not triggered`, 3)
    .addRaw(`<pre>${escapeHtml(message)}</pre>`, true)
    .write()
}
