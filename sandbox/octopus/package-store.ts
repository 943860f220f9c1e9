/**
 * The built-in feed's storage: package metadata per space, the sha256 (and sha1, the `Hash` real servers report)
 * of every stored file, and the bytes, kept in memory when small (or when asked) and otherwise in a temp file.
 */
import { createReadStream, mkdtempSync, rmSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { BUILT_IN_FEED_ID } from './builders.js'
import type { StoredPackage } from './model.js'
import { compareVersions, sameVersion } from './versions.js'

export class PackageStore {
  private readonly packages: StoredPackage[] = []
  private dir: string | undefined
  private fileCounter = 0

  constructor(
    /** Uploads up to this size stay in memory (bytes). */
    readonly memoryLimit = 1024 * 1024,
    /** Keep every upload in memory, whatever its size. */
    public keepInMemory = false
  ) {}

  tempPath(): string {
    this.dir ??= mkdtempSync(join(tmpdir(), 'octopus-fake-feed-'))
    return join(this.dir, `upload-${++this.fileCounter}.bin`)
  }

  /** Removes a temp file that did not become a stored package. */
  discard(path: string): void {
    rmSync(path, { force: true })
  }

  find(spaceId: string, packageId: string, version: string): StoredPackage | undefined {
    return this.packages.find(
      (p) => p.SpaceId === spaceId && p.PackageId.toLowerCase() === packageId.toLowerCase() && sameVersion(p.Version, version)
    )
  }

  /** Stored versions of a package, highest first. */
  versions(spaceId: string, packageId: string): StoredPackage[] {
    return this.packages
      .filter((p) => p.SpaceId === spaceId && p.PackageId.toLowerCase() === packageId.toLowerCase())
      .sort((a, b) => compareVersions(b.Version, a.Version))
  }

  all(spaceId: string): StoredPackage[] {
    return this.packages.filter((p) => p.SpaceId === spaceId)
  }

  /** Adds or replaces (same id and version) a package; returns the replaced one, if any. */
  put(pkg: StoredPackage): StoredPackage | undefined {
    const i = this.packages.findIndex((p) => p.SpaceId === pkg.SpaceId && p.PackageId.toLowerCase() === pkg.PackageId.toLowerCase() && sameVersion(p.Version, pkg.Version))
    const old = i >= 0 ? this.packages[i] : undefined
    if (i >= 0) this.packages.splice(i, 1, pkg)
    else this.packages.push(pkg)
    if (old?.path && old.path !== pkg.path) rmSync(old.path, { force: true })
    return old
  }

  /** The stored bytes of a package (from memory or its temp file). */
  async bytes(pkg: StoredPackage): Promise<Buffer> {
    if (pkg.bytes) return pkg.bytes
    if (pkg.path) return readFile(pkg.path)
    throw new Error(`no content stored for ${pkg.PackageId} ${pkg.Version}`)
  }

  stream(pkg: StoredPackage): NodeJS.ReadableStream {
    if (pkg.path) return createReadStream(pkg.path)
    return Readable.from([pkg.bytes ?? Buffer.alloc(0)])
  }

  close(): void {
    if (this.dir) rmSync(this.dir, { recursive: true, force: true })
    this.dir = undefined
  }

  static resource(p: StoredPackage) {
    return {
      Id: `packages-${p.PackageId}.${p.Version}`,
      SpaceId: p.SpaceId,
      PackageId: p.PackageId,
      Version: p.Version,
      Title: p.PackageId,
      Summary: null,
      Description: null,
      Published: p.Published,
      ReleaseNotes: null,
      FileExtension: p.FileExtension,
      FeedId: BUILT_IN_FEED_ID,
      PackageSizeBytes: p.Size,
      Hash: p.Sha1,
      PackageVersionBuildInformation: null,
      Links: {
        Self: `/api/${p.SpaceId}/packages/packages-${p.PackageId}.${p.Version}`,
        Raw: `/api/${p.SpaceId}/packages/packages-${p.PackageId}.${p.Version}/raw`
      }
    }
  }
}
