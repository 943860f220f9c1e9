/**
 * A fake GoCD server for tests and the sandbox CLI: `startGocdFake(options)` serves GoCD's API under `/go` on
 * 127.0.0.1 with the seed configuration, and returns knobs to steer runs, failures and security.
 */
import { createHash } from 'node:crypto'
import { Clock, Router, startFakeServer, type FakeServer } from '../common/index.js'
import { gate, wrongUrl, type ApiEnv } from './api.js'
import { ArtifactStore } from './artifacts.js'
import type { EnvVarConfig, GroupConfig, HealthMessage, LockBehavior, MaterialConfig, PipelineConfig, StagePlan, TriggerRace, UserConfig } from './model.js'
import { registerArtifactRoutes } from './routes-artifacts.js'
import { registerConfigRoutes } from './routes-config.js'
import { registerMiscRoutes } from './routes-misc.js'
import { registerPipelineRoutes } from './routes-pipelines.js'
import { registerStageRoutes } from './routes-stages.js'
import { registerTokenRoutes } from './routes-tokens.js'
import { ADMIN_USER, DEMO_USER, git, seedGroups, seedPipelines } from './seed.js'
import { GocdState } from './state.js'
import { TokenStore } from './tokens.js'
import { registerUnimplementedRoutes, type UnimplementedCall } from './unimplemented.js'

export { dependency, git } from './seed.js'
export type { StagePlan, TriggerRace } from './model.js'
export type { UnimplementedCall } from './unimplemented.js'

export interface GocdFakeOptions {
  port?: number
  /** Serve HTTPS with this key pair (PEM), e.g. `sandboxTls()`, to test `ca_certificate`. */
  tls?: { key: string | Buffer; cert: string | Buffer }
  /** Seed of the fault injector. */
  seed?: number
  /** Clock speed (the CLI uses real time, tests usually advance the clock). Ignored when `clock` is given. */
  speed?: number
  clock?: Clock
  /** Delay between an accepted schedule and the run's creation (real servers: 1 s to tens of seconds). Default 1000. */
  scheduleDelayMs?: number
  /** Outcome and duration of every stage without a specific plan. Default pass in 5000 ms. */
  defaultStagePlan?: StagePlan
  /** Default true. With false, anonymous requests act as `anonymous` and credentials are refused. */
  securityEnabled?: boolean
  /** Every accepted trigger fails later, visible only in server health messages. */
  silentFailure?: boolean
  /** Seed completed runs of `up42` (default 2). */
  seedRuns?: number
}

export interface PipelineInput {
  name: string
  group?: string
  lockBehavior?: LockBehavior
  materials?: MaterialConfig[]
  environmentVariables?: EnvVarConfig[]
  stages: {
    name: string
    jobs: string[]
    approval?: 'success' | 'manual'
    allowOnlyOnSuccess?: boolean
    environmentVariables?: EnvVarConfig[]
    authorizedUsers?: string[]
  }[]
}

