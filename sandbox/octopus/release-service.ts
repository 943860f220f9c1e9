/**
 * Release creation shared by the executions API and the legacy `POST /releases`: channel choice by version rules,
 * package selection (`Step:Version`, `PackageId:Version`, `Step:PackageRef:Version`, `*` wildcards,
 * `PackageVersion`, else the latest package in the feed), Git references for version-controlled projects, version
 * auto-increment and uniqueness.
 */
import { createHash } from 'node:crypto'
import type { OctopusContext } from './context.js'
import { releaseBuildInformation } from './build-information.js'
import { invalid, OctopusError } from './errors.js'
import type { Channel, Project, Release, SelectedPackage, Space } from './model.js'
import type { PackageStore } from './package-store.js'
import { isValidVersion, nextVersion, satisfiesRange, tagOf } from './versions.js'

export interface ReleaseRequest {
  project: Project
  channelName?: string
  /** Channel already resolved (legacy flow passes an id). */
  channel?: Channel
  version?: string
  packageVersion?: string
  packages: string[]
  /** Legacy flow: explicit selections. */
  selectedPackages?: SelectedPackage[]
  gitRef?: string
  gitCommit?: string
  gitResources: string[]
  ignoreChannelRules: boolean
  packagePrerelease?: string
  releaseNotes?: string
  customFields: Record<string, string>
}

interface PackageSlot {
  step: string
  ref: string
  packageId: string
}

function slots(project: Project): PackageSlot[] {
  return project.Steps.flatMap((s) => s.Packages.map((p) => ({ step: s.Name, ref: p.Name, packageId: p.PackageId })))
}

const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()

/** Explicit versions from `Packages` entries, most specific match first; unknown selectors fail. */
const slotKey = (s: PackageSlot) => `${s.step.toLowerCase()}\u0000${s.ref.toLowerCase()}`

function explicitVersions(project: Project, entries: string[]): Map<string, string> {
  const all = slots(project)
  const chosen = new Map<string, { version: string; rank: number }>()
  for (const entry of entries) {
    const parts = entry.split(':')
    if (parts.length < 2 || parts.length > 3 || parts.some((p) => !p.trim()))
      throw invalid(`The package selection '${entry}' is not valid. Use StepName:Version, PackageId:Version or StepName:PackageReferenceName:Version.`)
    const version = parts[parts.length - 1].trim()
    let matched: PackageSlot[]
    let rank: number
    if (parts.length === 3) {
      const [step, ref] = [parts[0].trim(), parts[1].trim()]
      matched = all.filter((s) => (step === '*' || eq(s.step, step)) && (ref === '*' || eq(s.ref, ref) || (s.ref === '' && eq(s.packageId, ref))))
      rank = (step === '*' ? 0 : 2) + (ref === '*' ? 0 : 1)
    } else {
      const key = parts[0].trim()
      matched = key === '*' ? all : all.filter((s) => eq(s.step, key) || eq(s.packageId, key))
      rank = key === '*' ? 0 : all.some((s) => eq(s.step, key)) ? 2 : 1
    }
    if (!matched.length && parts[0].trim() !== '*')
      throw invalid(`The package selection '${entry}' does not match any step or package in project '${project.Name}'.`)
    for (const slot of matched) {
      const prev = chosen.get(slotKey(slot))
      if (!prev || prev.rank <= rank) chosen.set(slotKey(slot), { version, rank })
    }
  }
  return new Map([...chosen].map(([k, v]) => [k, v.version]))
}

function rulesFor(channel: Channel, step: string) {
  return channel.Rules.filter((r) => r.ActionPackages.some((a) => eq(a.DeploymentAction, step)))
}

function ruleAllows(channel: Channel, step: string, version: string): boolean {
  return rulesFor(channel, step).every((r) => satisfiesRange(version, r.VersionRange) && (!r.Tag || new RegExp(r.Tag).test(tagOf(version))))
}

