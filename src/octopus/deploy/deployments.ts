/**
 * The deployments of a release: what each was for (an environment, and a tenant when tenanted), what was created
 * for it, and how it ended.
 */
import type { TaskState } from './task-state.js'

/** The environment (and tenant) one deployment is for; not an Octopus deployment target, which is a machine. */
export interface EnvironmentTenant {
  environmentName: string
  environmentId?: string
  tenantName?: string
  tenantId?: string
}

export interface CreatedDeployment extends EnvironmentTenant {
  deploymentId: string
  serverTaskId: string
  /** Web portal link to the deployment. */
  deploymentUrl: string
  /** Web portal link to the server task (its log). */
  taskUrl: string
}

export interface DeploymentOutcome extends CreatedDeployment {
  state: TaskState
  /** The server's ErrorMessage for an unsuccessful task. */
  errorMessage?: string
  /** Milliseconds from start to completion (or to the last update while still running). */
  durationMs?: number
  /** Pending interruption types when the wait ended (ManualIntervention, GuidedFailure, ...). */
  pendingInterruptions: string[]
}

/** `Prod` or `Prod / Acme`: how the logs, errors and the summary name a deployment. */
export function describeEnvironmentTenant(t: EnvironmentTenant): string {
  return t.tenantName ? `${t.environmentName} / ${t.tenantName}` : t.environmentName
}
