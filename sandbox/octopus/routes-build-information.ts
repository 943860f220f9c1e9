/**
 * Build information: `POST …/build-information?overwriteMode=` with `{PackageId, Version, OctopusBuildInformation}`
 * (what api-client's `BuildInformationRepository.push` and push-build-information-action send), 201 with the mapped
 * resource; `GET …/build-information?packageId=&latest=` and `GET …/build-information/{id}`.
 */
import { CiBody } from './body.js'
import { paged } from './collection.js'
import type { OctopusContext } from './context.js'
import { invalid, notFound, OctopusError } from './errors.js'
import type { OctoRoutes } from './routes.js'
import { compareVersions, isValidVersion, sameVersion } from './versions.js'

interface BuildInformation {
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

function resource(b: BuildInformation) {
  const web = b.VcsRoot && /^https?:\/\//.test(b.VcsRoot) ? b.VcsRoot.replace(/\.git$/, '') : null
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
    IssueTrackerName: null,
    WorkItems: [],
    Commits: b.Commits.map((c) => ({ ...c, LinkUrl: web ? `${web}/commit/${c.Id}` : null })),
    IncompleteDataWarning: null,
    Created: b.Created,
    Links: { Self: `/api/${b.SpaceId}/build-information/${b.Id}` }
  }
}

export function registerBuildInformationRoutes(routes: OctoRoutes, ctx: OctopusContext): void {
  const items: BuildInformation[] = []
  routes.spaced('POST', '/build-information', async (req, _p, { space }) => {
    const modeText = req.query.get('overwriteMode') ?? 'FailIfExists'
    const mode = ['FailIfExists', 'OverwriteExisting', 'IgnoreIfExists'].find((m) => m.toLowerCase() === modeText.toLowerCase())
    if (!mode) throw invalid(`'${modeText}' is not a valid overwriteMode (FailIfExists, OverwriteExisting, IgnoreIfExists).`)
    const body = await CiBody.read(req)
    const packageId = body.text('PackageId')
    const version = body.text('Version')
    const infoRaw = body.raw[Object.keys(body.raw).find((k) => k.toLowerCase() === 'octopusbuildinformation') ?? '']
    const errors = [
      ...(packageId ? [] : ['The PackageId field is required.']),
      ...(version ? (isValidVersion(version) ? [] : [`'${version}' is not a valid version string.`]) : ['The Version field is required.']),
      ...(infoRaw && typeof infoRaw === 'object' && !Array.isArray(infoRaw) ? [] : ['The OctopusBuildInformation field is required.'])
    ]
    if (errors.length) throw invalid(...errors)
    const info = new CiBody(infoRaw as Record<string, unknown>)
    const commitsRaw = info.raw[Object.keys(info.raw).find((k) => k.toLowerCase() === 'commits') ?? ''] ?? []
    if (!Array.isArray(commitsRaw)) throw invalid('Commits must be an array.')
    const commits = commitsRaw.map((c) => {
      const cb = new CiBody((c ?? {}) as Record<string, unknown>)
      return { Id: cb.string('Id') ?? '', Comment: cb.string('Comment') ?? '' }
    })
    const existing = items.find((b) => b.SpaceId === space.Id && b.PackageId.toLowerCase() === packageId!.toLowerCase() && sameVersion(b.Version, version!))
    if (existing && mode === 'FailIfExists')
      throw new OctopusError(400, `Build information for package '${existing.PackageId}' version '${existing.Version}' already exists. Set the overwrite mode to OverwriteExisting or IgnoreIfExists.`)
    if (existing && mode === 'IgnoreIfExists') return { status: 200, body: resource(existing) }
    const record: BuildInformation = {
      Id: existing?.Id ?? ctx.store.nextId('BuildInformation'),
      SpaceId: space.Id,
      PackageId: packageId!,
      Version: version!,
      Branch: info.string('Branch') ?? null,
      BuildEnvironment: info.string('BuildEnvironment') ?? null,
      BuildNumber: info.string('BuildNumber') ?? null,
      BuildUrl: info.string('BuildUrl') ?? null,
      VcsType: info.string('VcsType') ?? null,
      VcsRoot: info.string('VcsRoot') ?? null,
      VcsCommitNumber: info.string('VcsCommitNumber') ?? null,
      Commits: commits,
      Created: new Date(ctx.clock.now()).toISOString()
    }
    if (existing) items.splice(items.indexOf(existing), 1, record)
    else items.push(record)
    ctx.ledger.record('build-information', `${space.Id}/${record.PackageId}.${record.Version}`, { overwritten: Boolean(existing) })
    return { status: 201, body: resource(record) }
  })
  routes.spaced('GET', '/build-information', (req, _p, { space }) => {
    const packageId = req.query.get('packageId')
    let list = items.filter((b) => b.SpaceId === space.Id && (!packageId || b.PackageId.toLowerCase() === packageId.toLowerCase()))
    list = [...list].sort((a, b) => a.PackageId.localeCompare(b.PackageId) || compareVersions(b.Version, a.Version))
    if (req.query.get('latest')?.toLowerCase() === 'true') list = list.filter((b, i) => list.findIndex((x) => x.PackageId.toLowerCase() === b.PackageId.toLowerCase()) === i)
    const base = `/api/${space.Id}/build-information`
    return { status: 200, body: paged(req, 'OctopusPackageVersionBuildInformationMappedResource', list.map(resource), base, `${base}{/id}{?packageId,filter,latest,skip,take}`) }
  })
  routes.spaced('GET', '/build-information/:id', (_req, p, { space }) => {
    const b = items.find((x) => x.SpaceId === space.Id && x.Id.toLowerCase() === p.id.toLowerCase())
    if (!b) throw notFound(p.id)
    return { status: 200, body: resource(b) }
  })
}
