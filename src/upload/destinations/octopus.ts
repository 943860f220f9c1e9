/**
 * The `octopus` destination: packages in the space's built-in feed (`POST …/packages/raw?overwriteMode=`), on the
 * shared Octopus client. Either the matched files are package files named `<PackageId>.<Version>.<ext>` (each
 * uploaded as it is) or, with `package_id` + `package_version`, the files are packed on the fly into
 * `<package_id>.<package_version>.zip` (streamed, with fixed entry dates so a re-run packs identical bytes).
 *
 * Never a duplicate or a half-stored package: the body is rebuilt for every attempt; after an ambiguous failure
 * (lost answer, reset, 5xx) the feed is asked whether the package is there with the SHA-1 of the bytes sent
 * (Octopus reports a package's SHA-1 as `Hash`) before anything is sent again. On a re-run attempt
 * (GITHUB_RUN_ATTEMPT > 1) with FailIfExists, a package already in the feed with identical content is accepted.
 */
import { basename } from 'node:path'
import type { ActionContext } from '../../core/context.js'
import { ActionError, ApiError } from '../../core/errors.js'
import { humanBytes } from '../../core/summary.js'
import type { OctopusClient } from '../../octopus/client.js'
import { connectOctopus, type OctopusConnectionInputs } from '../../octopus/connection.js'
import { spaceLink, type OctopusSpace } from '../../octopus/spaces.js'
import { digestStream } from '../digest.js'
import { parsePackageFileName, PACKAGE_EXTENSIONS, type OverwriteMode } from '../package-names.js'
import type { Selection } from '../selection.js'
import { fileSource, StreamedUpload, type UploadPayload } from '../streamed-upload.js'
import { escapeHtml, link, writeUploadSummary } from '../summary.js'
import { UPLOAD_CEILING_MS, type TransferOptions } from '../transfer.js'
import { REPRODUCIBLE_DATE, zipSource } from '../zip.js'

export interface OctopusTarget {
  connection: OctopusConnectionInputs
  packageId?: string
  packageVersion?: string
  overwriteMode: OverwriteMode
  compressionLevel: number
}

/** The parts of `PackageFromBuiltInFeedResource` used here. */
interface PackageResource {
  PackageId: string
  Version: string
  Hash?: string
  PackageSizeBytes?: number
  Links?: Record<string, string>
}

interface PackagePlan {
  packageId: string
  version: string
  payload: UploadPayload
}

/** One entry of the `packages` output. */
export interface PackageOutput {
  id: string
  version: string
  size: number
  sha256: string
  feed_link: string
  /** uploaded | unchanged (re-run, identical content already in the feed) | kept-existing (IgnoreIfExists) */
  status: 'uploaded' | 'unchanged' | 'kept-existing'
}

function plan(selection: Selection, target: OctopusTarget): PackagePlan[] {
  if (target.packageId && target.packageVersion) {
    const zip = zipSource(selection.files, { compressionLevel: target.compressionLevel, fixedDate: REPRODUCIBLE_DATE })
    return [
      {
        packageId: target.packageId,
        version: target.packageVersion,
        payload: {
          open: zip.open,
          inputFraction: zip.inputFraction,
          fileName: `${target.packageId}.${target.packageVersion}.zip`,
          contentType: 'application/zip'
        }
      }
    ]
  }
  const plans: PackagePlan[] = []
  const invalid: string[] = []
  for (const f of selection.files) {
    const fileName = basename(f.path)
    const parsed = parsePackageFileName(fileName)
    if (!parsed) {
      invalid.push(f.name)
      continue
    }
    plans.push({
      packageId: parsed.packageId,
      version: parsed.version,
      payload: {
        open: () => fileSource(f.source),
        size: f.size,
        fileName,
        contentType: parsed.extension.toLowerCase() === '.zip' ? 'application/zip' : 'application/octet-stream'
      }
    })
  }
  if (invalid.length)
    throw new ActionError(
      `${invalid.length} matched file${invalid.length > 1 ? 's are' : ' is'} not named like an Octopus package (<PackageId>.<Version>.<ext>, ext one of ${PACKAGE_EXTENSIONS.join(' ')}): ${invalid
        .slice(0, 10)
        .join(', ')}${invalid.length > 10 ? ', …' : ''}. Narrow 'path' to the package files, or set package_id and package_version to pack the matched files into one zip package.`
    )
  const seen = new Map<string, string>()
  for (const p of plans) {
    const key = `${p.packageId.toLowerCase()}@${p.version}`
    if (seen.has(key)) throw new ActionError(`Two matched files are the same package ${p.packageId} ${p.version}: ${seen.get(key)} and ${p.payload.fileName}. Upload one of them.`)
    seen.set(key, p.payload.fileName)
  }
  return plans
}

async function findPackage(client: OctopusClient, space: OctopusSpace, p: PackagePlan): Promise<PackageResource | undefined> {
  return client.find<PackageResource>(spaceLink(space, 'Packages'), { id: `packages-${p.packageId}.${p.version}` })
}

function feedLink(client: OctopusClient, space: OctopusSpace, packageId: string): string {
  return client.webUrl(`${space.Id}/library/builtinrepository/versions/${encodeURIComponent(packageId)}`)
}

const sameHash = (a: string | undefined, b: string | undefined) => !!a && !!b && a.toLowerCase() === b.toLowerCase()

