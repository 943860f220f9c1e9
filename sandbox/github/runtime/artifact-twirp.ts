/**
 * The artifact results service `@actions/artifact` v6 calls:
 * `POST /twirp/github.actions.results.api.v1.ArtifactService/{CreateArtifact,FinalizeArtifact,ListArtifacts,
 * GetSignedArtifactURL,DeleteArtifact}`, Twirp JSON with proto field names and int64 as strings, authenticated by
 * the `ACTIONS_RUNTIME_TOKEN` JWT (signature checked) whose `scp` holds `Actions.Results:<run>:<job>` backend ids.
 * Request bodies are checked strictly (unknown fields, types); errors are Twirp's `{code, msg}`.
 */
import { Ajv, type ValidateFunction } from 'ajv'
import type { FakeRequest, FakeResponse, Ledger, Router } from '../../common/index.js'
import { INVALID_NAME_CHARS, type Artifact, type ArtifactStore } from './artifacts.js'
import type { Job, JobRegistry } from './jobs.js'
import type { OidcIssuer } from './oidc.js'

export const TWIRP_PREFIX = '/twirp/github.actions.results.api.v1.ArtifactService/'

const STATUS: Record<string, number> = {
  invalid_argument: 400, malformed: 400, unauthenticated: 401, permission_denied: 403, not_found: 404, bad_route: 404,
  already_exists: 409, failed_precondition: 412, resource_exhausted: 429, internal: 500, unavailable: 503
}

const twirpError = (code: string, msg: string): FakeResponse => ({ status: STATUS[code] ?? 500, body: { code, msg } })

const ids = { workflow_run_backend_id: { type: 'string', minLength: 1 }, workflow_job_run_backend_id: { type: 'string', minLength: 1 } }
const int64 = { type: 'string', pattern: '^-?\\d+$' }
const obj = (properties: Record<string, unknown>, required: string[]) => ({ type: 'object', additionalProperties: false, properties: { ...ids, ...properties }, required: ['workflow_run_backend_id', 'workflow_job_run_backend_id', ...required] })
const SCHEMAS: Record<string, Record<string, unknown>> = {
  CreateArtifact: obj({ name: { type: 'string' }, expires_at: { type: 'string', format: 'date-time' }, version: { type: 'integer' }, mime_type: { type: 'string' } }, ['name']),
  FinalizeArtifact: obj({ name: { type: 'string' }, size: int64, hash: { type: 'string' } }, ['name']),
  ListArtifacts: obj({ name_filter: { type: 'string' }, id_filter: int64 }, []),
  GetSignedArtifactURL: obj({ name: { type: 'string' } }, ['name']),
  DeleteArtifact: obj({ name: { type: 'string' } }, ['name'])
}

let validators: Record<string, ValidateFunction> | undefined
function validator(method: string): ValidateFunction | undefined {
  if (!validators) {
    const ajv = new Ajv({ strict: false, allErrors: true })
    ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/)
    validators = Object.fromEntries(Object.entries(SCHEMAS).map(([k, s]) => [k, ajv.compile(s)]))
  }
  return validators[method]
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = Record<string, any>

export interface TwirpDeps {
  oidc: OidcIssuer
  jobs: JobRegistry
  artifacts: ArtifactStore
  ledger: Ledger
  /** Requests the service rejected as malformed (tests assert it stays empty). */
  invalid: { method: string; msg: string }[]
  /** When true, CreateArtifact fails as when the storage quota is used up (the client throws `UsageError`). */
  quotaExceeded(): boolean
}

function monolith(a: Artifact) {
  const out: Body = {
    workflow_run_backend_id: a.run.backendId,
    workflow_job_run_backend_id: a.job.backendId,
    database_id: String(a.id),
    name: a.name,
    size: String(a.size ?? 0),
    created_at: a.created_at
  }
  if (a.digest) out.digest = a.digest
  return out
}

async function authenticate(req: FakeRequest, deps: TwirpDeps): Promise<Job | FakeResponse> {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')
  if (!m) return twirpError('unauthenticated', 'missing bearer token')
  let scp: string
  try {
    scp = String((await deps.oidc.verify(m[1], 'actions.results')).scp ?? '')
  } catch (err) {
    return twirpError('unauthenticated', `invalid token: ${err instanceof Error ? err.message : String(err)}`)
  }
  const entry = scp.split(' ').find((s) => s.startsWith('Actions.Results:'))?.split(':')
  const job = entry?.length === 3 ? deps.jobs.byBackendIds(entry[1], entry[2]) : undefined
  return job ?? twirpError('permission_denied', 'token does not grant Actions.Results for a known job')
}

