/**
 * The GoCD fake's world: configuration, runs, pending triggers, pause and lock state, server health messages.
 * Everything time-dependent is derived from the clock and brought up to date by `sync()` (called on every request
 * and by the test knobs), so tests move time with `clock.advance()` instead of sleeping.
 */
import { randomUUID } from 'node:crypto'
import type { Clock, Ledger } from '../common/index.js'
import type {
  GroupConfig,
  HealthMessage,
  PauseInfo,
  PendingTrigger,
  PipelineConfig,
  PipelineRun,
  StagePlan,
  StageRun,
  TriggerRace,
  UserConfig
} from './model.js'
import { isStageActive, planJobs, stageCompletedAt, stageResult } from './progression.js'

const key = (name: string) => name.toLowerCase()

export class GocdState {
  readonly pipelines = new Map<string, PipelineConfig>()
  readonly groups = new Map<string, GroupConfig>()
  readonly users = new Map<string, UserConfig>()
  readonly runs = new Map<string, PipelineRun[]>()
  readonly pending = new Map<string, PendingTrigger>()
  readonly pauses = new Map<string, PauseInfo>()
  readonly health: HealthMessage[] = []
  readonly plans = new Map<string, StagePlan>()
  /** Pipelines whose next accepted trigger fails silently (detail of the health message). */
  readonly failNext = new Map<string, string>()
  /** Seeded trigger races, by pipeline (consumed by the next accepted trigger). */
  readonly races = new Map<string, TriggerRace>()
  /** `after` races waiting for the run of the trigger they follow: the other run is created at `at`. */
  private readonly followers = new Map<string, { race: TriggerRace; user: string; at?: number; after: number }>()
  /** Simulated full disk: manual triggers get 507 after the other checkers. */
  diskFull: 'artifacts' | 'database' | null = null
  /** Run ids whose lock was released through the unlock API. */
  private readonly unlockedRuns = new Set<number>()
  private idSeq = 1000

  constructor(
    readonly clock: Clock,
    private readonly ledger: Ledger,
    public defaultPlan: StagePlan,
    public scheduleDelayMs: number,
    /** Every trigger fails silently (mode). */
    public silentFailure = false
  ) {}

  ledgerRecord(kind: string, id: string, detail?: unknown): void {
    this.ledger.record(kind, id, detail)
  }

  nextId(): number {
    // Ids advance by a varying step so cursor values never line up with counters.
    this.idSeq += 7
    return this.idSeq
  }

  addGroup(group: GroupConfig): void {
    this.groups.set(key(group.name), group)
  }

  addUser(user: UserConfig): void {
    this.users.set(key(user.login), user)
  }

  addPipeline(config: PipelineConfig): void {
    if (!this.groups.has(key(config.group))) this.addGroup({ name: config.group, operate: [], view: [] })
    this.pipelines.set(key(config.name), config)
    if (!this.runs.has(key(config.name))) this.runs.set(key(config.name), [])
  }

  pipeline(name: string): PipelineConfig | undefined {
    return this.pipelines.get(key(name))
  }

  runsOf(name: string): PipelineRun[] {
    return this.runs.get(key(name)) ?? []
  }

  run(name: string, counter: number): PipelineRun | undefined {
    return this.runsOf(name).find((r) => r.counter === counter)
  }

  canView(user: UserConfig | undefined, pipeline: PipelineConfig): boolean {
    if (!user || user.admin) return true
    const group = this.groups.get(key(pipeline.group))
    return !!group && (group.view.includes(user.login) || group.operate.includes(user.login) || !!group.admins?.includes(user.login))
  }

  canOperate(user: UserConfig | undefined, pipeline: PipelineConfig): boolean {
    if (!user || user.admin) return true
    const group = this.groups.get(key(pipeline.group))
    return !!group && (group.operate.includes(user.login) || !!group.admins?.includes(user.login))
  }