export interface GocdFake {
  /** Server root; GoCD routes live under `/go`. */
  url: string
  goUrl: string
  /** The demo user (operates groups `first` and `deployments`, only views `restricted`). */
  username: string
  password: string
  /** An access token of the demo user. */
  token: string
  admin: { username: string; password: string }
  clock: Clock
  server: FakeServer
  state: GocdState
  artifacts: ArtifactStore
  close(): Promise<void>
  /** Applies due triggers and stage progressions now (requests do this too). */
  sync(): void
  setScheduleDelay(ms: number): void
  setStagePlan(pipeline: string, stage: string, plan: StagePlan): void
  setDefaultStagePlan(plan: StagePlan): void
  setSilentFailure(on: boolean): void
  /** The next accepted trigger of `pipeline` fails silently with this detail. */
  failNextTrigger(pipeline: string, detail?: string): void
  setSecurityEnabled(on: boolean): void
  /** Simulates a full artifacts or database disk (manual triggers get 507), or clears it with null. */
  setDiskFull(kind: 'artifacts' | 'database' | null): void
  pause(pipeline: string, cause?: string, by?: string): void
  unpause(pipeline: string): void
  isLocked(pipeline: string): boolean
  addPipeline(input: PipelineInput): PipelineConfig
  addUser(user: UserConfig): void
  /** Replaces who may operate, view or administer a pipeline group (group admins may read pipeline configs). */
  setGroupPermissions(group: string, permissions: Partial<Omit<GroupConfig, 'name'>>): void
  /**
   * Seeds a trigger race on `pipeline` for the next trigger GoCD accepts: another forced run by the same user
   * created just before it (`before`), right after its run as soon as GoCD would accept a trigger (`after`), or a
   * concurrent trigger that wins, so this one gets 409 `Pipeline already forced` (`already-forced`). Not possible on
   * a pipeline with a lock (GoCD would refuse the other trigger), so it throws there.
   */
  raceNextTrigger(pipeline: string, race: TriggerRace): void
  /** Requests to GoCD routes the fake does not implement (each answered 501). */
  unimplemented: UnimplementedCall[]
  /** Adds completed runs in the past (not recorded in the ledger). */
  addCompletedRuns(pipeline: string, count: number): void
  healthMessages(): HealthMessage[]
  /** Files uploaded to a job, by path. */
  uploadedArtifacts(pipeline: string, counter: number, stage: string, stageCounter: number, job: string): Map<string, Buffer>
}

