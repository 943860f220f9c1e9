/** What the trigger steps share: the client, the logger, the clock, and the overall deadline. */
import type { Logger } from '../../core/logger.js'
import type { GocdClient } from '../client.js'

export interface Clock {
  now(): number
  sleep(ms: number): Promise<void>
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms))
}

export interface Session {
  client: GocdClient
  logger: Logger
  clock: Clock
  pipeline: string
  /** Clock time at which the whole action times out. */
  deadline: number
  /** The login GoCD records as approver of our runs. */
  login: string
}

export function remaining(s: Session): number {
  return Math.max(0, s.deadline - s.clock.now())
}