export async function handleTwirp(req: FakeRequest, method: string, deps: TwirpDeps): Promise<FakeResponse> {
  const v = validator(method)
  if (!v) return twirpError('bad_route', `no handler for path "${req.path}"`)
  if (!String(req.headers['content-type'] ?? '').startsWith('application/json'))
    return twirpError('bad_route', `unexpected Content-Type: "${String(req.headers['content-type'] ?? '')}"`)
  const auth = await authenticate(req, deps)
  if ('status' in auth) return auth
  const job = auth
  let body: Body
  try {
    body = await req.json<Body>()
  } catch {
    deps.invalid.push({ method, msg: 'body is not JSON' })
    return twirpError('malformed', 'the json request could not be decoded')
  }
  if (!v(body)) {
    const msg = (v.errors ?? []).map((e) => `${e.instancePath || 'body'} ${e.message ?? ''}`).join('; ')
    deps.invalid.push({ method, msg })
    return twirpError('malformed', `the json request could not be decoded: ${msg}`)
  }
  if (body.workflow_run_backend_id !== job.run.backendId) return twirpError('permission_denied', 'workflow run backend id does not match the token')
  const ownJob = body.workflow_job_run_backend_id === job.backendId
  const store = deps.artifacts
  const run = job.run
  switch (method) {
    case 'CreateArtifact': {
      if (!ownJob) return twirpError('permission_denied', 'workflow job run backend id does not match the token')
      const name = String(body.name)
      if (!name || INVALID_NAME_CHARS.some((c) => name.includes(c))) return twirpError('invalid_argument', `invalid artifact name: ${JSON.stringify(name)}`)
      if (![4, 7].includes(body.version ?? 0)) return twirpError('invalid_argument', `unsupported artifact version ${String(body.version ?? 0)}`)
      if (deps.quotaExceeded()) return twirpError('resource_exhausted', 'insufficient usage to create artifact: the artifact storage quota has been hit')
      if (store.finalizedByName(run, name)) return twirpError('already_exists', 'an artifact with this name already exists on the workflow run')
      const pendingOld = store.pending(run, name)
      if (pendingOld) store.delete(pendingOld)
      const a = store.create(job, name, String(body.mime_type ?? 'application/zip'), body.version, body.expires_at)
      deps.ledger.record('artifact-create', `${run.id}:${name}`)
      return { status: 200, body: { ok: true, signed_upload_url: store.uploadUrl(a) } }
    }
    case 'FinalizeArtifact': {
      if (!ownJob) return twirpError('permission_denied', 'workflow job run backend id does not match the token')
      const a = store.pending(run, String(body.name))
      if (!a) return twirpError('not_found', `artifact ${JSON.stringify(body.name)} has not been created`)
      const blob = store.blobs.blob(a.blobKey)
      if (!blob) return twirpError('failed_precondition', 'no blob has been uploaded for the artifact')
      if (String(blob.size) !== String(body.size ?? '0')) return twirpError('invalid_argument', `size ${String(body.size ?? '0')} does not match the uploaded size ${blob.size}`)
      if (body.hash !== undefined && body.hash !== `sha256:${blob.sha256}`) return twirpError('invalid_argument', 'hash does not match the uploaded content')
      a.finalized = true
      a.size = blob.size
      a.digest = `sha256:${blob.sha256}`
      a.updated_at = store.now()
      deps.ledger.record('artifact', String(a.id), { name: a.name, size: a.size, digest: a.digest })
      return { status: 200, body: { ok: true, artifact_id: String(a.id) } }
    }
    case 'ListArtifacts': {
      const list = store.ofRun(run).filter((a) => (body.name_filter === undefined || a.name === body.name_filter) && (body.id_filter === undefined || String(a.id) === body.id_filter))
      return { status: 200, body: { artifacts: list.map(monolith) } }
    }
    case 'GetSignedArtifactURL': {
      const a = store.ofRun(run).find((x) => x.name === body.name && x.job.backendId === body.workflow_job_run_backend_id)
      if (!a) return twirpError('not_found', `artifact ${JSON.stringify(body.name)} not found`)
      return { status: 200, body: { signed_url: store.downloadUrl(a) } }
    }
    case 'DeleteArtifact': {
      const a = store.finalizedByName(run, String(body.name))
      if (!a) return twirpError('not_found', `artifact ${JSON.stringify(body.name)} not found`)
      store.delete(a)
      deps.ledger.record('artifact-delete', String(a.id))
      return { status: 200, body: { ok: true, artifact_id: String(a.id) } }
    }
  }
  return twirpError('bad_route', `no handler for path "${req.path}"`)
}

export function registerTwirpRoutes(router: Router, deps: TwirpDeps): void {
  router.post(`${TWIRP_PREFIX}:method`, (req, params) => handleTwirp(req, params.method, deps))
}