export async function startGocdFake(options: GocdFakeOptions = {}): Promise<GocdFake> {
  const clock = options.clock ?? new Clock(options.speed ?? 1)
  let securityEnabled = options.securityEnabled ?? true
  const router = new Router()
  // The ledger lives on the server, which needs the router first: a late-bound ledger proxy breaks the cycle.
  const ledger = {
    record: (kind: string, id: string, detail?: unknown) => server.ledger.record(kind, id, detail)
  } as FakeServer['ledger']
  const state = new GocdState(
    clock,
    ledger,
    options.defaultStagePlan ?? { outcome: 'pass', durationMs: 5000 },
    options.scheduleDelayMs ?? 1000,
    options.silentFailure ?? false
  )
  const tokens = new TokenStore()
  const artifacts = new ArtifactStore()
  const env: ApiEnv = { state, tokens, securityEnabled: () => securityEnabled }

  for (const g of seedGroups()) state.addGroup(g)
  state.addUser(DEMO_USER)
  state.addUser(ADMIN_USER)
  for (const p of seedPipelines(clock.now())) state.addPipeline(p)

  registerMiscRoutes(env, router)
  registerTokenRoutes(env, router)
  registerPipelineRoutes(env, router)
  registerStageRoutes(env, router)
  registerConfigRoutes(env, router)
  registerArtifactRoutes(env, router, artifacts)
  const unimplemented: UnimplementedCall[] = []
  registerUnimplementedRoutes(env, router, unimplemented)

  const server = await startFakeServer({
    router,
    tls: options.tls,
    port: options.port,
    seed: options.seed,
    notFound: (req) => {
      if (!req.path.toLowerCase().startsWith('/go/api/')) return { status: 404, body: 'Not Found' }
      const gated = gate(env, req, true)
      return 'response' in gated ? gated.response : wrongUrl()
    },
    methodNotAllowed: (req) => {
      const gated = gate(env, req, true)
      return 'response' in gated ? gated.response : wrongUrl()
    },
    onError: (_req, err) => ({ status: 500, body: { error: err instanceof Error ? err.message : String(err) } })
  })

  const addCompletedRuns = (pipeline: string, count: number) => {
    const config = state.pipeline(pipeline)
    if (!config) throw new Error(`unknown pipeline ${pipeline}`)
    const span = 60_000 + config.stages.length * (state.defaultPlan.durationMs + 1000)
    const start = clock.now() - (count + 1) * span
    for (let i = 0; i < count; i++) {
      const at = start + i * span
      state.createRun(config.name, at, {
        approver: 'changes',
        triggerMessage: 'modified by Jane Doe <jane@example.com>',
        forced: false,
        materials: [],
        environmentVariables: [],
        seeded: true
      })
      state.sync()
    }
  }
  addCompletedRuns('up42', options.seedRuns ?? 2)

  const demoToken = tokens.create(DEMO_USER.login, 'sandbox token', clock.now())

  return {
    url: server.url,
    goUrl: `${server.url}/go`,
    username: DEMO_USER.login,
    password: DEMO_USER.password,
    token: demoToken.value,
    admin: { username: ADMIN_USER.login, password: ADMIN_USER.password },
    clock,
    server,
    state,
    artifacts,
    close: () => server.close(),
    sync: () => state.sync(),
    setScheduleDelay: (ms) => {
      state.scheduleDelayMs = ms
    },
    setStagePlan: (pipeline, stage, plan) => {
      state.plans.set(`${pipeline.toLowerCase()}/${stage.toLowerCase()}`, plan)
    },
    setDefaultStagePlan: (plan) => {
      state.defaultPlan = plan
    },
    setSilentFailure: (on) => {
      state.silentFailure = on
    },
    failNextTrigger: (pipeline, detail = 'Material update failed') => {
      state.failNext.set(pipeline.toLowerCase(), detail)
    },
    setSecurityEnabled: (on) => {
      securityEnabled = on
    },
    setDiskFull: (kind) => {
      state.diskFull = kind
    },
    pause: (pipeline, cause = '', by = ADMIN_USER.login) => state.setPause(pipeline, { paused: true, cause, by }),
    unpause: (pipeline) => state.setPause(pipeline, { paused: false, cause: null, by: null }),
    isLocked: (pipeline) => {
      state.sync()
      return !!state.lockedRun(pipeline)
    },
    addPipeline: (input) => {
      const config: PipelineConfig = {
        name: input.name,
        group: input.group ?? 'first',
        lockBehavior: input.lockBehavior ?? 'none',
        materials: input.materials ?? [
          git(`https://github.com/example/${input.name}.git`, 'main', [
            { revision: createHash('sha1').update(input.name).digest('hex'), user: 'Jane Doe <jane@example.com>', comment: 'Initial commit', email: null, modifiedAt: clock.now() - 3_600_000 }
          ])
        ],
        environmentVariables: input.environmentVariables ?? [],
        stages: input.stages.map((s) => ({
          name: s.name,
          approval: s.approval ?? 'success',
          jobs: s.jobs,
          fetchMaterials: true,
          cleanWorkingDirectory: false,
          environmentVariables: s.environmentVariables ?? [],
          authorizedUsers: s.authorizedUsers,
          allowOnlyOnSuccess: s.allowOnlyOnSuccess
        }))
      }
      state.addPipeline(config)
      return config
    },
    addUser: (user) => state.addUser(user),
    setGroupPermissions: (group, permissions) => {
      const current = state.groups.get(group.toLowerCase()) ?? { name: group, operate: [], view: [] }
      state.addGroup({ ...current, ...permissions })
    },
    raceNextTrigger: (pipeline, race) => {
      const config = state.pipeline(pipeline)
      if (!config) throw new Error(`unknown pipeline ${pipeline}`)
      if (config.lockBehavior !== 'none') throw new Error(`${config.name} has a pipeline lock (${config.lockBehavior}): GoCD would refuse the other trigger while a run holds it`)
      state.races.set(config.name.toLowerCase(), race)
    },
    unimplemented,
    addCompletedRuns,
    healthMessages: () => {
      state.sync()
      return [...state.health]
    },
    uploadedArtifacts: (pipeline, counter, stage, stageCounter, job) => artifacts.filesOf([pipeline, counter, stage, stageCounter, job].join('/'))
  }
}