  /** `SecurityService.hasOperatePermissionForStage`: the stage's approval authorization when it has one, else the group's operate permission. */
  canOperateStage(user: UserConfig | undefined, pipeline: string, stage: string): boolean {
    const config = this.pipeline(pipeline)
    if (!config) return false
    if (!user || user.admin) return true
    const authorized = config.stages.find((s) => key(s.name) === key(stage))?.authorizedUsers
    return authorized ? authorized.includes(user.login) : this.canOperate(user, config)
  }

  /** `SecurityService.isUserAdminOfGroup`: server admins and the group's admins (anonymous with security off). */
  isGroupAdmin(user: UserConfig | undefined, group: string | undefined): boolean {
    if (!user || user.admin) return true
    return group !== undefined && !!this.groups.get(key(group))?.admins?.includes(user.login)
  }

  planFor(pipeline: string, stage: string): StagePlan {
    return this.plans.get(`${key(pipeline)}/${key(stage)}`) ?? this.defaultPlan
  }

  pauseInfo(name: string): PauseInfo {
    return this.pauses.get(key(name)) ?? { paused: false, cause: null, by: null }
  }

  setPause(name: string, info: PauseInfo): void {
    // Stages that completed before the pause changes must be processed under the old pause state.
    this.sync()
    this.pauses.set(key(name), info)
  }

  /** Latest run of each configured stage of a run (highest counter), by stage name. */
  latestStages(run: PipelineRun): Map<string, StageRun> {
    const out = new Map<string, StageRun>()
    for (const s of run.stages) {
      const prev = out.get(key(s.name))
      if (!prev || prev.counter < s.counter) out.set(key(s.name), s)
    }
    return out
  }

  isRunActive(run: PipelineRun): boolean {
    const now = this.clock.now()
    return run.stages.some((s) => isStageActive(s, now))
  }

  firstStageActive(name: string): string | undefined {
    const config = this.pipeline(name)
    if (!config) return undefined
    const first = config.stages[0].name
    const now = this.clock.now()
    for (const run of this.runsOf(name)) {
      if (run.stages.some((s) => key(s.name) === key(first) && isStageActive(s, now))) return first
    }
    return undefined
  }

  /**
   * The run holding the pipeline lock, if the pipeline is locked. Mirrors `ScheduleService.unlockIfNecessary`: the
   * lock is taken when a run (or a stage) is scheduled and released when the last stage completes, or, for
   * `unlockWhenFinished`, when a stage fails or the next stage needs manual approval.
   */
  lockedRun(name: string): PipelineRun | undefined {
    const config = this.pipeline(name)
    const runs = this.runsOf(name)
    if (!config || config.lockBehavior === 'none' || runs.length === 0) return undefined
    const run = runs[runs.length - 1]
    if (this.unlockedRuns.has(run.id)) return undefined
    const now = this.clock.now()
    const latest = this.latestStages(run)
    let k = -1
    config.stages.forEach((s, i) => {
      if (latest.has(key(s.name))) k = i
    })
    if (k < 0) return undefined
    const stage = latest.get(key(config.stages[k].name))!
    if (isStageActive(stage, now)) return run
    const next = config.stages[k + 1]
    if (!next) return undefined
    const complete = stageResult(stage, now) !== 'Passed' || next.approval === 'manual'
    if (config.lockBehavior === 'unlockWhenFinished' && complete) return undefined
    return run
  }

  /** The stage-level scheduling checkers of a stage run (`canRerunStage`): the description of the first failing one. */
  stageBlocker(run: PipelineRun, stageName: string): string | undefined {
    const now = this.clock.now()
    const config = this.pipeline(run.name)!
    if (this.runsOf(run.name).some((r) => r.stages.some((s) => key(s.name) === key(stageName) && isStageActive(s, now)))) {
      return `Stage [${config.stages.find((s) => key(s.name) === key(stageName))?.name ?? stageName}] in pipeline [${config.name}] is still in progress`
    }
    const locked = this.lockedRun(run.name)
    if (locked && locked.id !== run.id) return `Pipeline ${config.name} is locked as another instance of this pipeline is running.`
    return undefined
  }

