/** The benchmark suites after cold start, in the order they run. */
import type { Figure } from './lib/stats.js'

export type Mode = 'quick' | 'full'

export interface Suite {
  key: string
  group: string
  run(mode: Mode, log: (m: string) => void): Promise<{ figures: Figure[]; notes: string[] }>
}

export const SUITES: Suite[] = []
