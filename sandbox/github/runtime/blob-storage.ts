/**
 * Azure Blob Storage as `@azure/storage-blob` talks to it, behind SAS-signed URLs: Put Block
 * (`PUT ?comp=block&blockid=`), Put Block List (`PUT ?comp=blocklist`, XML), Put Blob (`PUT` +
 * `x-ms-blob-type: BlockBlob`), Get Blob / Get Blob Properties. Bodies stream to temp files (never buffered), the
 * committed blob's SHA-256 and size are computed while concatenating. Errors are Azure's XML `<Error><Code>`.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto'
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { parseXML } from '@azure/core-xml'
import type { Clock, FakeRequest, FakeResponse, Router } from '../../common/index.js'

export const BLOB_PREFIX = '/blob/actions-results/'
const API_VERSION = '2025-01-05'

export interface CommittedBlob {
  file: string
  size: number
  sha256: string
  contentType: string
  etag: string
  lastModified: Date
}

function azureError(status: number, code: string, message: string): FakeResponse {
  const requestId = randomBytes(16).toString('hex')
  return {
    status,
    headers: { 'content-type': 'application/xml', 'x-ms-error-code': code, 'x-ms-request-id': requestId },
    body: `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}\nRequestId:${requestId}\nTime:${new Date().toISOString()}</Message></Error>`
  }
}

export class BlobStorage {
  readonly dir = mkdtempSync(join(tmpdir(), 'gh-fake-blobs-'))
  private readonly secret = randomBytes(32)
  private readonly committed = new Map<string, CommittedBlob>()
  private readonly staged = new Map<string, Map<string, string>>()
  private fileSeq = 0
  /** Every operation, for tests (`put-block`, `put-block-list`, `put-blob`, `get-blob`). */
  readonly operations: { op: string; key: string; bytes?: number }[] = []

  constructor(private readonly clock: Clock, private readonly origin: () => string) {}

  private sign(key: string, sp: string, se: string): string {
    return createHmac('sha256', this.secret).update(`${sp}\n${se}\n${key}`).digest('base64')
  }

  /** A SAS URL for a blob key: `sp=cw` to upload, `sp=r` to download. */
  signedUrl(key: string, sp: 'cw' | 'r', ttlMs: number, contentDisposition?: string): string {
    const se = new Date(this.clock.now() + ttlMs).toISOString().replace(/\.\d+Z$/, 'Z')
    const q = new URLSearchParams({ sv: API_VERSION, sr: 'b', se, sp, sig: this.sign(key, sp, se) })
    if (contentDisposition) q.set('rscd', contentDisposition)
    return `${this.origin()}${BLOB_PREFIX}${key}?${q}`
  }

  blob(key: string): CommittedBlob | undefined {
    return this.committed.get(key)
  }

  delete(key: string): void {
    const b = this.committed.get(key)
    if (b) rmSync(b.file, { force: true })
    this.committed.delete(key)
    for (const f of this.staged.get(key)?.values() ?? []) rmSync(f, { force: true })
    this.staged.delete(key)
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true })
  }

  private authorize(req: FakeRequest, key: string, need: 'r' | 'w'): FakeResponse | undefined {
    const sp = req.query.get('sp') ?? ''
    const se = req.query.get('se') ?? ''
    const sig = req.query.get('sig') ?? ''
    if (!sig || sig !== this.sign(key, sp, se))
      return azureError(403, 'AuthenticationFailed', 'Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.')
    if (Date.parse(se) < this.clock.now()) return azureError(403, 'AuthenticationFailed', 'Signed expiry time has to be after signed start time')
    if (!sp.includes(need)) return azureError(403, 'AuthorizationPermissionMismatch', 'This request is not authorized to perform this operation using this permission.')
    return undefined
  }

  private async receive(req: FakeRequest): Promise<{ file: string; size: number }> {
    const file = join(this.dir, `part-${++this.fileSeq}`)
    await pipeline(req.raw, createWriteStream(file))
    return { file, size: statSync(file).size }
  }

  private common(req: FakeRequest): Record<string, string> {
    return { 'x-ms-request-id': randomBytes(16).toString('hex'), 'x-ms-version': String(req.headers['x-ms-version'] ?? API_VERSION), date: new Date().toUTCString() }
  }

  private async commit(key: string, parts: string[], contentType: string): Promise<CommittedBlob> {
    const file = join(this.dir, `blob-${++this.fileSeq}`)
    const hash = createHash('sha256')
    const out = createWriteStream(file)
    for (const part of parts) {
      await pipeline(createReadStream(part), async function* (source) {
        for await (const chunk of source) {
          hash.update(chunk as Buffer)
          yield chunk
        }
      }, out, { end: false })
    }
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())))
    const previous = this.committed.get(key)
    if (previous) rmSync(previous.file, { force: true })
    const blob: CommittedBlob = { file, size: statSync(file).size, sha256: hash.digest('hex'), contentType, etag: `"0x${randomBytes(8).toString('hex').toUpperCase()}"`, lastModified: new Date(this.clock.now()) }
    this.committed.set(key, blob)
    return blob
  }

  private async put(req: FakeRequest, key: string): Promise<FakeResponse> {
    const denied = this.authorize(req, key, 'w')
    if (denied) return denied
    const comp = req.query.get('comp')
    if (comp === 'block') {
      const blockId = req.query.get('blockid') ?? ''
      const raw = Buffer.from(blockId, 'base64')
      if (!blockId || raw.length === 0 || raw.length > 64 || raw.toString('base64') !== blockId)
        return azureError(400, 'InvalidQueryParameterValue', 'Value for one of the query parameters specified in the request URI is invalid.')
      // Registered before the body is read: blocks staged concurrently for a new blob must land in the same map.
      const blocks = this.staged.get(key) ?? new Map<string, string>()
      this.staged.set(key, blocks)
      const sameLength = [...blocks.keys()].every((id) => id.length === blockId.length)
      if (!sameLength) return azureError(400, 'InvalidBlobOrBlock', 'The specified blob or block content is invalid.')
      const { file, size } = await this.receive(req)
      const old = blocks.get(blockId)
      if (old) rmSync(old, { force: true })
      blocks.set(blockId, file)
      this.operations.push({ op: 'put-block', key, bytes: size })
      return { status: 201, headers: { ...this.common(req), 'x-ms-request-server-encrypted': 'true' } }
    }
    if (comp === 'blocklist') {
      const xml = (await req.body()).toString('utf8')
      let ids: string[]
      try {
        const parsed = (await parseXML(xml, { includeRoot: true })) as { BlockList?: Record<string, string | string[]> }
        if (!parsed.BlockList) throw new Error('no BlockList')
        ids = ['Latest', 'Uncommitted', 'Committed'].flatMap((k) => {
          const v = parsed.BlockList![k]
          return v === undefined ? [] : Array.isArray(v) ? v : [v]
        })
      } catch {
        return azureError(400, 'InvalidXmlDocument', 'XML specified is not syntactically valid.')
      }
      const blocks = this.staged.get(key) ?? new Map<string, string>()
      const files = ids.map((id) => blocks.get(String(id)))
      if (files.some((f) => !f)) return azureError(400, 'InvalidBlockList', 'The specified block list is invalid.')
      const contentType = String(req.headers['x-ms-blob-content-type'] ?? 'application/octet-stream')
      const blob = await this.commit(key, files as string[], contentType)
      for (const f of blocks.values()) rmSync(f, { force: true })
      this.staged.delete(key)
      this.operations.push({ op: 'put-block-list', key, bytes: blob.size })
      return { status: 201, headers: { ...this.common(req), etag: blob.etag, 'last-modified': blob.lastModified.toUTCString(), 'x-ms-request-server-encrypted': 'true' } }
    }
    if (comp) return azureError(400, 'InvalidQueryParameterValue', `Value for one of the query parameters specified in the request URI is invalid.`)
    if (req.headers['x-ms-blob-type'] !== 'BlockBlob') return azureError(400, 'MissingRequiredHeader', 'An HTTP header that\'s mandatory for this request is not specified.')
    const { file, size } = await this.receive(req)
    const contentType = String(req.headers['x-ms-blob-content-type'] ?? req.headers['content-type'] ?? 'application/octet-stream')
    const blob = await this.commit(key, [file], contentType)
    rmSync(file, { force: true })
    this.operations.push({ op: 'put-blob', key, bytes: size })
    return { status: 201, headers: { ...this.common(req), etag: blob.etag, 'last-modified': blob.lastModified.toUTCString(), 'x-ms-request-server-encrypted': 'true' } }
  }

  private get(req: FakeRequest, key: string, head: boolean): FakeResponse {
    const denied = this.authorize(req, key, 'r')
    if (denied) return denied
    const blob = this.committed.get(key)
    if (!blob) return azureError(404, 'BlobNotFound', 'The specified blob does not exist.')
    this.operations.push({ op: head ? 'get-blob-properties' : 'get-blob', key, bytes: blob.size })
    const headers: Record<string, string> = {
      ...this.common(req),
      'content-type': blob.contentType,
      'content-length': String(blob.size),
      etag: blob.etag,
      'last-modified': blob.lastModified.toUTCString(),
      'x-ms-blob-type': 'BlockBlob',
      'accept-ranges': 'bytes'
    }
    const disposition = req.query.get('rscd')
    if (disposition) headers['content-disposition'] = disposition
    return { status: 200, headers, body: head ? undefined : createReadStream(blob.file) }
  }

  register(router: Router): void {
    const keyOf = (req: FakeRequest) => decodeURIComponent(req.path.slice(BLOB_PREFIX.length))
    router.put(`${BLOB_PREFIX}*key`, (req) => this.put(req, keyOf(req)))
    router.get(`${BLOB_PREFIX}*key`, (req) => this.get(req, keyOf(req), false))
    router.add('HEAD', `${BLOB_PREFIX}*key`, (req) => this.get(req, keyOf(req), true))
  }
}
