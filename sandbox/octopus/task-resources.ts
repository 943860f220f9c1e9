/** Renders server tasks, task details (Progress, ActivityLogs), raw logs and interruptions as REST resources. */
import { isCompleted, type ActivityStatus, type Interruption, type LogElement, type ServerTask, type TaskEngine } from './tasks.js'

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString())

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 60) return `${s} second${s === 1 ? '' : 's'}`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m} minute${m === 1 ? '' : 's'}`
  const h = Math.floor(m / 60)
  return `${h} hour${h === 1 ? '' : 's'}`
}

export function taskResource(engine: TaskEngine, task: ServerTask, now: number): Record<string, unknown> {
  const pending = engine.pendingInterruptions(task)
  const completed = isCompleted(task.State)
  const end = task.State === 'TimedOut' ? task.updatedAt : (task.completedAt ?? now)
  const base = `/api/${task.SpaceId}/tasks/${task.Id}`
  return {
    Id: task.Id,
    SpaceId: task.SpaceId,
    Name: task.Name,
    Description: task.Description,
    Arguments: task.Arguments,
    State: task.State,
    Completed: task.completedAt !== undefined ? new Date(task.completedAt).toUTCString() : null,
    QueueTime: iso(task.queuedAt),
    QueueTimeExpiry: iso(task.expiry),
    StartTime: iso(task.startedAt),
    LastUpdatedTime: iso(task.updatedAt),
    // TimedOut tasks have no CompletedTime (OctopusDeploy/Issues #9906).
    CompletedTime: task.State === 'TimedOut' ? null : iso(task.completedAt),
    ServerNode: task.startedAt !== undefined ? 'octopus-fake-node' : null,
    Duration: formatDuration(task.startedAt !== undefined ? end - task.startedAt : 0),
    ErrorMessage: task.ErrorMessage,
    HasBeenPickedUpByProcessor: task.startedAt !== undefined,
    IsCompleted: completed,
    FinishedSuccessfully: task.State === 'Success',
    HasPendingInterruptions: pending.length > 0,
    PendingInterruptionTypes: [...new Set(pending.map((i) => i.Type))],
    HasPendingPreconditions: false,
    PendingPreconditionTypes: [],
    CanRerun: completed,
    HasWarningsOrErrors: task.HasWarningsOrErrors,
    EstimatedRemainingQueueDurationSeconds: task.State === 'Queued' ? Math.max(0, Math.ceil((task.startAt - now) / 1000)) : 0,
    ProjectId: task.ProjectId,
    EnvironmentId: task.EnvironmentId,
    TenantId: task.TenantId,
    ...(task.RunbookId ? { RunbookId: task.RunbookId } : {}),
    UnmetPreconditions: null,
    Links: {
      Self: base,
      Web: `/app#/${task.SpaceId}/tasks/${task.Id}`,
      Raw: `${base}/raw`,
      Cancel: `${base}/cancel`,
      Details: `${base}/details{?verbose,tail,ranges}`,
      Interruptions: `/api/${task.SpaceId}/interruptions?regarding=${task.Id}`
    }
  }
}

function rootStatus(task: ServerTask): ActivityStatus {
  switch (task.State) {
    case 'Queued':
      return 'Pending'
    case 'Executing':
    case 'Cancelling':
      return 'Running'
    case 'Success':
      return task.HasWarningsOrErrors ? 'SuccessWithWarning' : 'Success'
    case 'Canceled':
      return 'Canceled'
    default:
      return 'Failed'
  }
}

function filterLogs(logs: LogElement[], verbose: boolean, tail: number | undefined): LogElement[] {
  const list = verbose ? logs : logs.filter((l) => l.Category !== 'Verbose')
  return tail !== undefined ? list.slice(-tail) : list
}

