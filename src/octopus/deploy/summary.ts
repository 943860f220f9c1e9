/**
 * The job summary of a deployment: one row per environment / tenant with its state, duration and links to the
 * deployment and its task log in the Octopus portal, then what went wrong (server messages) or who has to act.
 */
import { escapeHtml, header, humanDuration, link, statusCell, statusEmoji, type SummaryWriter } from '../../core/summary.js'
import { describeTarget, type DeploymentOutcome } from './targets.js'
import { describeInterruptions } from './task-tracker.js'
import { isUnsuccessful, worstState } from './task-state.js'

/** What a tenant selection matched, and who was left out of which environment, and why. */
export interface TenantSelectionSummary {
  tagFilter?: string
  tagMatches: string[]
  unmatchedTags: string[]
  leftOut: { environment: string; tenant: string; named: boolean; reason: string }[]
}

export interface DeploySummaryInput {
  project: string
  release: string
  /** Web portal link to the release. */
  releaseUrl?: string
  outcomes: DeploymentOutcome[]
  /** True when the deployments were created without waiting for them. */
  waited: boolean
  /** Set when our own wait timed out. */
  timedOutAfterMs?: number
  canceledOnTimeout?: boolean
  /** Set when waiting failed (the deployments exist; their outcome is unknown). */
  waitError?: string
  /** Tenanted deployments: how the tenants were selected. */
  selection?: TenantSelectionSummary
}

function addTenantSelection(summary: SummaryWriter, s: TenantSelectionSummary): void {
  const items: string[] = []
  if (s.tagFilter)
    items.push(
      `Tags <code>${escapeHtml(s.tagFilter)}</code> matched ${s.tagMatches.length ? s.tagMatches.map((t) => `<b>${escapeHtml(t)}</b>`).join(', ') : 'no tenant'}` +
        (s.unmatchedTags.length ? ` (no tenant carries ${s.unmatchedTags.map((t) => `<code>${escapeHtml(t)}</code>`).join(', ')})` : '') +
        '. Tags of one tag set are OR’ed, tag sets are AND’ed.'
    )
  for (const l of s.leftOut)
    items.push(`<b>${escapeHtml(l.tenant)}</b>${l.named ? ' (named in <code>tenants</code>)' : ' (matched by the tags)'} left out of ${escapeHtml(l.environment)}: ${escapeHtml(l.reason)}`)
  if (items.length) summary.addHeading('Tenant selection', 3).addList(items)
}

export function addDeploySummary(summary: SummaryWriter, s: DeploySummaryInput): SummaryWriter {
  const tenanted = s.outcomes.some((o) => o.tenantName)
  const overall = s.waited ? worstState(s.outcomes.map((o) => o.state)) : undefined
  summary.addHeading(`Octopus deployment: ${s.project} ${s.release}${overall ? ` ${statusEmoji(overall)}` : ''}`, 2)
  const release = link(`${s.project} ${s.release}`, s.releaseUrl)
  if (!s.outcomes.length) {
    summary.addRaw(`<p>No deployments were created for ${release}: no tenant matched.</p>`, true)
    if (s.selection) addTenantSelection(summary, s.selection)
    return summary
  }
  const rows = s.outcomes.map((o) => [
    escapeHtml(o.environmentName),
    ...(tenanted ? [escapeHtml(o.tenantName ?? '')] : []),
    s.waited ? statusCell(o.state) : '🚀 Started',
    o.durationMs !== undefined ? humanDuration(o.durationMs) : '',
    `${link(o.deploymentId, o.deploymentUrl)} · ${link('task log', o.taskUrl)}`
  ])
  summary.addRaw(`<p>Release ${release}, ${s.outcomes.length} deployment${s.outcomes.length === 1 ? '' : 's'}.</p>`, true)
  summary.addTable([header('Environment', ...(tenanted ? ['Tenant'] : []), 'State', 'Duration', 'Links'), ...rows])
  if (s.selection) addTenantSelection(summary, s.selection)
  const problems = s.outcomes
    .filter((o) => isUnsuccessful(o.state))
    .map((o) => `<b>${escapeHtml(describeTarget(o))}</b> ${escapeHtml(o.state)}: ${escapeHtml(o.errorMessage ?? 'no message from the server')} (${link('task log', o.taskUrl)})`)
  const waiting = s.outcomes
    .filter((o) => o.pendingInterruptions.length)
    .map((o) => `<b>${escapeHtml(describeTarget(o))}</b> is waiting for ${escapeHtml(describeInterruptions(o.pendingInterruptions))}: ${link('respond in Octopus', o.taskUrl)}`)
  if (problems.length) summary.addHeading('Failures', 3).addList(problems)
  if (waiting.length) summary.addHeading('Waiting for a person', 3).addList(waiting)
  if (s.timedOutAfterMs !== undefined)
    summary.addRaw(
      `<p>⏱️ Stopped waiting after ${humanDuration(s.timedOutAfterMs)}. ${s.canceledOnTimeout ? 'The unfinished tasks were canceled.' : 'The unfinished tasks keep running in Octopus.'}</p>`,
      true
    )
  if (s.waitError)
    summary.addRaw(`<p>⚠️ Waiting for the deployments failed: ${escapeHtml(s.waitError)}. They may still be running in Octopus (see the task logs).</p>`, true)
  else if (!s.waited) summary.addRaw('<p>The action did not wait for the deployments (<code>wait: false</code>).</p>', true)
  return summary
}
