/**
 * The parts of Octopus REST resources the deploy code reads (server tasks, task details, interruptions,
 * deployments), typed loosely enough to tolerate fields that older or newer servers add or leave out.
 */

export interface TaskResource {
  Id: string
  State: string
  Description?: string
  ErrorMessage?: string | null
  IsCompleted?: boolean
  FinishedSuccessfully?: boolean
  HasPendingInterruptions?: boolean
  PendingInterruptionTypes?: string[]
  HasWarningsOrErrors?: boolean
  QueueTime?: string | null
  StartTime?: string | null
  CompletedTime?: string | null
  LastUpdatedTime?: string | null
  Duration?: string
  EstimatedRemainingQueueDurationSeconds?: number
  Links?: Record<string, string>
}

export interface LogElementResource {
  Category: string
  OccurredAt?: string
  MessageText: string
  Detail?: string | null
}

export interface ActivityResource {
  Id: string
  Name: string
  Status?: string
  Started?: string | null
  Ended?: string | null
  Children?: ActivityResource[]
  LogElements?: LogElementResource[]
  ProgressPercentage?: number
  ProgressMessage?: string | null
}

export interface TaskDetailsResource {
  Task?: TaskResource
  Progress?: { ProgressPercentage?: number; EstimatedTimeRemaining?: string }
  ActivityLogs?: ActivityResource[]
}

export interface InterruptionResource {
  Id: string
  Title?: string
  Type?: string
  IsPending?: boolean
  TaskId?: string
  Form?: { Elements?: { Name?: string; Control?: { Type?: string; Text?: string } }[] }
  Links?: Record<string, string>
}

export interface DeploymentResource {
  Id: string
  ReleaseId?: string
  EnvironmentId: string
  TenantId?: string | null
  TaskId: string
  Created?: string
  Links?: Record<string, string>
}

/** A paged Octopus collection. */
export interface Collection<T> {
  Items: T[]
  TotalResults?: number
}

/** `{DeploymentServerTasks}` from the executions API; some server versions answered in camelCase. */
export interface CreateDeploymentsResponse {
  DeploymentServerTasks?: { DeploymentId?: string; ServerTaskId?: string; deploymentId?: string; serverTaskId?: string }[]
  deploymentServerTasks?: { DeploymentId?: string; ServerTaskId?: string; deploymentId?: string; serverTaskId?: string }[]
}
