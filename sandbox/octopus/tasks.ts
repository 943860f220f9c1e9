/**
 * Server tasks on a test-controlled clock. A deployment task waits `queueMs` (and until `RunAt`), then runs the
 * project's steps one after another, each taking an equal share of `durationMs`; the per-environment profile decides
 * the outcome (Success, Failed, TimedOut). Manual-intervention steps pause the task with a pending interruption until
 * it is submitted; guided failure does the same on a failing step. Cancel moves Executing -> Cancelling -> Canceled.
 * State is advanced lazily from `clock.now()` whenever a task is read, so a test moves time with `clock.advance()`.
 */
import type { Clock } from '../common/index.js'
import {
  DEFAULT_PROFILE,
  EXPIRED_MESSAGE,
  FAILED_MESSAGE,
  RUNBOOK_FAILED_MESSAGE,
  CANCELED_MESSAGE,
  isCompleted,
  TIMED_OUT_MESSAGE,
  type Interruption,
  type LogElement,
  type NewDeploymentTask,
  type ServerTask,
  type StepRun,
  type TaskProfile
} from './task-model.js'

export * from './task-model.js'

export class TaskEngine {
  readonly tasks = new Map<string, ServerTask>()
  readonly interruptions = new Map<string, Interruption>()
  private readonly profiles = new Map<string, Partial<TaskProfile>>()
  private taskCounter = 0
  private interruptionCounter = 0

  constructor(
    private readonly clock: Clock,
    private defaults: TaskProfile = DEFAULT_PROFILE
  ) {}

  setDefaultProfile(p: Partial<TaskProfile>): void {
    this.defaults = { ...this.defaults, ...p }
  }

  /** Per-environment profile (by environment id). */
  setProfile(environmentId: string, p: Partial<TaskProfile>): void {
    this.profiles.set(environmentId, { ...this.profiles.get(environmentId), ...p })
  }

  profileFor(environmentId: string | null): TaskProfile {
    return { ...this.defaults, ...(environmentId ? this.profiles.get(environmentId) : {}) }
  }

  private iso(ms: number): string {
    return new Date(ms).toISOString()
  }

  createDeploymentTask(n: NewDeploymentTask): ServerTask {
    const now = this.clock.now()
    const profile = this.profileFor(n.environmentId)
    const id = `ServerTasks-${++this.taskCounter}`
    const skip = new Set(n.skipStepNames.map((s) => s.toLowerCase()))
    const steps: StepRun[] = n.steps.map((step, i) => {
      const excluded =
        (step.Environments.length > 0 && !step.Environments.includes(n.environmentId)) || step.ExcludedEnvironments.includes(n.environmentId)
      const skipped = skip.has(step.Name.toLowerCase())
      return {
        Name: `Step ${i + 1}: ${step.Name}`,
        step,
        status: excluded || skipped ? 'Skipped' : 'Pending',
        logs: excluded || skipped ? [this.log('Info', now, skipped ? `Skipping step "${step.Name}" as it was excluded from this deployment.` : `Skipping step "${step.Name}" as it does not apply to this environment.`)] : [],
        manual: Boolean(step.Instructions)
      }
    })
    const task: ServerTask = {
      Id: id,
      SpaceId: n.spaceId,
      Name: n.runbook ? 'RunbookRun' : 'Deploy',
      Description: n.description,
      ProjectId: n.projectId,
      EnvironmentId: n.environmentId,
      TenantId: n.tenantId,
      RunbookId: n.runbook?.runbookId,
      Arguments: n.runbook ? { RunbookRunId: n.runbook.runbookRunId } : { DeploymentId: n.deploymentId },
      State: 'Queued',
      queuedAt: now,
      startAt: Math.max(now + profile.queueMs, n.runAt ?? 0),
      expiry: n.noRunAfter,
      updatedAt: now,
      ErrorMessage: null,
      HasWarningsOrErrors: false,
      profile,
      steps,
      rootLogs: [this.log('Info', now, 'Task queued')],
      cursor: 0,
      t: now,
      failed: false,
      failPlaced: false,
      useGuidedFailure: n.useGuidedFailure
    }
    this.tasks.set(id, task)
    return task
  }

  private log(category: LogElement['Category'], at: number, text: string): LogElement {
    return { Category: category, OccurredAt: this.iso(at), MessageText: text }
  }

  /** Reads a task, advancing it to the clock's time. */
  get(id: string): ServerTask | undefined {
    const task = this.tasks.get(id) ?? [...this.tasks.values()].find((t) => t.Id.toLowerCase() === id.toLowerCase())
    if (task) this.tick(task)
    return task
  }

  all(): ServerTask[] {
    const list = [...this.tasks.values()]
    for (const t of list) this.tick(t)
    return list
  }

