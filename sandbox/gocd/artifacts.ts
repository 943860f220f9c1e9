/**
 * In-memory artifact storage per job (`pipeline/counter/stage/stageCounter/job` -> path -> bytes), with GoCD's JSON
 * folder listing, zip extraction of `zipfile` uploads (yauzl) and zipping of a folder for download (archiver).
 */
import type { Archiver } from 'archiver'
import { createRequire } from 'node:module'
import { PassThrough, type Readable } from 'node:stream'
import yauzl from 'yauzl'

// archiver 7 is CommonJS (`archiver(format)`), while the installed @types/archiver describes v8's classes.
const archiver = createRequire(import.meta.url)('archiver') as (format: 'zip') => Archiver

export interface ArtifactEntry {
  name: string
  url: string
  type: 'file' | 'folder'
  files?: ArtifactEntry[]
}

export class ArtifactStore {
  private readonly jobs = new Map<string, Map<string, Buffer>>()

  filesOf(jobKey: string): Map<string, Buffer> {
    let files = this.jobs.get(jobKey)
    if (!files) {
      files = new Map()
      this.jobs.set(jobKey, files)
    }
    return files
  }

  isFile(jobKey: string, path: string): boolean {
    return this.filesOf(jobKey).has(path)
  }

  isFolder(jobKey: string, path: string): boolean {
    const prefix = path.replace(/\/+$/, '') + '/'
    return [...this.filesOf(jobKey).keys()].some((p) => p.startsWith(prefix))
  }

  put(jobKey: string, path: string, data: Buffer): void {
    this.filesOf(jobKey).set(path, data)
  }

  append(jobKey: string, path: string, data: Buffer): void {
    const files = this.filesOf(jobKey)
    files.set(path, Buffer.concat([files.get(path) ?? Buffer.alloc(0), data]))
  }

  /** The `:job.json` listing: a tree of folders and files with download URLs. */
  listing(jobKey: string, jobUrl: string): ArtifactEntry[] {
    interface Node {
      children: Map<string, Node>
      file: boolean
    }
    const root: Node = { children: new Map(), file: false }
    for (const path of [...this.filesOf(jobKey).keys()].sort()) {
      let node = root
      for (const part of path.split('/')) {
        let child = node.children.get(part)
        if (!child) {
          child = { children: new Map(), file: false }
          node.children.set(part, child)
        }
        node = child
      }
      node.file = true
    }
    const render = (node: Node, prefix: string): ArtifactEntry[] =>
      [...node.children].map(([name, child]) => {
        const url = `${prefix}/${encodeURIComponent(name)}`
        return child.file && child.children.size === 0
          ? { name, url, type: 'file' as const }
          : { name, url, type: 'folder' as const, files: render(child, url) }
      })
    return render(root, jobUrl)
  }

  /** A zip of everything under `folder` (entry names relative to it). */
  zipFolder(jobKey: string, folder: string): Readable {
    const prefix = folder.replace(/\/+$/, '') + '/'
    const archive = archiver('zip')
    const out = new PassThrough()
    archive.on('error', (err: Error) => out.destroy(err))
    archive.pipe(out)
    for (const [path, data] of this.filesOf(jobKey)) {
      if (path.startsWith(prefix)) archive.append(data, { name: path.slice(prefix.length) })
    }
    void archive.finalize()
    return out
  }
}

/** Extracts the files of a zip (directories skipped), rejecting entry names yauzl considers unsafe. */
export function unzip(buffer: Buffer): Promise<{ name: string; data: Buffer }[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('invalid zip'))
      const out: { name: string; data: Buffer }[] = []
      zip.on('error', reject)
      zip.on('end', () => resolve(out))
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/')) return zip.readEntry()
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('unreadable entry'))
          const chunks: Buffer[] = []
          stream.on('data', (c: Buffer) => chunks.push(c))
          stream.on('error', reject)
          stream.on('end', () => {
            out.push({ name: entry.fileName, data: Buffer.concat(chunks) })
            zip.readEntry()
          })
        })
      })
      zip.readEntry()
    })
  })
}
