/**
 * The deployment options shared by the `deploy` action and `create-release` (`deploy_to`): read from the inputs,
 * validated together with every other input problem, and passed to `deployRelease`.
 *
 * Shared inputs (both actions declare them): `variables`, `tenants`, `tenant_tags`, `wait`, `timeout`,
 * `cancel_on_timeout`. With `{ extended: true }` the reader also reads the inputs only the `deploy` action declares:
 * `use_guided_failure`, `skip_steps`, `specific_machines`, `excluded_machines`, `force_package_redeployment`,
 * `update_variable_snapshot`, `deploy_at`, `deploy_at_expiry`, `poll_interval`, `show_task_log`.
 * Without it those keep their defaults, so an action never reads an input it does not declare.
 */
import type { InputReader } from '../../core/inputs.js'

export interface DeployOptions {
  /** Prompted variable values by name (`name=value` or `name:value`, split at the first separator). */
  variables: Record<string, string>
  /** Tenant names or ids; `*` = every tenant connected to the project and environment. */
  tenants: string[]
  /** Canonical tenant tags `TagSet/Tag`. */
  tenantTags: string[]
  /** Wait for the deployment tasks to finish (default true). */
  wait: boolean
  /** How long to wait, in milliseconds (default 30 minutes). */
  timeoutMs: number
  /** Cancel the tasks still running when the wait times out. */
  cancelOnTimeout: boolean
  useGuidedFailure?: boolean
  skipSteps: string[]
  specificMachines: string[]
  excludedMachines: string[]
  forcePackageRedeployment: boolean
  updateVariableSnapshot: boolean
  /** ISO 8601 start time (`RunAt` / `QueueTime`). */
  deployAt?: string
  /** ISO 8601 time after which a scheduled deployment must not start (`NoRunAfter` / `QueueTimeExpiry`). */
  deployAtExpiry?: string
  /** Fixed poll interval in milliseconds; undefined = adaptive (1 s for 30 s, then backing off to 10 s). */
  pollIntervalMs?: number
  /** Stream each task's activity log into the job log (default true). */
  showTaskLog: boolean
}

export const DEFAULT_TIMEOUT_MS = 30 * 60_000

export interface ReadDeployOptions {
  /** Also read the deploy-only inputs listed above. */
  extended?: boolean
  /** Default of `wait` (true). */
  waitDefault?: boolean
}

/** Reads the deployment options; problems are recorded on the reader (reported by `reader.finish()`). */
export function readDeployOptions(reader: InputReader, opts: ReadDeployOptions = {}): DeployOptions {
  const variables = Object.fromEntries(reader.map('variables', { separators: ['=', ':'] }))
  const tenants = reader.list('tenants')
  const tenantTags = reader.list('tenant_tags')
  const wait = reader.boolean('wait', opts.waitDefault ?? true)
  const timeoutMs = reader.duration('timeout', { min: 1000 }) ?? DEFAULT_TIMEOUT_MS
  const cancelOnTimeout = reader.boolean('cancel_on_timeout', false)
  for (const tag of tenantTags)
    if (!/^[^/]+\/[^/]+$/.test(tag)) reader.problem(`input 'tenant_tags' entry "${tag}" must be a canonical tag name TagSet/Tag, such as Tier/Gold`)
  if (tenants.includes('*') && tenants.length > 1) reader.problem(`input 'tenants' contains '*' (all tenants) together with tenant names: give either '*' or names`)
  if (cancelOnTimeout && !wait) reader.problem(`input 'cancel_on_timeout' needs 'wait: true': without waiting there is no timeout to cancel on`)

  const options: DeployOptions = {
    variables,
    tenants,
    tenantTags,
    wait,
    timeoutMs,
    cancelOnTimeout,
    skipSteps: [],
    specificMachines: [],
    excludedMachines: [],
    forcePackageRedeployment: false,
    updateVariableSnapshot: false,
    showTaskLog: true
  }
  if (!opts.extended) return options

  options.useGuidedFailure = reader.optionalBoolean('use_guided_failure')
  options.skipSteps = reader.list('skip_steps', { comma: false })
  options.specificMachines = reader.list('specific_machines')
  options.excludedMachines = reader.list('excluded_machines')
  options.forcePackageRedeployment = reader.boolean('force_package_redeployment', false)
  options.updateVariableSnapshot = reader.boolean('update_variable_snapshot', false)
  options.deployAt = readInstant(reader, 'deploy_at')
  options.deployAtExpiry = readInstant(reader, 'deploy_at_expiry')
  options.pollIntervalMs = reader.duration('poll_interval', { min: 1000, max: 10 * 60_000 })
  options.showTaskLog = reader.boolean('show_task_log', true)
  if (options.deployAtExpiry && !options.deployAt) reader.problem(`input 'deploy_at_expiry' needs 'deploy_at': the expiry only applies to a scheduled deployment`)
  if (options.deployAt && options.deployAtExpiry && Date.parse(options.deployAtExpiry) <= Date.parse(options.deployAt))
    reader.problem(`input 'deploy_at_expiry' (${options.deployAtExpiry}) must be later than 'deploy_at' (${options.deployAt})`)
  return options
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i

/** An ISO 8601 date-time with a time zone (`2026-11-22T18:00:00Z`, `2026-11-22T19:00+01:00`), normalised to UTC. */
export function parseInstant(value: string): string {
  const v = value.trim()
  if (!ISO_8601.test(v) || Number.isNaN(Date.parse(v)))
    throw new Error('must be an ISO 8601 date and time with a time zone, such as 2026-11-22T18:00:00Z or 2026-11-22T19:00:00+01:00')
  return new Date(v).toISOString()
}

function readInstant(reader: InputReader, name: string): string | undefined {
  const raw = reader.string(name)
  if (raw === undefined) return undefined
  try {
    return parseInstant(raw)
  } catch (err) {
    reader.problem(`input '${name}' ${(err as Error).message} (got "${raw}")`)
    return undefined
  }
}
