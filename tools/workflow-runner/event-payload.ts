/**
 * The triggering event: checks the workflow declares it, validates `workflow_dispatch` inputs, and builds the event
 * payload (`github.event`) for `workflow_dispatch`, `schedule` and `push` (a given payload is merged in).
 */
import { readDispatchInputs, resolveDispatchInputs } from './dispatch-inputs.js'
import type { WorkflowDef } from './workflow-loader.js'

export interface EventSpec {
  name: string
  /** `workflow_dispatch` inputs, as strings (as GitHub receives them). */
  inputs?: Record<string, string>
  /** Payload fields (for push: ref, before, after, commits...; for schedule: schedule). */
  payload?: Record<string, unknown>
}

export interface ResolvedEvent {
  name: string
  payload: Record<string, unknown>
  /** The `inputs` context (typed), empty for events without inputs. */
  inputs: Record<string, unknown>
}

export class EventError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'EventError'
  }
}

const SUPPORTED = ['workflow_dispatch', 'schedule', 'push']

export function resolveEvent(workflow: WorkflowDef, workflowPath: string, event: EventSpec, base: { ref: string; sha: string; repository: string; actor: string }): ResolvedEvent {
  if (!SUPPORTED.includes(event.name)) {
    throw new EventError(`event '${event.name}' is not supported by the local workflow executor (supported: ${SUPPORTED.join(', ')})`)
  }
  if (!workflow.events.includes(event.name)) {
    throw new EventError(`${workflow.file} does not run on '${event.name}' (on: ${workflow.events.join(', ') || 'nothing'})`)
  }
  if (event.inputs && Object.keys(event.inputs).length > 0 && event.name !== 'workflow_dispatch') {
    throw new EventError(`inputs are only accepted for workflow_dispatch, not '${event.name}'`)
  }
  const [owner, name] = base.repository.split('/')
  const common = {
    repository: { full_name: base.repository, name, owner: { login: owner } },
    sender: { login: base.actor }
  }
  if (event.name === 'workflow_dispatch') {
    const inputs = resolveDispatchInputs(readDispatchInputs(workflow.dispatchInputs), event.inputs ?? {})
    const payload = { ...common, ref: base.ref, workflow: workflowPath, ...event.payload, inputs: inputs.payload }
    return { name: event.name, payload, inputs: inputs.context }
  }
  if (event.name === 'schedule') {
    const schedule = event.payload?.schedule
    if (schedule !== undefined && !workflow.schedules.includes(String(schedule))) {
      throw new EventError(`schedule '${String(schedule)}' is not declared by ${workflow.file} (crons: ${JSON.stringify(workflow.schedules)})`)
    }
    return { name: event.name, payload: { ...common, schedule: workflow.schedules[0], ...event.payload }, inputs: {} }
  }
  return { name: event.name, payload: { ...common, ref: base.ref, after: base.sha, commits: [], ...event.payload }, inputs: {} }
}
