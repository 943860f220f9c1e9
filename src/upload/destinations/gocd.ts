/**
 * The `gocd` destination: artifacts of a GoCD job (`/go/files/<pipeline>/<counter>/<stage>/<stageCounter>/<job>/…`,
 * the artifacts API), on the shared GoCD client. One file goes as the multipart part `file` to
 * `<remote_path>/<name>`; several go as one streamed zip in the part `zipfile`, which GoCD unpacks into
 * `<remote_path>/`. The job is checked first (its artifact listing), so a wrong counter fails before a big upload.
 *
 * Retries never leave a wrong result: after an ambiguous failure a single file is downloaded and compared by
 * SHA-256 with the bytes sent before anything is sent again; a zip whose body was sent completely is confirmed
 * from the listing (GoCD unpacks only a complete zip; sending it again replaces the files with the same content).
 * GoCD refuses to replace an existing file: with identical content that is not an error.
 */
import { posix } from 'node:path'
import { Readable } from 'node:stream'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import type { ActionContext } from '../../core/context.js'
import { ActionError, ApiError } from '../../core/errors.js'
import { humanBytes } from '../../core/summary.js'
import { warnInsecure } from '../../core/tls-inputs.js'
import { GocdClient, seg } from '../../gocd/client.js'
import type { GocdConnection } from '../../gocd/connection.js'
import { digestStream } from '../digest.js'
import type { Selection } from '../selection.js'
import { fileSource, StreamedUpload } from '../streamed-upload.js'
import { escapeHtml, link, writeUploadSummary } from '../summary.js'
import { UPLOAD_CEILING_MS, type TransferOptions } from '../transfer.js'
import { zipSource } from '../zip.js'

export interface GocdTarget {
  connection: GocdConnection
  pipeline: string
  pipelineCounter: number
  stage: string
  stageCounter: number
  job: string
  /** Directory under the job's artifacts ('' = the top). */
  remotePath: string
  compressionLevel: number
}

/** The `artifact_urls` output lists at most this many files (step outputs are limited to 1 MB). */
export const MAX_OUTPUT_URLS = 1000

interface ListingEntry {
  name: string
  url: string
  type: 'file' | 'folder'
  files?: ListingEntry[]
}

const encodePath = (path: string) => path.split('/').filter(Boolean).map(seg).join('/')
const CONFIRM = { Confirm: 'true', 'X-GoCD-Confirm': 'true' }

function flatten(entries: ListingEntry[], prefix = ''): Set<string> {
  const out = new Set<string>()
  for (const e of entries) {
    const path = prefix ? `${prefix}/${e.name}` : e.name
    if (e.type === 'file') out.add(path)
    else for (const p of flatten(e.files ?? [], path)) out.add(p)
  }
  return out
}

