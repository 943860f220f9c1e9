/**
 * The demo's account of one workflow run, for the terminal and for the Markdown file: each job and step with its
 * outcome and outputs, the links into the fakes found in the outputs, and the job summaries (rendered as text for
 * the terminal, kept as written for Markdown). Everything passes through the run's masker.
 */
import type { StepResult, WorkflowResult } from '../tools/workflow-runner/types.js'
import { renderSummary } from './render-summary.js'

const MARK: Record<string, string> = { success: '✓', failure: '✗', skipped: '–' }
const TERMINAL_OUTPUT_MAX = 220

function clip(value: string): string {
  const one = value.replace(/\n/g, ' ⏎ ')
  return one.length <= TERMINAL_OUTPUT_MAX ? one : `${one.slice(0, TERMINAL_OUTPUT_MAX)}… (${one.length} characters)`
}

function outcome(step: StepResult): string {
  return step.conclusion !== step.outcome ? `${step.outcome} (continue-on-error)` : step.outcome
}

/** Links in the outputs of a run's steps (composite steps included), labelled `step.output`, first seen first. */
export function linksOf(result: WorkflowResult): { label: string; url: string }[] {
  const links: { label: string; url: string }[] = []
  const seen = new Set<string>()
  const visit = (steps: StepResult[]) => {
    for (const step of steps) {
      for (const [name, value] of Object.entries(step.outputs)) {
        for (const url of result.mask(value).match(/https?:\/\/[^\s"',<>]+/g) ?? []) {
          if (seen.has(url)) continue
          seen.add(url)
          links.push({ label: `${step.id}.${name}`, url })
        }
      }
      visit(step.steps ?? [])
    }
  }
  for (const job of Object.values(result.jobs)) visit(job.steps)
  return links
}

function terminalSteps(steps: StepResult[], mask: (t: string) => string, indent: string): string[] {
  const lines: string[] = []
  for (const step of steps) {
    lines.push(`${indent}${MARK[step.outcome]} ${mask(step.name)} — ${outcome(step)}${step.error ? `: ${mask(step.error)}` : ''}`)
    for (const a of step.annotations) lines.push(`${indent}    ${a.level}: ${mask(a.message)}`)
    if (!step.steps) for (const [k, v] of Object.entries(step.outputs)) lines.push(`${indent}    ${k} = ${clip(mask(v))}`)
    lines.push(...terminalSteps(step.steps ?? [], mask, `${indent}    `))
  }
  return lines
}

export function terminalAccount(result: WorkflowResult): string {
  const lines: string[] = []
  for (const job of Object.values(result.jobs)) {
    lines.push(`${MARK[job.result]} job ${job.id}: ${job.result}`)
    for (const l of job.log) lines.push(`    ${result.mask(l)}`)
    lines.push(...terminalSteps(job.steps, result.mask, '  '))
    for (const [k, v] of Object.entries(job.outputs)) lines.push(`  job output ${k} = ${clip(result.mask(v))}`)
  }
  const links = linksOf(result)
  if (links.length > 0) {
    lines.push('', 'Links into the fakes:')
    const width = Math.max(...links.map((l) => l.label.length))
    for (const l of links) lines.push(`  ${l.label.padEnd(width)}  ${l.url}`)
  }
  for (const job of Object.values(result.jobs)) {
    if (!job.summary.trim()) continue
    lines.push('', `Job summary of ${job.id}:`, ...renderSummary(result.mask(job.summary)).split('\n').map((l) => `  │ ${l}`))
  }
  return lines.join('\n')
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, '<br>')
}

function markdownSteps(steps: StepResult[], mask: (t: string) => string, depth: number, rows: string[]): void {
  for (const step of steps) {
    const outputs = step.steps
      ? '(the outputs of its steps below)'
      : Object.entries(step.outputs)
          .map(([k, v]) => `\`${k}\` = ${cell(mask(v))}`)
          .join('<br>')
    rows.push(`| ${'↳ '.repeat(depth)}${cell(mask(step.name))} | ${MARK[step.outcome]} ${outcome(step)} | ${outputs} |`)
    markdownSteps(step.steps ?? [], mask, depth + 1, rows)
  }
}

export function markdownAccount(result: WorkflowResult, heading: string): string {
  const parts = [`## ${heading}`, '', `Conclusion: **${result.conclusion}** (event \`${result.event.name}\`)`, '']
  for (const job of Object.values(result.jobs)) {
    parts.push(`### Job \`${job.id}\`: ${job.result}`, '', '| step | outcome | outputs |', '|---|---|---|')
    const rows: string[] = []
    markdownSteps(job.steps, result.mask, 0, rows)
    parts.push(...rows, '')
    for (const l of job.log) parts.push(`> ${result.mask(l)}`, '')
  }
  const links = linksOf(result)
  if (links.length > 0) parts.push('Links into the fakes:', '', ...links.map((l) => `- ${l.label}: <${l.url}>`), '')
  for (const job of Object.values(result.jobs)) {
    if (job.summary.trim()) parts.push(`### Job summary of \`${job.id}\``, '', result.mask(job.summary).trim(), '')
  }
  return parts.join('\n')
}