  tick(task: ServerTask): void {
    const now = this.clock.now()
    for (let guard = 0; guard < 10_000; guard++) {
      if (task.State === 'Queued') {
        if (task.expiry !== undefined && task.startAt > task.expiry && now >= task.expiry) {
          task.State = 'TimedOut'
          task.ErrorMessage = EXPIRED_MESSAGE
          task.HasWarningsOrErrors = true
          task.updatedAt = task.expiry
          task.rootLogs.push(this.log('Error', task.expiry, EXPIRED_MESSAGE))
          return
        }
        if (now < task.startAt) return
        task.State = 'Executing'
        task.startedAt = task.t = task.updatedAt = task.startAt
        task.rootLogs.push(this.log('Info', task.startAt, 'Task started'))
        continue
      }
      if (task.State === 'Cancelling') {
        const at = (task.cancelAt ?? now) + task.profile.cancelMs
        if (now < at) return
        this.finishCanceled(task, at)
        return
      }
      if (task.State !== 'Executing') return
      if (!this.advance(task, now)) return
    }
  }

  private finishCanceled(task: ServerTask, at: number): void {
    for (const run of task.steps) {
      if (run.status === 'Running') {
        run.status = 'Canceled'
        run.ended = at
        run.logs.push(this.log('Warning', at, 'The step was canceled.'))
      } else if (run.status === 'Pending') run.status = 'Skipped'
    }
    task.State = 'Canceled'
    task.ErrorMessage = CANCELED_MESSAGE
    task.completedAt = task.updatedAt = at
    task.rootLogs.push(this.log('Warning', at, CANCELED_MESSAGE))
  }

  /** Moves the executing task one event forward; false when it must wait for time or for a person. */
  private advance(task: ServerTask, now: number): boolean {
    const run = task.steps[task.cursor]
    if (!run) {
      this.finish(task)
      return true
    }
    if (run.status === 'Skipped') {
      task.cursor++
      return true
    }
    if (run.status === 'Pending') {
      if (task.failed && run.step.Condition !== 'Always') {
        run.status = 'Skipped'
        run.logs.push(this.log('Info', task.t, `Skipping step "${run.step.Name}" because a previous step failed.`))
        task.cursor++
        return true
      }
      run.status = 'Running'
      run.started = task.updatedAt = task.t
      run.logs.push(this.log('Info', task.t, `Executing step "${run.step.Name}"`))
      return true
    }
    if (run.manual) return this.advanceManual(task, run)
    if (run.guidedInterruptionId) return this.advanceGuided(task, run)
    const share = task.profile.durationMs / Math.max(1, task.steps.filter((s) => !s.manual && s.status !== 'Skipped').length)
    const started = run.started ?? task.t
    const end = started + share
    if (now < end) {
      if (!run.halfLogged && now >= started + share / 2) {
        run.halfLogged = true
        run.logs.push(this.log('Info', started + share / 2, this.progressText(run)))
        return true
      }
      return false
    }
    task.t = task.updatedAt = end
    if (!run.halfLogged) {
      run.halfLogged = true
      run.logs.push(this.log('Info', started + share / 2, this.progressText(run)))
    }
    const failing = !task.failPlaced && run.step.Condition === 'Success'
    if (failing) task.failPlaced = true
    if (failing && task.profile.outcome === 'TimedOut') {
      run.status = 'Canceled'
      run.ended = end
      run.logs.push(this.log('Error', end, TIMED_OUT_MESSAGE))
      for (const r of task.steps) if (r.status === 'Pending') r.status = 'Skipped'
      task.State = 'TimedOut'
      task.ErrorMessage = TIMED_OUT_MESSAGE
      task.HasWarningsOrErrors = true
      task.rootLogs.push(this.log('Error', end, TIMED_OUT_MESSAGE))
      return true
    }
    if (failing && task.profile.outcome === 'Failed') {
      run.logs.push(this.log('Error', end, `The step "${run.step.Name}" failed: the action returned a non-zero exit code.`))
      if (task.useGuidedFailure) {
        run.guidedInterruptionId = this.interrupt(task, run, 'GuidedFailure', end).Id
        return true
      }
      this.failStep(task, run, end)
      return true
    }
    run.status = task.profile.warnings ? 'SuccessWithWarning' : 'Success'
    if (task.profile.warnings) {
      run.logs.push(this.log('Warning', end, `The step "${run.step.Name}" completed with warnings.`))
      task.HasWarningsOrErrors = true
    }
    run.ended = end
    run.logs.push(this.log('Info', end, `Step "${run.step.Name}" completed.`))
    task.cursor++
    return true
  }

  private progressText(run: StepRun): string {
    const pkg = run.step.Packages[0]
    return pkg ? `Deploying package ${pkg.PackageId}` : `Running "${run.step.Name}"`
  }

