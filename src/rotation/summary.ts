/** The rotation's job summary: targets and their state, what was revoked and kept. Never the value. */
import { escapeHtml, header, statusEmoji, type SummaryCell, type SummaryWriter } from '../core/summary.js'
import { targetHints, type RotationResult } from './rotate.js'
import type { TargetStatus } from './target-writes.js'

const STATUS_TEXT: Record<TargetStatus, [state: string, text: string]> = {
  verified: ['success', 'holds the new value'],
  unverified: ['unknown', 'written, not verified'],
  unknown: ['unknown', 'unknown (may hold the new value)'],
  failed: ['failed', 'not updated'],
  checked: ['skipped', 'reachable (dry run)']
}

export async function writeRotationSummary(summary: SummaryWriter, secretName: string, sourceDescription: string, result: RotationResult): Promise<void> {
  const rows: SummaryCell[][] = [header('Target', 'State', 'Details')]
  for (const o of result.targets) {
    const [state, text] = STATUS_TEXT[o.status]
    const details = [o.created === undefined ? '' : o.created ? 'created' : 'replaced', o.updatedAt ? `updated_at ${o.updatedAt}` : '', o.error?.split('\n')[0] ?? '']
      .filter(Boolean)
      .join('; ')
    rows.push([escapeHtml(o.label), `${statusEmoji(state)} ${escapeHtml(text)}`, escapeHtml(details)])
  }
  const s = summary.addHeading(`${result.dryRun ? 'Secret rotation (dry run)' : 'Secret rotation'}: ${secretName}`, 2)
  s.addRaw(
    `<p>Source: ${escapeHtml(sourceDescription)}${result.credentialId ? ` — new credential <code>${escapeHtml(result.credentialId)}</code>` : ''}${
      result.dryRun ? '' : ` — ${escapeHtml(result.rotatedAt)}`
    }</p>`,
    true
  )
  s.addTable(rows)
  const hints = targetHints(result.targets)
  if (hints.length) s.addRaw(`<p>${hints.map(escapeHtml).join('<br>')}</p>`, true)
  const revokedTitle = result.dryRun ? 'Would revoke' : 'Revoked'
  const items = [
    `${revokedTitle}: ${result.revoked.length ? result.revoked.map((id) => `<code>${escapeHtml(id)}</code>`).join(', ') : 'nothing'}`,
    ...(result.kept.length ? [`Kept (keep_previous): ${result.kept.map((id) => `<code>${escapeHtml(id)}</code>`).join(', ')}`] : []),
    ...(result.newCredentialRevoked ? ['The new credential was revoked again: no target took it.'] : [])
  ]
  s.addList(items)
  if (result.failure) s.addRaw(`<p>❌ ${escapeHtml(result.failure)}</p>`, true)
  await s.write()
}
