/**
 * A readable account of a run: each job and its result, each step with its outcome and outputs, annotations, and
 * the rendered job summaries; everything passed through the run's masker.
 */
import type { JobResult, StepResult, WorkflowResult } from './types.js'

const MARK: Record<string, string> = { success: '✓', failure: '✗', skipped: '–' }

function stepLines(step: StepResult, mask: (t: string) => string, indent: string): string[] {
  const lines = [`${indent}${MARK[step.outcome]} ${mask(step.name)} [${step.id}] ${step.outcome}${step.conclusion !== step.outcome ? ` (concluded ${step.conclusion})` : ''}`]
  for (const a of step.annotations) lines.push(`${indent}    ${a.level}: ${a.message}`)
  for (const [k, v] of Object.entries(step.outputs)) lines.push(`${indent}    output ${k} = ${mask(v).replace(/\n/g, '\n' + indent + '      ')}`)
  for (const inner of step.steps ?? []) lines.push(...stepLines(inner, mask, `${indent}    `))
  return lines
}

function jobLines(job: JobResult, mask: (t: string) => string): string[] {
  const lines = [`${MARK[job.result]} job ${job.name} (${job.id}): ${job.result}`]
  for (const l of job.log) lines.push(`    ${l}`)
  for (const step of job.steps) lines.push(...stepLines(step, mask, '  '))
  for (const [k, v] of Object.entries(job.outputs)) lines.push(`  job output ${k} = ${mask(v)}`)
  return lines
}

/** The job summaries as one Markdown document. */
export function summaryMarkdown(result: WorkflowResult): string {
  return Object.values(result.jobs)
    .filter((j) => j.summary.trim() !== '')
    .map((j) => `## Job ${j.name}\n\n${result.mask(j.summary).trim()}\n`)
    .join('\n')
}

export function formatReport(result: WorkflowResult): string {
  const title = `${result.name}${result.runName ? ` — ${result.runName}` : ''}`
  const lines = [`workflow ${title} (${result.event.name}): ${result.conclusion}`, '']
  for (const job of Object.values(result.jobs)) lines.push(...jobLines(job, result.mask), '')
  const summary = summaryMarkdown(result)
  if (summary) lines.push('Job summaries', '-------------', summary)
  return lines.join('\n')
}