async function pushPackage(ctx: ActionContext, client: OctopusClient, space: OctopusSpace, p: PackagePlan, target: OctopusTarget, options: TransferOptions): Promise<PackageOutput> {
  const name = p.payload.fileName
  const base = { id: p.packageId, version: p.version, feed_link: feedLink(client, space, p.packageId) }
  const rerun = Number(ctx.env.GITHUB_RUN_ATTEMPT ?? '1') > 1
  if (rerun && target.overwriteMode === 'FailIfExists') {
    const existing = await findPackage(client, space, p)
    if (existing) {
      const local = await digestStream(p.payload.open())
      if (sameHash(existing.Hash, local.sha1)) {
        ctx.logger.info(`${p.packageId} ${p.version} is already in the feed with identical content (SHA-1 ${local.sha1}); this is re-run attempt ${ctx.env.GITHUB_RUN_ATTEMPT}, so it is not uploaded again`)
        return { ...base, size: local.size, sha256: local.sha256, status: 'unchanged' }
      }
      throw new ActionError(
        `Package ${p.packageId} ${p.version} is already in the Octopus feed with different content (SHA-1 ${existing.Hash ?? 'unknown'}, this build ${local.sha1}): this re-run built different bytes. Give the package a new version, or set overwrite_mode: OverwriteExisting to replace it.`
      )
    }
  }
  const upload = new StreamedUpload(p.payload, {
    field: 'fileToUpload',
    logger: ctx.logger,
    label: `Uploading ${name}`,
    progressIntervalMs: options.progressIntervalMs
  })
  ctx.logger.info(`Uploading ${name}${p.payload.size !== undefined ? ` (${humanBytes(p.payload.size)})` : ''} to the built-in feed of space '${space.Name}' (overwrite mode ${target.overwriteMode})`)
  let response
  try {
    response = await client.request<PackageResource>({
      method: 'POST',
      path: client.url(spaceLink(space, 'PackageUpload'), { overwriteMode: target.overwriteMode }),
      headers: upload.headers(),
      body: upload.body,
      timeoutMs: UPLOAD_CEILING_MS,
      responseType: 'json',
      reconcile: async () => {
        if (!upload.last.complete) return undefined
        const found = await findPackage(client, space, p)
        return found && sameHash(found.Hash, upload.last.sha1) ? found : undefined
      }
    })
  } catch (err) {
    // 409 Conflict since Octopus 3.4 (OctopusDeploy/Issues #2419); older servers answered 400.
    if (err instanceof ApiError && (err.status === 409 || err.status === 400) && /already exists/i.test(err.serverMessage))
      throw err.withHint(
        `Package ${p.packageId} ${p.version} is already in the feed. Packages are immutable by default: give this build a new version, or set overwrite_mode to OverwriteExisting (replace it) or IgnoreIfExists (keep the existing one).`
      )
    throw err
  }
  const sent = upload.last
  if (!sent.complete || !sent.sha256) throw new ActionError(`The upload of ${name} ended before the whole file was sent; nothing is reported as uploaded.`)
  const stored = response.data
  if (response.reconciled) ctx.logger.info(`${name}: the answer was lost, but the feed holds the package with the SHA-1 of the bytes sent, so the upload succeeded`)
  if (!stored?.Hash) ctx.logger.debug(`Octopus reported no hash for ${name}; the upload is confirmed by its answer only`)
  else if (!sameHash(stored.Hash, sent.sha1)) {
    if (target.overwriteMode === 'IgnoreIfExists') {
      ctx.logger.warning(`${p.packageId} ${p.version} was already in the feed with different content (SHA-1 ${stored.Hash}); it was kept because overwrite_mode is IgnoreIfExists`)
      return { ...base, size: stored.PackageSizeBytes ?? sent.bytes, sha256: '', status: 'kept-existing' }
    }
    throw new ActionError(`Octopus answered for ${name} with SHA-1 ${stored.Hash}, but the bytes sent have SHA-1 ${sent.sha1}: the stored package is not the one uploaded. Upload it again.`)
  }
  ctx.logger.info(`Uploaded ${p.packageId} ${p.version} (${humanBytes(sent.bytes)}, SHA-256 ${sent.sha256})`)
  return { ...base, size: sent.bytes, sha256: sent.sha256, status: 'uploaded' }
}

export async function uploadToOctopus(ctx: ActionContext, selection: Selection, target: OctopusTarget, options: TransferOptions): Promise<PackageOutput[]> {
  const plans = plan(selection, target)
  const { client, space } = await connectOctopus(target.connection, {
    logger: ctx.logger,
    secrets: ctx.secrets,
    env: ctx.env,
    action: 'upload-artifact',
    timeoutMs: options.http.timeoutMs,
    sleep: options.http.sleep
  })
  const results: PackageOutput[] = []
  try {
    for (const p of plans) results.push(await pushPackage(ctx, client, space, p, target, options))
  } finally {
    ctx.setOutput('packages', JSON.stringify(results))
    await client.close()
  }
  await writeUploadSummary(ctx.summary, selection, {
    title: `${results.length} package${results.length === 1 ? '' : 's'} to the Octopus built-in feed`,
    rows: [
      ['Space', escapeHtml(space.Name)],
      ...results.map((r): [string, string] => [`${r.id} ${r.version}`, `${link(r.status, r.feed_link)} · ${escapeHtml(humanBytes(r.size))}${r.sha256 ? ` · SHA-256 <code>${r.sha256}</code>` : ''}`])
    ]
  })
  return results
}