export async function uploadToGocd(ctx: ActionContext, selection: Selection, target: GocdTarget, options: TransferOptions): Promise<string[]> {
  warnInsecure(target.connection.tls, ctx.logger, target.connection.server)
  const client = new GocdClient({
    connection: target.connection,
    logger: ctx.logger,
    secrets: ctx.secrets,
    timeoutMs: options.http.timeoutMs,
    retry: options.http.retry,
    sleep: options.http.sleep,
    userAgent: 'deployment-action-suite (upload-artifact)'
  })
  const job = `${target.pipeline}/${target.pipelineCounter}/${target.stage}/${target.stageCounter}/${target.job}`
  const jobPath = `/files/${[target.pipeline, target.pipelineCounter, target.stage, target.stageCounter, target.job].map(seg).join('/')}`
  const listing = async (): Promise<Set<string>> =>
    flatten((await client.request<ListingEntry[]>({ method: 'GET', path: `${jobPath}.json`, version: null, responseType: 'json' })).data ?? [])
  const remote = (name: string) => (target.remotePath ? `${target.remotePath}/${name}` : name)
  const fileUrl = (path: string) => `${client.server}${jobPath}/${encodePath(path)}`
  const remoteHash = async (path: string): Promise<string> => {
    const res = await client.request({ method: 'GET', path: `${jobPath}/${encodePath(path)}`, version: null, responseType: 'response' })
    return (await digestStream(Readable.fromWeb(res.response!.body as WebReadableStream))).sha256
  }
  try {
    let existing: Set<string>
    try {
      existing = await listing()
    } catch (err) {
      if (err instanceof ApiError && err.status === 404)
        throw err.withHint(
          `GoCD has no job ${job}. Check pipeline, pipeline_counter (e.g. the counter output of trigger-gocd-pipeline), stage, stage_counter and job: the pipeline run must exist before artifacts can be added to it.`
        )
      throw err
    }
    const uploaded = selection.files.map((f) => remote(selection.files.length === 1 ? posix.basename(f.name) : f.name))
    const transfer = { logger: ctx.logger, progressIntervalMs: options.progressIntervalMs }
    let status = 'uploaded'
    if (selection.files.length === 1) {
      const f = selection.files[0]
      const target1 = uploaded[0]
      if (existing.has(target1)) {
        const local = await digestStream(fileSource(f.source))
        if ((await remoteHash(target1)) !== local.sha256)
          throw new ActionError(
            `The job ${job} already has an artifact ${target1} with different content, and GoCD does not replace artifact files. Upload to another remote_path, or into a new run of the pipeline.`
          )
        ctx.logger.info(`${target1} is already in the artifacts of ${job} with identical content (SHA-256 ${local.sha256}); nothing to upload`)
        status = 'unchanged'
      } else {
        const upload = new StreamedUpload(
          { open: () => fileSource(f.source), size: f.size, fileName: posix.basename(f.name), contentType: 'application/octet-stream' },
          { ...transfer, field: 'file', label: `Uploading ${f.name}` }
        )
        ctx.logger.info(`Uploading ${f.name} (${humanBytes(f.size)}) to ${job} as ${target1}`)
        const res = await client.request<string>({
          method: 'POST',
          path: `${jobPath}/${encodePath(target1)}`,
          version: null,
          headers: { ...upload.headers(), ...CONFIRM },
          body: upload.body,
          timeoutMs: UPLOAD_CEILING_MS,
          responseType: 'text',
          reconcile: async () => {
            if (!upload.last.complete || !(await listing()).has(target1)) return undefined
            return (await remoteHash(target1)) === upload.last.sha256 ? 'confirmed from the stored file' : undefined
          }
        })
        if (res.reconciled) ctx.logger.info(`${target1}: the answer was lost, but GoCD holds the file with the SHA-256 of the bytes sent, so the upload succeeded`)
      }
    } else {
      const replaced = uploaded.filter((p) => existing.has(p))
      if (replaced.length) ctx.logger.warning(`${replaced.length} file(s) already exist in the artifacts of ${job} and are replaced by this upload (e.g. ${replaced[0]})`)
      const zip = zipSource(selection.files, { compressionLevel: target.compressionLevel })
      const upload = new StreamedUpload(
        { open: zip.open, inputFraction: zip.inputFraction, fileName: 'artifacts.zip', contentType: 'application/zip' },
        { ...transfer, field: 'zipfile', label: `Uploading ${selection.files.length} files (zip)` }
      )
      ctx.logger.info(`Uploading ${selection.files.length} files (${humanBytes(selection.totalBytes)}) as one zip to ${job}, unpacked into ${target.remotePath || 'the top of its artifacts'}`)
      const res = await client.request<string>({
        method: 'POST',
        path: `${jobPath}/${encodePath(target.remotePath)}`,
        version: null,
        headers: { ...upload.headers(), ...CONFIRM },
        body: upload.body,
        timeoutMs: UPLOAD_CEILING_MS,
        responseType: 'text',
        reconcile: async () => {
          if (!upload.last.complete) return undefined
          const now = await listing()
          return uploaded.every((p) => now.has(p)) ? 'confirmed from the listing' : undefined
        }
      })
      if (res.reconciled) ctx.logger.info(`The answer was lost, but every file is in the artifacts of ${job}, so the upload succeeded`)
    }
    const after = await listing()
    const missing = uploaded.filter((p) => !after.has(p))
    if (missing.length)
      throw new ActionError(`GoCD accepted the upload but ${missing.length} file(s) are not in the artifacts of ${job} (e.g. ${missing[0]}). Upload again; if it persists, check the GoCD server's artifacts disk.`)
    const urls = uploaded.map(fileUrl)
    if (urls.length > MAX_OUTPUT_URLS) ctx.logger.warning(`artifact_urls lists the first ${MAX_OUTPUT_URLS} of ${urls.length} files; the job's listing is ${client.server}${jobPath}.json`)
    ctx.setOutput('artifact_urls', JSON.stringify(urls.slice(0, MAX_OUTPUT_URLS)))
    ctx.logger.info(`${status === 'unchanged' ? 'Already present' : 'Uploaded'}: ${urls.length} file(s) in the artifacts of ${job}`)
    await writeUploadSummary(ctx.summary, selection, {
      title: `${urls.length} file${urls.length === 1 ? '' : 's'} to GoCD job ${job}`,
      rows: [
        ['Job artifacts', link(`${job}${target.remotePath ? ` /${target.remotePath}` : ''}`, client.webUrl(`/tab/build/detail/${encodePath(job)}#tab-artifacts`))],
        ['Status', escapeHtml(status)],
        ...(urls.length === 1 ? [['File', link(uploaded[0], urls[0])] as [string, string]] : [])
      ]
    })
    return urls
  } finally {
    await client.close()
  }
}