export function taskDetails(
  engine: TaskEngine,
  task: ServerTask,
  now: number,
  opts: { verbose: boolean; tail?: number }
): Record<string, unknown> {
  const runnable = task.steps.filter((s) => s.status !== 'Skipped' || s.started !== undefined)
  const done = runnable.filter((s) => s.ended !== undefined).length
  const pct = isCompleted(task.State) ? 100 : runnable.length ? Math.floor((done / runnable.length) * 100) : 0
  const children = task.steps.map((run, i) => {
    const stepPct = run.ended !== undefined || run.status === 'Skipped' ? 100 : run.status === 'Running' ? 50 : 0
    return {
      Id: `${task.Id}_${i + 1}`,
      Name: run.Name,
      Started: iso(run.started),
      Ended: iso(run.ended),
      Status: run.status,
      Children: [],
      LogElements: filterLogs(run.logs, opts.verbose, opts.tail),
      ProgressPercentage: stepPct,
      ProgressMessage: run.status === 'Running' ? `Running ${run.step.Name}` : null,
      ShowAtSummaryLevel: true
    }
  })
  const logs = [task.rootLogs, ...task.steps.map((s) => s.logs)].flat()
  const remainingMs = isCompleted(task.State) ? 0 : Math.max(0, task.startAt + task.profile.durationMs - now)
  return {
    Task: taskResource(engine, task, now),
    Progress: { ProgressPercentage: pct, EstimatedTimeRemaining: formatDuration(remainingMs) },
    PhysicalLogSize: Buffer.byteLength(rawLog(task)),
    ActivityLogs: [
      {
        Id: task.Id,
        Name: task.Description,
        Started: iso(task.startedAt),
        Ended: isCompleted(task.State) ? iso(task.completedAt ?? task.updatedAt) : null,
        Status: rootStatus(task),
        Children: children,
        LogElements: filterLogs(task.rootLogs, opts.verbose, opts.tail),
        ProgressPercentage: pct,
        ProgressMessage: task.State === 'Executing' ? task.steps.find((s) => s.status === 'Running')?.Name ?? null : null,
        ShowAtSummaryLevel: true
      }
    ],
    Links: { Self: `/api/${task.SpaceId}/tasks/${task.Id}/details` },
    LogCount: logs.length
  }
}

export function rawLog(task: ServerTask): string {
  const lines: string[] = []
  const put = (l: LogElement, indent: string) => lines.push(`${l.OccurredAt}  ${l.Category.padEnd(7)}  ${indent}${l.MessageText}`)
  for (const l of task.rootLogs) put(l, '')
  for (const run of task.steps) {
    lines.push(`                    ${run.Name}`)
    for (const l of run.logs) put(l, '  ')
  }
  return lines.join('\n') + '\n'
}

export function interruptionResource(i: Interruption, userId: string | undefined): Record<string, unknown> {
  const buttons =
    i.Type === 'ManualIntervention'
      ? [
          { Text: 'Proceed', Value: 'Proceed', RequiresConfirmation: false },
          { Text: 'Abort', Value: 'Abort', RequiresConfirmation: true }
        ]
      : [
          { Text: 'Retry', Value: 'Retry', RequiresConfirmation: false },
          { Text: 'Ignore', Value: 'Ignore', RequiresConfirmation: false },
          { Text: 'Fail', Value: 'Fail', RequiresConfirmation: true }
        ]
  const base = `/api/${i.SpaceId}/interruptions/${i.Id}`
  return {
    Id: i.Id,
    SpaceId: i.SpaceId,
    Title: i.Title,
    Type: i.Type,
    Created: iso(i.Created),
    IsPending: i.IsPending,
    Form: {
      Values: { Notes: i.Notes ?? null, Result: i.Result ?? null },
      Elements: [
        { Name: 'Instructions', Control: { Type: 'Paragraph', Text: i.Instructions, ResolveLinks: false }, IsValueRequired: false },
        { Name: 'Notes', Control: { Type: 'TextArea', Label: 'Notes' }, IsValueRequired: false },
        { Name: 'Result', Control: { Type: 'SubmitButtonGroup', Buttons: buttons }, IsValueRequired: false }
      ]
    },
    RelatedDocumentIds: i.RelatedDocumentIds,
    ResponsibleTeamIds: [],
    ResponsibleUserId: i.ResponsibleUserId,
    CanTakeResponsibility: i.IsPending,
    HasResponsibility: userId !== undefined && i.ResponsibleUserId === userId,
    TaskId: i.TaskId,
    CorrelationId: `${i.TaskId}_${i.Id}`,
    IsLinkedToOtherInterruption: false,
    Links: { Self: base, Submit: `${base}/submit`, Responsible: `${base}/responsible` }
  }
}
