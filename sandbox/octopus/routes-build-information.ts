/**
 * Build information: `POST …/build-information?overwriteMode=` with `{PackageId, Version, OctopusBuildInformation}`
 * (what api-client's `BuildInformationRepository.push` and push-build-information-action send), 201 with the mapped
 * resource; `GET …/build-information?packageId=&latest=` (reconciliation after a lost answer), `GET …/{id}`.
 *
 * Validation: `PackageId` (a package id, or a container image name such as `ghcr.io/org/app`), a valid `Version`,
 * the overwrite mode (FailIfExists, the default, answers 409 Conflict for an existing package id + version, as the
 * built-in feed does for packages since Octopus 3.4, OctopusDeploy/Issues #2419; OverwriteExisting replaces it;
 * IgnoreIfExists keeps it and answers it), and `Commits` entries with an `Id`.
 */
import { buildInformationResource, type BuildInformation } from './build-information.js'
import { CiBody } from './body.js'
import { paged } from './collection.js'
import type { OctopusContext } from './context.js'
import { invalid, notFound, OctopusError } from './errors.js'
import type { OctoRoutes } from './routes.js'
import { compareVersions, isValidVersion, sameVersion } from './versions.js'

const MODES = ['FailIfExists', 'OverwriteExisting', 'IgnoreIfExists']

/**
 * Package ids of the built-in feed (letters, digits, `.`, `-`, `_`) and container image names (with `/` and a
 * registry host, optionally `:port`), at most 100 characters, starting and ending with a letter or digit.
 */
const PACKAGE_ID = /^[A-Za-z0-9](?:[A-Za-z0-9._\-/:]{0,98}[A-Za-z0-9])?$/

export const buildInformationExists = (packageId: string, version: string) =>
  `Build information for package '${packageId}' version '${version}' already exists. Use the overwrite mode OverwriteExisting to replace it, or IgnoreIfExists to keep it.`

export function registerBuildInformationRoutes(routes: OctoRoutes, ctx: OctopusContext): void {
  const items = ctx.store.buildInformation
  const render = (b: BuildInformation) => buildInformationResource(b, ctx.knobs)
  routes.spaced('POST', '/build-information', async (req, _p, { space }) => {
    const modeText = req.query.get('overwriteMode') ?? 'FailIfExists'
    const mode = MODES.find((m) => m.toLowerCase() === modeText.toLowerCase())
    if (!mode) throw invalid(`'${modeText}' is not a valid overwriteMode (${MODES.join(', ')}).`)
    const body = await CiBody.read(req)
    const packageId = body.text('PackageId')
    const version = body.text('Version')
    const infoRaw = body.raw[Object.keys(body.raw).find((k) => k.toLowerCase() === 'octopusbuildinformation') ?? '']
    const errors = [
      ...(packageId ? (PACKAGE_ID.test(packageId) && !packageId.includes('//') ? [] : [`'${packageId}' is not a valid package ID.`]) : ['The PackageId field is required.']),
      ...(version ? (isValidVersion(version) ? [] : [`'${version}' is not a valid version string.`]) : ['The Version field is required.']),
      ...(infoRaw && typeof infoRaw === 'object' && !Array.isArray(infoRaw) ? [] : ['The OctopusBuildInformation field is required.'])
    ]
    if (errors.length) throw invalid(...errors)
    const info = new CiBody(infoRaw as Record<string, unknown>)
    const commitsRaw = info.raw[Object.keys(info.raw).find((k) => k.toLowerCase() === 'commits') ?? ''] ?? []
    if (!Array.isArray(commitsRaw)) throw invalid('Commits must be an array.')
    const commits = commitsRaw.map((c, i) => {
      if (!c || typeof c !== 'object' || Array.isArray(c)) throw invalid(`Commits[${i}] must be an object with an Id and a Comment.`)
      const cb = new CiBody(c as Record<string, unknown>)
      const id = cb.text('Id')
      if (!id) throw invalid(`Commits[${i}].Id is required.`)
      return { Id: id, Comment: cb.string('Comment') ?? '' }
    })
    const existing = items.find((b) => b.SpaceId === space.Id && b.PackageId.toLowerCase() === packageId!.toLowerCase() && sameVersion(b.Version, version!))
    if (existing && mode === 'FailIfExists') throw new OctopusError(409, buildInformationExists(existing.PackageId, existing.Version))
    if (existing && mode === 'IgnoreIfExists') return { status: 200, body: render(existing) }
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
    ctx.ledger.record('build-information', `${space.Id}/${record.PackageId}.${record.Version}`, { overwritten: Boolean(existing), mode })
    return { status: 201, body: render(record) }
  })
  routes.spaced('GET', '/build-information', (req, _p, { space }) => {
    const packageId = req.query.get('packageId')
    const filter = req.query.get('filter')?.toLowerCase()
    let list = items.filter(
      (b) =>
        b.SpaceId === space.Id &&
        (!packageId || b.PackageId.toLowerCase() === packageId.toLowerCase()) &&
        (!filter || b.Version.toLowerCase().includes(filter))
    )
    list = [...list].sort((a, b) => a.PackageId.localeCompare(b.PackageId) || compareVersions(b.Version, a.Version))
    if (req.query.get('latest')?.toLowerCase() === 'true') list = list.filter((b, i) => list.findIndex((x) => x.PackageId.toLowerCase() === b.PackageId.toLowerCase()) === i)
    const base = `/api/${space.Id}/build-information`
    return { status: 200, body: paged(req, 'OctopusPackageVersionBuildInformationMappedResource', list.map(render), base, `${base}{/id}{?packageId,filter,latest,skip,take}`) }
  })
  routes.spaced('GET', '/build-information/:id', (_req, p, { space }) => {
    const b = items.find((x) => x.SpaceId === space.Id && x.Id.toLowerCase() === p.id.toLowerCase())
    if (!b) throw notFound(p.id)
    return { status: 200, body: render(b) }
  })
}
