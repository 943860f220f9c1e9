/**
 * Workflow artifacts: created by the results service (CreateArtifact -> blob upload -> FinalizeArtifact), listed and
 * downloaded through the REST API and the results service alike, deleted by either.
 */
import { createHash } from 'node:crypto'
import type { Clock } from '../../common/index.js'
import { ghTime, ghTimeOf } from '../time.js'
import type { BlobStorage } from './blob-storage.js'
import type { Job, Run } from './jobs.js'

export interface Artifact {
  /** Database id (REST `id`, Twirp `database_id` / `artifact_id`), assigned at creation. */
  id: number
  name: string
  run: Run
  job: Job
  blobKey: string
  mimeType: string
  version: number
  created_at: string
  updated_at: string
  expires_at: string
  finalized: boolean
  size?: number
  /** `sha256:<hex>` of the uploaded bytes. */
  digest?: string
}

/** Characters GitHub refuses in artifact names (`path-and-artifact-name-validation.ts`). */
export const INVALID_NAME_CHARS = ['"', ':', '<', '>', '|', '*', '?', '\r', '\n', '\\', '/']

export class ArtifactStore {
  readonly artifacts = new Map<number, Artifact>()
  private nextId = 1_000_000

  constructor(readonly blobs: BlobStorage, private readonly clock: Clock) {}

  /** Now, as GitHub stamps artifacts (whole seconds). */
  now(): string {
    return ghTime(this.clock.now())
  }

  create(job: Job, name: string, mimeType: string, version: number, expiresAt?: string): Artifact {
    const isZip = mimeType === 'application/zip'
    const digest = createHash('sha256').update(`${job.run.backendId}/${name}`).digest('hex')
    const blobKey = `${job.run.backendId}/workflow-job-run-${job.backendId}/artifacts/${digest}${isZip ? '.zip' : ''}`
    const now = this.now()
    const artifact: Artifact = {
      id: ++this.nextId,
      name,
      run: job.run,
      job,
      blobKey,
      mimeType,
      version,
      created_at: now,
      updated_at: now,
      expires_at: expiresAt ? ghTimeOf(expiresAt) : ghTime(this.clock.now() + 90 * 86400_000),
      finalized: false
    }
    this.artifacts.set(artifact.id, artifact)
    return artifact
  }

  /** Finalized artifacts of a run, oldest first. */
  ofRun(run: Run): Artifact[] {
    return [...this.artifacts.values()].filter((a) => a.finalized && a.run === run)
  }

  pending(run: Run, name: string): Artifact | undefined {
    return [...this.artifacts.values()].find((a) => !a.finalized && a.run === run && a.name === name)
  }

  finalizedByName(run: Run, name: string): Artifact | undefined {
    return this.ofRun(run).find((a) => a.name === name)
  }

  expired(a: Artifact): boolean {
    return Date.parse(a.expires_at) <= this.clock.now()
  }

  delete(a: Artifact): void {
    this.blobs.delete(a.blobKey)
    this.artifacts.delete(a.id)
  }

  uploadUrl(a: Artifact): string {
    return this.blobs.signedUrl(a.blobKey, 'cw', 6 * 3600_000)
  }

  downloadUrl(a: Artifact): string {
    const disposition = a.mimeType === 'application/zip' ? undefined : `attachment; filename="${a.name.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(a.name)}`
    return this.blobs.signedUrl(a.blobKey, 'r', 60_000, disposition)
  }
}
