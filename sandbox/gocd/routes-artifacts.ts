/**
 * Job artifacts under `/go/files` (GoCD's `ArtifactsController`): multipart upload of `file` or `zipfile` (parsed
 * as a stream with busboy; zips extracted into the target directory), PUT to append, the `:job.json` listing and
 * downloads (a folder as `<folder>.zip`). Answers are text/plain, as on the real server.
 */
import busboy from 'busboy'
import type { FakeRequest, FakeResponse, Router } from '../common/index.js'
import { gate, type ApiEnv } from './api.js'
import { unzip, type ArtifactStore } from './artifacts.js'

const text = (status: number, body: string): FakeResponse => ({ status, headers: { 'Content-Type': 'text/plain; charset=UTF-8' }, body })

interface Upload {
  field: 'file' | 'zipfile'
  data: Buffer
}

/** Reads the multipart body; the first `file` or `zipfile` part wins, other parts are drained. */
function readUpload(req: FakeRequest): Promise<Upload | undefined> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy
    try {
      parser = busboy({ headers: req.headers })
    } catch {
      req.raw.resume()
      return resolve(undefined)
    }
    let upload: Promise<Upload> | undefined
    parser.on('file', (name, stream) => {
      if ((name === 'file' || name === 'zipfile') && !upload) {
        upload = new Promise((res, rej) => {
          const chunks: Buffer[] = []
          stream.on('data', (c: Buffer) => chunks.push(c))
          stream.on('error', rej)
          stream.on('end', () => res({ field: name, data: Buffer.concat(chunks) }))
        })
      } else stream.resume()
    })
    parser.on('error', reject)
    parser.on('close', () => (upload ? upload.then(resolve, reject) : resolve(undefined)))
    req.raw.pipe(parser)
  })
}

function readRaw(req: FakeRequest): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.raw.on('data', (c: Buffer) => chunks.push(c))
    req.raw.on('error', reject)
    req.raw.on('end', () => resolve(Buffer.concat(chunks)))
  })
}

export function registerArtifactRoutes(env: ApiEnv, router: Router, store: ArtifactStore): void {
  const { state } = env

  /** `RestfulService.findJob`: the run, stage run and job must exist. */
  const findJob = (p: string, pc: string, s: string, sc: string, job: string) => {
    const run = /^\d+$/.test(pc) ? state.run(p, Number(pc)) : undefined
    const stage = run?.stages.find((x) => x.name.toLowerCase() === s.toLowerCase() && String(x.counter) === sc)
    const j = stage?.jobs.find((x) => x.name.toLowerCase() === job.toLowerCase())
    if (!run || !stage || !j) return undefined
    return `${run.name}/${run.counter}/${stage.name}/${stage.counter}/${j.name}`
  }
  const notFound = (p: string, pc: string, s: string, sc: string, job: string) => text(404, `Job ${p}/${pc}/${s}/${sc}/${job} not found.`)
  const authenticated = (req: FakeRequest) => {
    state.sync()
    const gated = gate(env, req, true)
    return 'response' in gated ? gated.response : undefined
  }

  router.get('/go/files/:p/:pc/:s/:sc/*rest', (req, { p, pc, s, sc, rest }) => {
    const denied = authenticated(req)
    if (denied) return denied
    const slash = rest.indexOf('/')
    if (slash < 0 && rest.endsWith('.json')) {
      const job = rest.slice(0, -'.json'.length)
      const key = findJob(p, pc, s, sc, job)
      if (!key) return notFound(p, pc, s, sc, job)
      const jobUrl = `${req.url.protocol}//${req.headers.host}/go/files/${key.split('/').map(encodeURIComponent).join('/')}`
      return { status: 200, body: store.listing(key, jobUrl), contentType: 'application/json; charset=utf-8' }
    }
    const job = slash < 0 ? rest : rest.slice(0, slash)
    const path = slash < 0 ? '' : rest.slice(slash + 1)
    const key = findJob(p, pc, s, sc, job)
    if (!key) return notFound(p, pc, s, sc, job)
    if (path.includes('..')) return text(403, `Url ${path} contains forbidden characters.`)
    if (store.isFile(key, path)) {
      return { status: 200, headers: { 'Content-Type': 'application/octet-stream' }, body: store.filesOf(key).get(path) }
    }
    if (path.endsWith('.zip') && store.isFolder(key, path.slice(0, -4))) {
      return { status: 200, headers: { 'Content-Type': 'application/zip' }, body: store.zipFolder(key, path.slice(0, -4)) }
    }
    return text(404, `Artifact '${path}' is unavailable as it may have been purged by Go or deleted externally.`)
  })

  router.post('/go/files/:p/:pc/:s/:sc/:job/*path', async (req, { p, pc, s, sc, job, path }) => {
    const denied = authenticated(req)
    if (denied) return denied
    const confirmed = ['confirm', 'x-gocd-confirm'].some((h) => String(req.headers[h] ?? '').toLowerCase() === 'true')
    if (!confirmed) {
      req.raw.resume()
      return text(400, "Missing required header 'Confirm'")
    }
    const key = findJob(p, pc, s, sc, job)
    if (!key) {
      req.raw.resume()
      return notFound(p, pc, s, sc, job)
    }
    if (path.includes('..')) {
      req.raw.resume()
      return text(403, `Url ${path} contains forbidden characters.`)
    }
    if (store.isFile(key, path)) {
      req.raw.resume()
      return text(403, `File ${path} already directoryExists.`)
    }
    const upload = await readUpload(req)
    if (!upload) return text(400, "Invalid request. MultipartFile must have name 'file' or 'zipfile' (to automatically unzip stream)")
    const target = path.replace(/\/+$/, '')
    if (upload.field === 'file') {
      store.put(key, target, upload.data)
      state.ledgerRecord('artifact', `${key}/${target}`, { bytes: upload.data.length })
    } else {
      let entries: { name: string; data: Buffer }[]
      try {
        entries = await unzip(upload.data)
      } catch {
        return text(500, `Error saving file ${path}`)
      }
      for (const e of entries) {
        const name = target ? `${target}/${e.name}` : e.name
        store.put(key, name, e.data)
        state.ledgerRecord('artifact', `${key}/${name}`, { bytes: e.data.length })
      }
    }
    return text(201, `File ${path} was created successfully`)
  })

  router.put('/go/files/:p/:pc/:s/:sc/:job/*path', async (req, { p, pc, s, sc, job, path }) => {
    const denied = authenticated(req)
    if (denied) return denied
    if (path.includes('..')) {
      req.raw.resume()
      return text(403, `Url ${path} contains forbidden characters.`)
    }
    const key = findJob(p, pc, s, sc, job)
    if (!key) {
      req.raw.resume()
      return notFound(p, pc, s, sc, job)
    }
    const data = await readRaw(req)
    store.append(key, path, data)
    state.ledgerRecord('artifact-append', `${key}/${path}`, { bytes: data.length })
    return text(200, `File ${path} was appended successfully`)
  })
}
