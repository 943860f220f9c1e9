/**
 * The job summary of a trigger: the run, its result, variables and pins, and a stage/job table with results,
 * durations (from the stage instance API, read once at the end) and links to the job consoles, and the next manual
 * stage when the pipeline config says which one it is.
 */
import { formatDuration } from '../../core/parse.js'
import { escapeHtml, header, link, statusCell, type SummaryCell, type SummaryWriter } from '../../core/summary.js'
import type { GocdClient } from '../client.js'
import { jobConsoleUrl, runUrl, stageUrl } from '../links.js'
import type { StageInstance } from '../types.js'
import { isManual, nextApproval } from './approval.js'
import type { TriggerResult } from './types.js'

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

export async function writeRunSummary(summary: SummaryWriter, client: GocdClient, result: TriggerResult): Promise<void> {
  const { run, stageDetails: details } = result
  const rows: SummaryCell[][] = [header('Stage', 'Job', 'Result', 'Duration', 'Console')]
  for (const s of run.stages) {
    const stageResult = s.scheduled ? (s.result && s.result !== 'Unknown' ? s.result : s.status) : isManual(result.approvals, s) ? 'Not run (manual)' : 'Not run'
    const stageLink = s.scheduled ? link(`${s.name} #${s.counter}`, stageUrl(client, run.name, run.counter, s.name, s.counter)) : escapeHtml(s.name)
    rows.push([stageLink, '', statusCell(stageResult), stageDuration(details.get(s.name)), ''])
    for (const j of s.jobs) {
      const jobResult = j.state === 'Completed' ? (j.result ?? 'Unknown') : (j.state ?? 'Unknown')
      rows.push(['', escapeHtml(j.name), statusCell(jobResult), jobDuration(details.get(s.name), j.name), link('console', jobConsoleUrl(client, run.name, run.counter, s.name, s.counter, j.name))])
    }
  }
  const facts = [
    `Run: ${link(`${run.name} ${run.label}`, runUrl(client, run.name, run.counter))} (counter ${run.counter}), ${escapeHtml(run.build_cause.trigger_message)}`,
    `Result: ${statusCell(result.result)}`
  ]
  if (result.variables.length) facts.push(`Variables: ${result.variables.map((v) => `<code>${escapeHtml(v.name)}</code>${v.secure ? ' (secure)' : ''}`).join(', ')}`)
  if (result.pins.length) facts.push(`Pinned: ${result.pins.map((p) => `${escapeHtml(p.name)} @ <code>${escapeHtml(p.revision)}</code>`).join(', ')}`)
  const gate = nextApproval(run, result.approvals)
  if (gate) facts.push(`Next approval: stage <code>${escapeHtml(gate.name)}</code> needs manual approval in GoCD: ${link('approve it', runUrl(client, run.name, run.counter))}`)
  await summary
    .addHeading(`GoCD ${run.name} ${run.label}: ${result.result}`, 3)
    .addRaw(`<p>${escapeHtml(result.headline)}</p>`, true)
    .addList(facts)
    .addTable(rows)
    .write()
}

/** A short summary for a trigger that failed before any run was found. */
export async function writeFailureSummary(summary: SummaryWriter, pipeline: string, message: string): Promise<void> {
  await summary
    .addHeading(`GoCD ${pipeline}: not triggered`, 3)
    .addRaw(`<pre>${escapeHtml(message)}</pre>`, true)
    .write()
}
