/**
 * The built-in feed: `POST …/packages/raw?overwriteMode=FailIfExists|OverwriteExisting|IgnoreIfExists` (legacy
 * `replace=true`) takes the single multipart file part whatever its field name (`fileToUpload` from api-client,
 * `file` from go-octopusdeploy), parsed by busboy as it streams; sha256 and sha1 are computed on the way, and the
 * bytes stay in memory when small, else go to a temp file. Also package listing, download and
 * `feeds/{id}/packages/versions` for the legacy release flow.
 */
import type { Archiver } from 'archiver'
import busboy from 'busboy'
import { createHash } from 'node:crypto'
import { createWriteStream, type WriteStream } from 'node:fs'
import { createRequire } from 'node:module'
import type { FakeRequest } from '../common/index.js'
import { BUILT_IN_FEED_ID } from './builders.js'
import { intParam, paged } from './collection.js'
import type { OctopusContext } from './context.js'
import { invalid, MESSAGES, notFound, OctopusError } from './errors.js'
import type { Space, StoredPackage } from './model.js'
import { PackageStore } from './package-store.js'
import type { OctoRoutes } from './routes.js'
import { SEED_PACKAGES } from './seed.js'
import type { OctopusStore } from './store.js'
import { compareVersions, tagOf } from './versions.js'

// archiver 7 is CommonJS (`archiver(format, options)`); the installed @types/archiver describes v8's classes.
const archiver = createRequire(import.meta.url)('archiver') as (format: 'zip', options?: { zlib?: { level: number } }) => Archiver

const EXTENSIONS = ['.tar.gz', '.tar.bz2', '.tar.Z', '.tgz', '.tbz', '.zip', '.nupkg', '.tar', '.jar', '.war', '.ear', '.rar']
const NAME = /^([A-Za-z0-9_][A-Za-z0-9_.-]*?)\.(\d+(?:\.\d+){0,3}(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)$/

export function parsePackageFileName(fileName: string): { packageId: string; version: string; extension: string } | undefined {
  const ext = EXTENSIONS.find((e) => fileName.toLowerCase().endsWith(e.toLowerCase()))
  if (!ext) return undefined
  const m = NAME.exec(fileName.slice(0, -ext.length))
  return m ? { packageId: m[1], version: m[2], extension: ext } : undefined
}

type OverwriteMode = 'FailIfExists' | 'OverwriteExisting' | 'IgnoreIfExists'

function overwriteMode(req: FakeRequest): OverwriteMode {
  const mode = req.query.get('overwriteMode')
  if (mode) {
    const found = (['FailIfExists', 'OverwriteExisting', 'IgnoreIfExists'] as const).find((m) => m.toLowerCase() === mode.toLowerCase())
    if (!found) throw invalid(`'${mode}' is not a valid overwriteMode (FailIfExists, OverwriteExisting, IgnoreIfExists).`)
    return found
  }
  return req.query.get('replace')?.toLowerCase() === 'true' ? 'OverwriteExisting' : 'FailIfExists'
}

interface Received {
  fileName: string
  sha256: string
  sha1: string
  size: number
  bytes?: Buffer
  path?: string
}

/** Streams the multipart body through busboy; the first file part is the package. */
function receive(req: FakeRequest, feed: PackageStore): Promise<Received> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy
    try {
      bb = busboy({ headers: req.headers, limits: { files: 1 } })
    } catch {
      reject(invalid('The package must be uploaded as multipart/form-data.'))
      return
    }
    let pending: Promise<Received> | undefined
    let tooMany = false
    bb.on('file', (_field, stream, info) => {
      const sha256 = createHash('sha256')
      const sha1 = createHash('sha1')
      const chunks: Buffer[] = []
      let size = 0
      let file: WriteStream | undefined
      let path: string | undefined
      pending = new Promise<Received>((res, rej) => {
        stream.on('data', (chunk: Buffer) => {
          sha256.update(chunk)
          sha1.update(chunk)
          size += chunk.length
          if (file) {
            if (!file.write(chunk)) {
              stream.pause()
              file.once('drain', () => stream.resume())
            }
            return
          }
          chunks.push(chunk)
          if (!feed.keepInMemory && size > feed.memoryLimit) {
            path = feed.tempPath()
            file = createWriteStream(path)
            file.on('error', rej)
            file.write(Buffer.concat(chunks))
            chunks.length = 0
          }
        })
        stream.on('error', rej)
        stream.on('end', () => {
          const done = () => res({ fileName: info.filename ?? '', sha256: sha256.digest('hex'), sha1: sha1.digest('hex'), size, path, bytes: file ? undefined : Buffer.concat(chunks) })
          if (file) file.end(done)
          else done()
        })
      })
    })
    bb.on('filesLimit', () => {
      tooMany = true
    })
    bb.on('error', (err) => reject(invalid(`The multipart body could not be read: ${(err as Error).message}`)))
    bb.on('close', () => {
      if (tooMany) reject(invalid('Only one package file can be uploaded per request.'))
      else if (!pending) reject(invalid('No package file was found in the request. Upload the package as a multipart/form-data file part.'))
      else pending.then(resolve, reject)
    })
    req.raw.pipe(bb)
  })
}