  unlock(run: PipelineRun): void {
    this.unlockedRuns.add(run.id)
  }

  /** Creates the runs of due triggers and schedules automatic stages whose predecessor passed. */
  sync(): void {
    const now = this.clock.now()
    const due = [...this.pending.values()].filter((p) => p.createAt <= now).sort((a, b) => a.createAt - b.createAt)
    for (const trigger of due) {
      this.pending.delete(key(trigger.pipeline))
      if (trigger.failure !== undefined) {
        this.health.push({
          message: `Could not trigger pipeline '${trigger.pipeline}'`,
          detail: trigger.failure,
          level: 'ERROR',
          time: new Date(trigger.createAt).toISOString().replace(/\.\d{3}Z$/, 'Z')
        })
        continue
      }
      const run = this.createRun(trigger.pipeline, trigger.createAt, {
        approver: trigger.user,
        triggerMessage: `Forced by ${trigger.displayName}`,
        forced: true,
        materials: trigger.materials,
        environmentVariables: trigger.environmentVariables,
        plan: trigger.plan,
        origin: trigger.origin
      })
      const follower = this.followers.get(key(trigger.pipeline))
      if (follower && follower.at === undefined) follower.at = Math.max(trigger.createAt + follower.after, stageCompletedAt(run.stages[0]))
    }
    for (const [name, f] of this.followers) {
      if (f.at === undefined || f.at > now) continue
      this.followers.delete(name)
      this.forceRunAs(name, f.user, f.at, f.race.plan)
    }
    for (const runs of this.runs.values()) for (const run of runs) this.progress(run, now)
  }

  /** A forced run by `login` created at `at`, as another trigger of the same user would create it. */
  forceRunAs(pipeline: string, login: string, at: number, plan?: StagePlan): PipelineRun {
    const user = this.users.get(key(login))
    return this.createRun(pipeline, at, {
      approver: user?.login ?? login,
      triggerMessage: `Forced by ${user?.displayName ?? login}`,
      forced: true,
      materials: [],
      environmentVariables: [],
      plan,
      origin: 'race'
    })
  }

  /**
   * Applies the race armed for `pipeline` to a trigger by `login`. The schedule route calls this twice: at `checkers`
   * (body valid, before GoCD's checkers: a `before` race creates the other run now) and at `accept` (every check
   * passed: `after` waits for this trigger's run, `already-forced` returns the 409 message and takes the trigger).
   */
  raceOnTrigger(pipeline: string, login: string, displayName: string, phase: 'checkers' | 'accept'): string | undefined {
    const race = this.races.get(key(pipeline))
    if (!race || (phase === 'checkers') !== (race.position === 'before')) return undefined
    this.races.delete(key(pipeline))
    const name = this.pipeline(pipeline)!.name
    const user = race.user ?? login
    const now = this.clock.now()
    if (race.position === 'before') {
      // The other run exists and its first stage is done by the time GoCD gets to this trigger.
      const run = this.forceRunAs(name, user, now, race.plan)
      this.clock.advance(stageCompletedAt(run.stages[0]) - now + (race.gapMs ?? 1000))
      this.sync()
      return undefined
    }
    if (race.position === 'after') {
      this.followers.set(key(pipeline), { race, user, after: race.gapMs ?? 0 })
      return undefined
    }
    const other = this.users.get(key(user))
    this.pending.set(key(pipeline), {
      pipeline: name,
      user: other?.login ?? user,
      displayName: other?.displayName ?? (user === login ? displayName : user),
      acceptedAt: now,
      createAt: now + this.scheduleDelayMs,
      materials: [],
      environmentVariables: [],
      plan: race.plan,
      origin: 'race'
    })
    return `Failed to force pipeline: ${name} { Pipeline already forced }`
  }

