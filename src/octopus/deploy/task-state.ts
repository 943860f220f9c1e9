/**
 * Octopus server task states and how a set of them adds up. `worstState` gives the one state that describes a whole
 * multi-environment / multi-tenant deployment (the `task_state` output): any failure outweighs a timeout, which
 * outweighs a cancellation, which outweighs work still in progress, which outweighs success.
 */

/** The `TaskState` enum of the Octopus API (swagger). */
export type TaskState = 'Queued' | 'Executing' | 'Cancelling' | 'Success' | 'Failed' | 'Canceled' | 'TimedOut'

const SEVERITY: Record<TaskState, number> = {
  Success: 0,
  Queued: 1,
  Executing: 2,
  Cancelling: 3,
  Canceled: 4,
  TimedOut: 5,
  Failed: 6
}

const TERMINAL = new Set<TaskState>(['Success', 'Failed', 'Canceled', 'TimedOut'])
const UNSUCCESSFUL = new Set<TaskState>(['Failed', 'Canceled', 'TimedOut'])

/** Reads a state as the server sent it (case-insensitive); unknown values count as still running. */
export function toTaskState(value: unknown): TaskState {
  const text = String(value ?? '')
  const found = (Object.keys(SEVERITY) as TaskState[]).find((s) => s.toLowerCase() === text.toLowerCase())
  return found ?? 'Executing'
}

export function isTerminal(state: TaskState): boolean {
  return TERMINAL.has(state)
}

/** Failed, Canceled and TimedOut: the deployment did not succeed. */
export function isUnsuccessful(state: TaskState): boolean {
  return UNSUCCESSFUL.has(state)
}

/** The most severe of the states (`Success` for an empty list). */
export function worstState(states: readonly TaskState[]): TaskState {
  return states.reduce<TaskState>((worst, s) => (SEVERITY[s] > SEVERITY[worst] ? s : worst), 'Success')
}