async function upload(ctx: OctopusContext, feed: PackageStore, space: Space, req: FakeRequest) {
  const mode = overwriteMode(req)
  const got = await receive(req, feed)
  const cleanup = () => {
    if (got.path) feed.discard(got.path)
  }
  const parsed = parsePackageFileName(got.fileName)
  if (!parsed) {
    cleanup()
    throw invalid(`The package file name '${got.fileName}' is not valid: it must be <PackageId>.<Version>.<ext>, for example Acme.Web.1.0.0.zip.`)
  }
  const existing = feed.find(space.Id, parsed.packageId, parsed.version)
  if (existing && mode === 'FailIfExists') {
    cleanup()
    throw new OctopusError(409, MESSAGES.packageExists(existing.PackageId, existing.Version))
  }
  if (existing && mode === 'IgnoreIfExists') {
    cleanup()
    return PackageStore.resource(existing)
  }
  const pkg: StoredPackage = {
    SpaceId: space.Id,
    PackageId: parsed.packageId,
    Version: parsed.version,
    FileExtension: parsed.extension,
    FeedId: BUILT_IN_FEED_ID,
    Sha256: got.sha256,
    Sha1: got.sha1,
    Size: got.size,
    Published: new Date(ctx.clock.now()).toISOString(),
    bytes: got.bytes,
    path: got.path
  }
  feed.put(pkg)
  ctx.ledger.record('package', `${space.Id}/${pkg.PackageId}.${pkg.Version}`, { sha256: pkg.Sha256, size: pkg.Size, overwritten: Boolean(existing) })
  return PackageStore.resource(pkg)
}