function selectPackages(feed: PackageStore, space: Space, req: ReleaseRequest, channel: Channel): SelectedPackage[] {
  const explicit = explicitVersions(req.project, req.packages)
  return slots(req.project).map((slot) => {
    const given = explicit.get(slotKey(slot)) ?? req.packageVersion
    const checkRules = !req.ignoreChannelRules
    if (given) {
      if (!feed.find(space.Id, slot.packageId, given))
        throw invalid(`Could not find package '${slot.packageId}' version '${given}' in feed 'Octopus Server (built-in)', which is used by step '${slot.step}'.`)
      if (checkRules && !ruleAllows(channel, slot.step, given))
        throw invalid(`The version '${given}' of package '${slot.packageId}' used by step '${slot.step}' does not satisfy the version rules of channel '${channel.Name}'.`)
      return { ActionName: slot.step, PackageReferenceName: slot.ref, Version: given }
    }
    const candidates = feed
      .versions(space.Id, slot.packageId)
      .map((p) => p.Version)
      // Stable versions only, unless a pre-release tag is asked for or a channel rule selects by tag.
      .filter((v) =>
        req.packagePrerelease
          ? new RegExp(req.packagePrerelease).test(tagOf(v))
          : tagOf(v) === '' || (checkRules && rulesFor(channel, slot.step).some((r) => r.Tag))
      )
      .filter((v) => !checkRules || ruleAllows(channel, slot.step, v))
    if (!candidates.length)
      throw invalid(`Could not find a version of package '${slot.packageId}' in feed 'Octopus Server (built-in)' for step '${slot.step}' that satisfies channel '${channel.Name}'.`)
    return { ActionName: slot.step, PackageReferenceName: slot.ref, Version: candidates[0] }
  })
}

function resolveGit(req: ReleaseRequest): Release['VersionControlReference'] {
  const { project } = req
  if (!project.IsVersionControlled) {
    if (req.gitRef || req.gitCommit) throw invalid(`The project '${project.Name}' is not version controlled: GitRef and GitCommit must be left unset.`)
    return null
  }
  if (!req.gitRef) throw invalid(`The project '${project.Name}' is version controlled: a GitRef is required to create a release.`)
  const full = req.gitRef.startsWith('refs/') ? req.gitRef : `refs/heads/${req.gitRef}`
  if (!project.GitRefs.includes(full)) throw invalid(`Could not find the Git reference '${req.gitRef}' in the repository of project '${project.Name}'.`)
  const commit = req.gitCommit ?? createHash('sha1').update(`${project.Id}:${full}`).digest('hex')
  if (!/^[0-9a-f]{7,40}$/i.test(commit)) throw invalid(`'${commit}' is not a valid Git commit hash.`)
  return { GitRef: full, GitCommit: commit }
}

export interface CreatedRelease {
  release: Release
  existing: boolean
}

