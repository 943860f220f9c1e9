/**
 * Build information (commits, branch, build link per package version) and how a release shows it. Octopus attaches
 * the build information of each selected package version to a release when the release is created
 * (`BuildInformation` on the release resource); work items appear only when an issue-tracker extension is set up
 * (the fake models the GitHub one as the `issueTracker` knob).
 */
import type { OctopusStore } from './store.js'
import type { Project, SelectedPackage } from './model.js'
import { sameVersion } from './versions.js'

export interface BuildInformation {
  Id: string
  SpaceId: string
  PackageId: string
  Version: string
  Branch: string | null
  BuildEnvironment: string | null
  BuildNumber: string | null
  BuildUrl: string | null
  VcsType: string | null
  VcsRoot: string | null
  VcsCommitNumber: string | null
  Commits: { Id: string; Comment: string }[]
  Created: string
}

export interface BuildInformationKnobs {
  /** The issue-tracker extension that turns commit messages into work items: 'GitHub', or null (none set up). */
  issueTracker: 'GitHub' | null
}

export interface WorkItem {
  Id: string
  LinkUrl: string | null
  Source: string
  Description: string
}

/** The repository's web address (`https://github.com/o/r` from `https://github.com/o/r.git`), if VcsRoot is one. */
function webRoot(b: BuildInformation): string | null {
  return b.VcsRoot && /^https?:\/\//.test(b.VcsRoot) ? b.VcsRoot.replace(/\.git$/, '').replace(/\/+$/, '') : null
}

/**
 * Work items the GitHub issue tracker finds in commit messages: `#123` (this repository) and `owner/repo#123`, once
 * each, in order. The real extension reads each issue's title from GitHub; the fake has no GitHub, so `Description`
 * is the reference itself.
 */
export function workItems(b: BuildInformation, knobs: BuildInformationKnobs): WorkItem[] {
  if (knobs.issueTracker !== 'GitHub') return []
  const web = webRoot(b)
  const base = web ? web.replace(/\/[^/]+\/[^/]+$/, '') : null
  const seen = new Map<string, WorkItem>()
  for (const c of b.Commits)
    for (const m of c.Comment.matchAll(/(?:^|[^\w/])(?:([\w.-]+\/[\w.-]+))?#(\d+)\b/g)) {
      const ref = m[1] ? `${m[1]}#${m[2]}` : m[2]
      if (seen.has(ref)) continue
      const url = m[1] ? (base ? `${base}/${m[1]}/issues/${m[2]}` : null) : web ? `${web}/issues/${m[2]}` : null
      seen.set(ref, { Id: ref, LinkUrl: url, Source: 'GitHub', Description: m[1] ? ref : `#${m[2]}` })
    }
  return [...seen.values()]
}

export function buildInformationResource(b: BuildInformation, knobs: BuildInformationKnobs) {
  const web = webRoot(b)
  return {
    Id: b.Id,
    SpaceId: b.SpaceId,
    PackageId: b.PackageId,
    Version: b.Version,
    Branch: b.Branch,
    BuildEnvironment: b.BuildEnvironment,
    BuildNumber: b.BuildNumber,
    BuildUrl: b.BuildUrl,
    VcsType: b.VcsType,
    VcsRoot: b.VcsRoot,
    VcsCommitNumber: b.VcsCommitNumber,
    VcsCommitUrl: web && b.VcsCommitNumber ? `${web}/commit/${b.VcsCommitNumber}` : null,
    IssueTrackerName: knobs.issueTracker,
    WorkItems: workItems(b, knobs),
    Commits: b.Commits.map((c) => ({ ...c, LinkUrl: web ? `${web}/commit/${c.Id}` : null })),
    IncompleteDataWarning: null,
    Created: b.Created,
    Links: { Self: `/api/${b.SpaceId}/build-information/${b.Id}` }
  }
}

/** A release's `BuildInformation`: one entry per selected package version that has build information. */
export function releaseBuildInformation(store: OctopusStore, project: Project, selected: SelectedPackage[], knobs: BuildInformationKnobs) {
  const out: ReturnType<typeof buildInformationResource>[] = []
  for (const sp of selected) {
    const step = project.Steps.find((s) => s.Name === sp.ActionName)
    const ref = step?.Packages.find((p) => p.Name === (sp.PackageReferenceName ?? ''))
    if (!ref) continue
    const b = store.buildInformation.find((x) => x.SpaceId === project.SpaceId && x.PackageId.toLowerCase() === ref.PackageId.toLowerCase() && sameVersion(x.Version, sp.Version))
    if (b && !out.some((o) => o.Id === b.Id)) out.push(buildInformationResource(b, knobs))
  }
  return out.map(({ Id: _id, SpaceId: _s, Created: _c, Links: _l, ...rest }) => rest)
}