export function registerPackageRoutes(routes: OctoRoutes, ctx: OctopusContext, feed: PackageStore): void {
  routes.spaced('POST', '/packages/raw', async (req, _p, { space }) => ({ status: 200, body: await upload(ctx, feed, space, req) }))
  routes.spaced('GET', '/packages', (req, _p, { space }) => {
    const id = req.query.get('nuGetPackageId')
    const filter = req.query.get('filter')?.toLowerCase()
    let items = feed.all(space.Id).filter((p) => (!id || p.PackageId.toLowerCase() === id.toLowerCase()) && (!filter || p.PackageId.toLowerCase().includes(filter)))
    if (req.query.get('latest')?.toLowerCase() === 'true') items = [...new Set(items.map((p) => p.PackageId.toLowerCase()))].map((pid) => feed.versions(space.Id, pid)[0])
    const resources = items.sort((a, b) => a.PackageId.localeCompare(b.PackageId) || compareVersions(b.Version, a.Version)).map(PackageStore.resource)
    return { status: 200, body: paged(req, 'Package', resources, `/api/${space.Id}/packages`, `/api/${space.Id}/packages{/id}{?nuGetPackageId,filter,latest,skip,take,includeNotes}`) }
  })
  const byResourceId = (space: Space, id: string) => {
    const pkg = feed.all(space.Id).find((p) => `packages-${p.PackageId}.${p.Version}`.toLowerCase() === id.toLowerCase())
    if (!pkg) throw notFound(id)
    return pkg
  }
  routes.spaced('GET', '/packages/:id', (_req, p, { space }) => ({ status: 200, body: PackageStore.resource(byResourceId(space, p.id)) }))
  routes.spaced('GET', '/packages/:id/raw', (_req, p, { space }) => {
    const pkg = byResourceId(space, p.id)
    return {
      status: 200,
      headers: {
        'Content-Type': 'application/octet-stream',
        'Content-Length': String(pkg.Size),
        'Content-Disposition': `attachment; filename="${pkg.PackageId}.${pkg.Version}${pkg.FileExtension}"`
      },
      body: feed.stream(pkg)
    }
  })
  routes.spaced('GET', '/feeds/:feedId/packages/versions', (req, p, { space }) => {
    if (p.feedId.toLowerCase() !== BUILT_IN_FEED_ID) throw notFound(p.feedId)
    const packageId = req.query.get('packageId')
    if (!packageId) throw invalid('The packageId parameter is required.')
    const pre = req.query.get('includePreRelease')?.toLowerCase() === 'true'
    const items = feed
      .versions(space.Id, packageId)
      .filter((x) => pre || tagOf(x.Version) === '')
      .map((x) => ({
        Id: `packages-${x.PackageId}.${x.Version}`,
        PackageId: x.PackageId,
        Version: x.Version,
        Title: x.PackageId,
        Published: x.Published,
        SizeBytes: x.Size,
        FeedId: BUILT_IN_FEED_ID,
        ReleaseNotes: null,
        Links: {}
      }))
    const base = `/api/${space.Id}/feeds/${BUILT_IN_FEED_ID}/packages/versions`
    return { status: 200, body: paged(req, 'PackageVersion', items, base, `${base}{?packageId,take,skip,includePreRelease}`, intParam(req, 'take', 30)) }
  })
}

function zip(entries: Record<string, string>): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const archive = archiver('zip', { zlib: { level: 1 } })
    const chunks: Buffer[] = []
    archive.on('data', (c: Buffer) => chunks.push(c))
    archive.on('end', () => resolve(Buffer.concat(chunks)))
    archive.on('error', reject)
    for (const [name, content] of Object.entries(entries)) archive.append(content, { name, date: new Date('2026-01-01T00:00:00Z') })
    void archive.finalize()
  })
}

/** Puts the seed packages (small real zips) into the default space's built-in feed. */
const seedZips = new Map<string, Promise<Buffer>>()

export async function storeSeedPackages(store: OctopusStore, feed: PackageStore): Promise<void> {
  const space = store.defaultSpace()
  for (const [packageId, version] of SEED_PACKAGES) {
    const key = `${packageId}@${version}`
    if (!seedZips.has(key)) seedZips.set(key, zip({ 'README.txt': `${packageId} ${version}\n`, 'deployment.yaml': `image: ${packageId}:${version}\n` }))
    const bytes = await seedZips.get(key)!
    feed.put({
      SpaceId: space.Id,
      PackageId: packageId,
      Version: version,
      FileExtension: '.zip',
      FeedId: BUILT_IN_FEED_ID,
      Sha256: createHash('sha256').update(bytes).digest('hex'),
      Sha1: createHash('sha1').update(bytes).digest('hex'),
      Size: bytes.length,
      Published: '2026-01-01T00:00:00.000Z',
      bytes
    })
  }
}
