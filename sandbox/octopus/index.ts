/**
 * `startOctopusFake(options)`: an Octopus Deploy server on 127.0.0.1 for tests and the sandbox CLI. See README.md.
 */
import { STATUS_CODES } from 'node:http'
import { Clock, startFakeServer, type Fault, type FakeServer } from '../common/index.js'
import { createAuthenticator } from './auth.js'
import type { BuildInformationKnobs } from './build-information.js'
import { addEnvironment, addProject, addTenant, type ProjectSpec } from './builders.js'
import type { OctopusContext } from './context.js'
import { newApiKey, newGuid } from './ids.js'
import type { Environment, Project, StoredPackage, Tenant } from './model.js'
import { createOidc, type TrustedIssuer } from './oidc.js'
import { PackageStore } from './package-store.js'
import { registerBuildInformationRoutes } from './routes-build-information.js'
import { registerCoreRoutes, type CoreKnobs } from './routes-core.js'
import { registerExecutionRoutes, type ExecutionKnobs } from './routes-executions.js'
import { registerLegacyRoutes } from './routes-legacy.js'
import { registerPackageRoutes, storeSeedPackages } from './routes-packages.js'
import { registerRunbookRoutes } from './routes-runbooks.js'
import { registerTaskRoutes } from './routes-tasks.js'
import { registerUserRoutes, issueApiKey } from './routes-users.js'
import { createDispatcher, OctoRoutes, type Unimplemented } from './routes.js'
import { SEED, seedOctopus } from './seed.js'
import { OctopusStore } from './store.js'
import { DEFAULT_PROFILE, TaskEngine, type Interruption, type ServerTask, type TaskProfile } from './tasks.js'
import { compareVersions } from './versions.js'

export { SEED, SEED_PACKAGES } from './seed.js'
export type { ProjectSpec, StepSpec } from './builders.js'
export type { TaskProfile, TaskState, Outcome } from './tasks.js'
export type { TrustedIssuer } from './oidc.js'
export type { Unimplemented } from './routes.js'

export const MODERN_VERSION = '2025.4.10384'
export const LEGACY_VERSION = '2022.1.2386'

export interface OctopusFakeOptions {
  /** '2025.x' (default, executions API), '2022.1.x' (legacy: no `/create/v1` routes), or an exact version. */
  version?: string
  tls?: { key: string | Buffer; cert: string | Buffer }
  /** Trusted OIDC issuers for the token exchange (JWKS by URL or as an object) and the subjects they may use. */
  oidcIssuers?: TrustedIssuer[]
  /** Clock speed (1 = real time); or pass a clock. */
  clockSpeed?: number
  clock?: Clock
  /** The bootstrap API key of the admin user (random `API-…` by default). */
  apiKey?: string
  /** Service account id (GUID) used as the token-exchange audience (random by default). */
  serviceAccountId?: string
  /** Virtual directory, e.g. '/octopus'. */
  basePath?: string
  port?: number
  /** Seed of the fault injector. */
  seed?: number
  /** Default task profile (queue time, duration, outcome...). */
  taskProfile?: Partial<TaskProfile>
  /** Keep every uploaded package in memory (default: only up to `packageMemoryLimit` bytes). */
  keepPackagesInMemory?: boolean
  packageMemoryLimit?: number
}

export interface OctopusFake {
  url: string
  apiKey: string
  spaceId: string
  spaceName: string
  serviceAccountId: string
  version: string
  modern: boolean
  clock: Clock
  server: FakeServer
  store: OctopusStore
  engine: TaskEngine
  packages: PackageStore
  knobs: CoreKnobs & ExecutionKnobs & BuildInformationKnobs
  /** Requests under `/api` the fake has no route for (each answered 501), in order. */
  unimplemented: Unimplemented[]
  /** Sets the task profile of an environment (name or id) in a space (default space by default). */
  setTaskProfile(environment: string, profile: Partial<TaskProfile>, space?: string): void
  setDefaultTaskProfile(profile: Partial<TaskProfile>): void
  addProject(spec: ProjectSpec, space?: string): Project
  addEnvironment(name: string, space?: string): Environment
  addTenant(name: string, projects: Record<string, string[]>, tags?: string[], space?: string): Tenant
  task(id: string): ServerTask | undefined
  pendingInterruptions(taskId: string): Interruption[]
  /**
   * Cancels a task as a person does in the web portal ("Cancel" on the task page): Executing -> Cancelling ->
   * Canceled after the profile's `cancelMs`, a queued task at once; the log says who asked.
   */
  cancelTask(taskId: string, by?: string): ServerTask
  /** Submits a pending interruption of a task as the admin user (what a person does in the web portal). */
  submitInterruption(taskId: string, result: string, notes?: string): Interruption
  createApiKey(userId: string, purpose: string, expires?: string | null): { id: string; apiKey: string }
  revokeApiKey(keyOrId: string): void
  storedPackage(packageId: string, version: string, space?: string): StoredPackage | undefined
  packageBytes(packageId: string, version: string, space?: string): Promise<Buffer>
  close(): Promise<void>
}

/**
 * A status fault for `server.faults` with an Octopus-shaped body (`{ErrorMessage, Errors}`) and, for 429/503, an
 * optional `Retry-After`: what a client sees from an overloaded or failing server.
 */
export function octopusStatusFault(status: number, retryAfterSeconds?: number): Fault {
  return {
    kind: 'status',
    status,
    headers: retryAfterSeconds === undefined ? undefined : { 'Retry-After': String(retryAfterSeconds) },
    body: { ErrorMessage: STATUS_CODES[status] ?? `HTTP ${status}`, Errors: [] }
  }
}