  private failStep(task: ServerTask, run: StepRun, at: number): void {
    run.status = 'Failed'
    run.ended = at
    task.failed = true
    task.HasWarningsOrErrors = true
    task.cursor++
  }

  private advanceManual(task: ServerTask, run: StepRun): boolean {
    if (!run.interruptionId) {
      run.interruptionId = this.interrupt(task, run, 'ManualIntervention', task.t).Id
      run.logs.push(this.log('Info', task.t, 'Deployment is paused until the manual intervention is submitted.'))
      return true
    }
    const i = this.interruptions.get(run.interruptionId)!
    if (i.IsPending) return false
    const at = Math.max(task.t, i.RespondedAt ?? task.t)
    task.t = task.updatedAt = at
    run.ended = at
    run.logs.push(this.log('Info', at, `Manual intervention submitted: ${i.Result}${i.Notes ? ` (${i.Notes})` : ''}`))
    if (i.Result === 'Proceed') {
      run.status = 'Success'
      task.cursor++
    } else {
      task.failMessage = 'The deployment was aborted by the manual intervention.'
      this.failStep(task, run, at)
    }
    return true
  }

  private advanceGuided(task: ServerTask, run: StepRun): boolean {
    const i = this.interruptions.get(run.guidedInterruptionId!)!
    if (i.IsPending) return false
    const at = Math.max(task.t, i.RespondedAt ?? task.t)
    task.t = task.updatedAt = at
    run.guidedInterruptionId = undefined
    run.logs.push(this.log('Info', at, `Guided failure: ${i.Result}`))
    if (i.Result === 'Retry') {
      // The step runs again with the environment's current profile (a test can change the outcome in between).
      task.profile = { ...task.profile, outcome: this.profileFor(task.EnvironmentId).outcome }
      task.failPlaced = false
      run.started = at
      run.halfLogged = false
      return true
    }
    if (i.Result === 'Ignore') {
      run.status = 'SuccessWithWarning'
      run.ended = at
      task.HasWarningsOrErrors = true
      task.cursor++
      return true
    }
    this.failStep(task, run, at)
    return true
  }

  private interrupt(task: ServerTask, run: StepRun, type: Interruption['Type'], at: number): Interruption {
    const i: Interruption = {
      Id: `Interruptions-${++this.interruptionCounter}`,
      SpaceId: task.SpaceId,
      TaskId: task.Id,
      Type: type,
      Title: type === 'ManualIntervention' ? `Manual intervention required: ${run.step.Name}` : `Guided failure: ${run.step.Name}`,
      Instructions: run.step.Instructions ?? `The step "${run.step.Name}" failed. Choose to retry, ignore or fail.`,
      Created: at,
      IsPending: true,
      ResponsibleUserId: null,
      RelatedDocumentIds: [String(task.Arguments.DeploymentId ?? task.Arguments.RunbookRunId ?? ''), task.Id, ...(task.ProjectId ? [task.ProjectId] : [])].filter(Boolean)
    }
    this.interruptions.set(i.Id, i)
    task.updatedAt = at
    return i
  }

  private finish(task: ServerTask): void {
    const at = task.t
    task.completedAt = task.updatedAt = at
    if (task.failed) {
      task.State = 'Failed'
      task.ErrorMessage = task.failMessage ?? (task.Name === 'RunbookRun' ? RUNBOOK_FAILED_MESSAGE : FAILED_MESSAGE)
      task.rootLogs.push(this.log('Fatal', at, task.ErrorMessage))
    } else {
      task.State = 'Success'
      task.rootLogs.push(this.log('Info', at, 'Task completed successfully'))
    }
  }

  pendingInterruptions(task: ServerTask): Interruption[] {
    return [...this.interruptions.values()].filter((i) => i.TaskId === task.Id && i.IsPending)
  }

  /** Cancel: a queued task is canceled at once; a running one goes through Cancelling. Completed tasks are unchanged. */
  cancel(id: string, by?: string): ServerTask | undefined {
    const task = this.get(id)
    if (!task) return undefined
    const now = this.clock.now()
    if (by && !isCompleted(task.State)) task.rootLogs.push(this.log('Warning', now, `Cancellation requested by ${by}`))
    if (task.State === 'Queued') this.finishCanceled(task, now)
    else if (task.State === 'Executing') {
      task.State = 'Cancelling'
      task.cancelAt = task.updatedAt = now
      for (const i of this.pendingInterruptions(task)) i.IsPending = false
      if (!by) task.rootLogs.push(this.log('Warning', now, 'Cancellation requested'))
      this.tick(task)
    }
    return task
  }

  respond(interruption: Interruption, result: string, notes: string | undefined): void {
    interruption.IsPending = false
    interruption.Result = result
    interruption.Notes = notes
    interruption.RespondedAt = this.clock.now()
    const task = this.tasks.get(interruption.TaskId)
    if (task) this.tick(task)
  }
}