  /** `automaticallyTriggerRelevantStagesFollowingCompletionOf`: a passed stage triggers the next automatic stage once. */
  private progress(run: PipelineRun, now: number): void {
    const config = this.pipeline(run.name)
    if (!config) return
    for (let changed = true; changed; ) {
      changed = false
      const latest = this.latestStages(run)
      for (let i = 0; i + 1 < config.stages.length; i++) {
        const current = latest.get(key(config.stages[i].name))
        const next = config.stages[i + 1]
        if (!current || current.nextStageHandled || next.approval !== 'success') continue
        if (isStageActive(current, now) || stageResult(current, now) !== 'Passed') continue
        current.nextStageHandled = true
        if (this.pauseInfo(run.name).paused) continue
        this.scheduleStage(run, next.name, stageCompletedAt(current), 'changes', 'success')
        changed = true
      }
    }
  }

  scheduleStage(run: PipelineRun, stageName: string, at: number, approvedBy: string, approvalType: 'success' | 'manual'): StageRun {
    const config = this.pipeline(run.name)!
    const stageConfig = config.stages.find((s) => key(s.name) === key(stageName))!
    const counter = Math.max(0, ...run.stages.filter((s) => key(s.name) === key(stageName)).map((s) => s.counter)) + 1
    const stage: StageRun = {
      id: this.nextId(),
      name: stageConfig.name,
      counter,
      scheduledAt: at,
      approvalType,
      approvedBy,
      cancelledBy: null,
      jobs: planJobs(stageConfig.jobs, at, run.plan ?? this.planFor(run.name, stageConfig.name), () => this.nextId(), () => randomUUID())
    }
    run.stages.push(stage)
    // Scheduling a stage takes the pipeline lock again (`pipelineLockService.lockIfNeeded`).
    this.unlockedRuns.delete(run.id)
    return stage
  }

  createRun(
    name: string,
    at: number,
    cause: {
      approver: string
      triggerMessage: string
      forced: boolean
      materials: { fingerprint: string; revision: string }[]
      environmentVariables: PipelineRun['environmentVariables']
      /** Seeded history is not recorded in the ledger (the ledger counts runs that clients caused). */
      seeded?: boolean
      plan?: StagePlan
      /** Recorded in the ledger entry (`race` for runs of a seeded trigger race). */
      origin?: string
    }
  ): PipelineRun {
    const config = this.pipeline(name)!
    const runs = this.runsOf(name)
    const previous = runs[runs.length - 1]
    const materialRevisions = config.materials.map((m) => {
      const pinned = cause.materials.find((p) => p.fingerprint === m.fingerprint)?.revision
      const revision = pinned ?? this.latestRevision(m)
      const before = previous?.materialRevisions.find((r) => r.fingerprint === m.fingerprint)?.revision
      return { fingerprint: m.fingerprint, revision, changed: before !== revision }
    })
    const run: PipelineRun = {
      id: this.nextId(),
      name: config.name,
      counter: (previous?.counter ?? 0) + 1,
      scheduledAt: at,
      comment: null,
      approver: cause.approver,
      triggerMessage: cause.triggerMessage,
      forced: cause.forced,
      materialRevisions,
      environmentVariables: cause.environmentVariables,
      stages: [],
      plan: cause.plan
    }
    runs.push(run)
    this.scheduleStage(run, config.stages[0].name, at, cause.approver, config.stages[0].approval)
    if (!cause.seeded)
      this.ledger.record('pipeline-run', `${config.name}/${run.counter}`, { approver: cause.approver, forced: cause.forced, ...(cause.origin ? { origin: cause.origin } : {}) })
    return run
  }

  latestRevision(m: PipelineConfig['materials'][number]): string {
    if (m.type === 'git') return m.revisions[0]?.revision ?? ''
    const upstream = this.runsOf(m.pipeline)
    const now = this.clock.now()
    for (let i = upstream.length - 1; i >= 0; i--) {
      const st = this.latestStages(upstream[i]).get(key(m.stage))
      if (st && stageResult(st, now) === 'Passed') return `${upstream[i].name}/${upstream[i].counter}/${st.name}/${st.counter}`
    }
    return ''
  }
}