export function createRelease(ctx: OctopusContext, feed: PackageStore, space: Space, req: ReleaseRequest, ignoreIfExists: boolean): CreatedRelease {
  const { project, store } = { project: req.project, store: ctx.store }
  if (project.IsDisabled) throw invalid(`The project '${project.Name}' is disabled, releases cannot be created for it.`)
  if (req.version !== undefined && !isValidVersion(req.version)) throw invalid(`'${req.version}' is not a valid version string.`)
  if (req.version !== undefined && req.version.length > 349) throw invalid('The release version must be 349 characters or less.')
  if (req.version) {
    const existing = store.releasesOf(project.Id).find((r) => r.Version === req.version)
    if (existing && ignoreIfExists) return { release: existing, existing: true }
    if (existing) throw invalid(`A release with the version number '${req.version}' already exists for project '${project.Name}'.`)
  }
  const vcs = resolveGit(req)
  const gitResources = req.gitResources.map((entry) => {
    const parts = entry.split(':')
    const step = project.Steps.find((s) => eq(s.Name, parts[0]) || parts[0] === '*')
    if (parts.length < 2 || !step?.GitResources?.length) throw invalid(`The Git resource selection '${entry}' does not match any step in project '${project.Name}'.`)
    const ref = parts[parts.length - 1] === '*' ? 'refs/heads/main' : parts[parts.length - 1]
    return {
      ActionName: step.Name,
      GitResourceReferenceName: parts.length === 3 ? parts[1] : step.GitResources[0],
      GitReferenceResource: { GitRef: ref, GitCommit: createHash('sha1').update(ref).digest('hex') }
    }
  })

  let channel = req.channel
  let selected: SelectedPackage[] | undefined
  if (!channel && req.channelName) {
    channel = store.channelsOf(project.Id).find((c) => eq(c.Name, req.channelName!))
    if (!channel) throw invalid(`Could not find a channel named '${req.channelName}' in project '${project.Name}'.`)
  }
  if (req.selectedPackages) {
    channel ??= store.defaultChannel(project.Id)!
    for (const sp of req.selectedPackages) {
      const slot = slots(project).find((s) => eq(s.step, sp.ActionName) && eq(s.ref, sp.PackageReferenceName ?? ''))
      if (!slot) throw invalid(`The selected package for step '${sp.ActionName}' does not match any package reference of project '${project.Name}'.`)
      if (!req.ignoreChannelRules && !ruleAllows(channel, slot.step, sp.Version))
        throw invalid(`The version '${sp.Version}' of package '${slot.packageId}' used by step '${slot.step}' does not satisfy the version rules of channel '${channel.Name}'.`)
    }
    const missing = slots(project).filter((s) => !req.selectedPackages!.some((sp) => eq(sp.ActionName, s.step) && eq(sp.PackageReferenceName ?? '', s.ref)))
    if (missing.length) throw invalid(...missing.map((s) => `A package version must be selected for step '${s.step}'.`))
    selected = req.selectedPackages.map((sp) => ({ ActionName: sp.ActionName, PackageReferenceName: sp.PackageReferenceName ?? '', Version: sp.Version }))
  } else if (channel) {
    selected = selectPackages(feed, space, req, channel)
  } else {
    // No channel named: the default channel if its rules allow the selection, else the first channel that does.
    const candidates = [...store.channelsOf(project.Id)].sort((a, b) => Number(b.IsDefault) - Number(a.IsDefault))
    let firstError: unknown
    for (const c of candidates) {
      try {
        selected = selectPackages(feed, space, req, c)
        channel = c
        break
      } catch (err) {
        if (!(err instanceof OctopusError)) throw err
        firstError ??= err
      }
    }
    if (!channel || !selected) throw firstError ?? invalid(`Project '${project.Name}' has no channel.`)
  }

  const version = req.version ?? nextVersion(project.VersionTemplate, store.latestRelease(project.Id)?.Version)
  if (!req.version && store.releasesOf(project.Id).some((r) => r.Version === version)) {
    if (ignoreIfExists) return { release: store.releasesOf(project.Id).find((r) => r.Version === version)!, existing: true }
    throw invalid(`A release with the version number '${version}' already exists for project '${project.Name}'.`)
  }
  const release: Release = {
    Id: store.nextId('Releases'),
    SpaceId: space.Id,
    ProjectId: project.Id,
    ChannelId: channel.Id,
    Version: version,
    ReleaseNotes: req.releaseNotes ?? null,
    Assembled: new Date(ctx.clock.now()).toISOString(),
    SelectedPackages: selected,
    SelectedGitResources: gitResources,
    CustomFields: req.customFields,
    VersionControlReference: vcs,
    IgnoreChannelRules: req.ignoreChannelRules,
    // Octopus attaches the build information that exists when the release is created.
    BuildInformation: releaseBuildInformation(store, project, selected, ctx.knobs)
  }
  store.releases.push(release)
  ctx.ledger.record('release', release.Id, { project: project.Name, version })
  return { release, existing: false }
}