function resolveVersion(v: string | undefined): string {
  if (!v || v === '2025.x') return MODERN_VERSION
  if (v === '2022.1.x' || v === 'legacy') return LEGACY_VERSION
  return v
}

export async function startOctopusFake(options: OctopusFakeOptions = {}): Promise<OctopusFake> {
  const version = resolveVersion(options.version)
  const modern = version === '0.0.0' || compareVersions(version, '2022.3.5512') >= 0
  const clock = options.clock ?? new Clock(options.clockSpeed ?? 1)
  const store = new OctopusStore()
  const apiKey = options.apiKey ?? newApiKey()
  const serviceAccountId = options.serviceAccountId ?? newGuid()
  seedOctopus(store, {
    adminApiKey: apiKey,
    serviceAccountId,
    oidcIdentities: (options.oidcIssuers ?? []).flatMap((i) => (i.subjects ?? []).map((s) => ({ Issuer: i.issuer, Subject: s })))
  })
  const engine = new TaskEngine(clock, { ...DEFAULT_PROFILE, ...options.taskProfile })
  const packages = new PackageStore(options.packageMemoryLimit, options.keepPackagesInMemory ?? false)
  await storeSeedPackages(store, packages)
  const knobs: CoreKnobs & ExecutionKnobs & BuildInformationKnobs = {
    environmentsV2: compareVersions(version, '2025.4') >= 0 || version === '0.0.0',
    camelCaseDeploymentTasks: false,
    issueTracker: null
  }

  let baseUrl = ''
  const basePath = (options.basePath ?? '').replace(/\/+$/, '')
  const late: { ledger?: FakeServer['ledger'] } = {}
  const ctx: OctopusContext = {
    store,
    engine,
    clock,
    get ledger() {
      return late.ledger!
    },
    version,
    modern,
    knobs,
    installationId: newGuid(),
    baseUrl: () => baseUrl
  }
  const oidc = await createOidc(ctx, options.oidcIssuers ?? [])
  const routes = new OctoRoutes()
  registerCoreRoutes(routes, ctx, knobs)
  registerExecutionRoutes(routes, ctx, packages, knobs)
  registerLegacyRoutes(routes, ctx, packages)
  registerRunbookRoutes(routes, ctx)
  registerTaskRoutes(routes, ctx)
  registerPackageRoutes(routes, ctx, packages)
  registerBuildInformationRoutes(routes, ctx)
  registerUserRoutes(routes, ctx)
  oidc.register(routes)
  const unimplemented: Unimplemented[] = []
  const router = createDispatcher(ctx, routes, createAuthenticator(ctx, oidc.verifyAccessToken), basePath, unimplemented)
  const server = await startFakeServer({ router, tls: options.tls, port: options.port, seed: options.seed })
  late.ledger = server.ledger
  baseUrl = `${server.url}${basePath}`

  const spaceOf = (name?: string) => {
    const s = name ? store.findSpace(name) : store.defaultSpace()
    if (!s) throw new Error(`unknown space ${name}`)
    return s
  }
  const envOf = (name: string, space?: string) => {
    const env = store.environment(spaceOf(space).Id, name)
    if (!env) throw new Error(`unknown environment ${name}`)
    return env
  }
  const def = store.defaultSpace()
  return {
    url: baseUrl,
    apiKey,
    spaceId: def.Id,
    spaceName: def.Name,
    serviceAccountId,
    version,
    modern,
    clock,
    server,
    store,
    engine,
    packages,
    knobs,
    unimplemented,
    setTaskProfile: (environment, profile, space) => engine.setProfile(envOf(environment, space).Id, profile),
    setDefaultTaskProfile: (profile) => engine.setDefaultProfile(profile),
    addProject: (spec, space) => addProject(store, spaceOf(space).Id, spec),
    addEnvironment: (name, space) => addEnvironment(store, spaceOf(space).Id, name),
    addTenant: (name, projects, tags, space) => addTenant(store, spaceOf(space).Id, name, projects, tags),
    task: (id) => engine.get(id),
    pendingInterruptions: (taskId) => {
      const task = engine.get(taskId)
      return task ? engine.pendingInterruptions(task) : []
    },
    cancelTask: (taskId, by = 'Administrator') => {
      const task = engine.cancel(taskId, by)
      if (!task) throw new Error(`unknown task ${taskId}`)
      return task
    },
    submitInterruption: (taskId, result, notes) => {
      const task = engine.get(taskId)
      const pending = task ? engine.pendingInterruptions(task)[0] : undefined
      if (!pending) throw new Error(`task ${taskId} has no pending interruption`)
      pending.ResponsibleUserId = 'Users-1'
      engine.respond(pending, result, notes)
      return pending
    },
    createApiKey: (userId, purpose, expires) => {
      const k = issueApiKey(ctx, userId, purpose, expires ?? null)
      return { id: k.Id, apiKey: k.Key }
    },
    revokeApiKey: (keyOrId) => {
      const k = store.apiKeys.find((x) => x.Id === keyOrId || x.Key === keyOrId)
      if (!k) throw new Error(`unknown API key ${keyOrId}`)
      k.Revoked = true
    },
    storedPackage: (packageId, v, space) => packages.find(spaceOf(space).Id, packageId, v),
    packageBytes: async (packageId, v, space) => {
      const p = packages.find(spaceOf(space).Id, packageId, v)
      if (!p) throw new Error(`package ${packageId} ${v} is not stored`)
      return packages.bytes(p)
    },
    close: async () => {
      await server.close()
      packages.close()
    }
  }
}

export { SEED as OCTOPUS_SEED }
