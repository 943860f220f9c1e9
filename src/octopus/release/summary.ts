/** The job summary of a created (or reused) release: project, release, channel, space, packages, Git, links. */
import { escapeHtml, header, link, type SummaryCell, type SummaryWriter } from '../../core/summary.js'
import type { OctopusClient } from '../client.js'
import type { OctopusSpace } from '../spaces.js'
import { projectWebUrl } from '../web.js'
import type { CreatedRelease } from './request.js'

export function addReleaseSummary(summary: SummaryWriter, client: OctopusClient, space: OctopusSpace, created: CreatedRelease): SummaryWriter {
  const { release, project, channel } = created
  const status = created.existing ? 'existing release reused' : created.reconciled ? 'created (confirmed after a lost response)' : 'created'
  summary.addHeading(`Octopus release ${release.Version} of ${project.Name}`, 2)
  const rows: SummaryCell[][] = [
    header('Project', 'Release', 'Channel', 'Space', 'Status'),
    [link(project.Name, projectWebUrl(client, space.Id, project)), link(release.Version, created.url), escapeHtml(channel.Name), escapeHtml(space.Name), escapeHtml(status)]
  ]
  summary.addTable(rows)
  if (created.packages.length) {
    summary.addHeading('Packages', 3)
    summary.addTable([
      header('Step', 'Package', 'Version'),
      ...created.packages.map((p) => [
        escapeHtml(p.step),
        escapeHtml([p.packageId, p.reference && p.reference !== p.packageId ? `(reference ${p.reference})` : ''].filter(Boolean).join(' ') || p.reference || '—'),
        `<code>${escapeHtml(p.version)}</code>`
      ])
    ])
  }
  const git = release.VersionControlReference
  const details: string[] = []
  if (git?.GitRef) details.push(`Git: <code>${escapeHtml(git.GitRef)}</code>${git.GitCommit ? ` at <code>${escapeHtml(git.GitCommit.slice(0, 12))}</code>` : ''}`)
  for (const r of release.SelectedGitResources ?? [])
    if (r.GitReferenceResource?.GitRef) details.push(`Git resource of ${escapeHtml(r.ActionName)}: <code>${escapeHtml(r.GitReferenceResource.GitRef)}</code>`)
  const fields = Object.entries(release.CustomFields ?? {})
  if (fields.length) details.push(`Custom fields: ${fields.map(([k, v]) => `${escapeHtml(k)} = ${escapeHtml(v)}`).join(', ')}`)
  if (created.flow === 'legacy') details.push(`Created with the pre-2022.3 API (Octopus ${escapeHtml(client.version)})`)
  if (details.length) summary.addList(details)
  return summary
}
