/** The benchmark suites after cold start, in the order they run, with their quick and full sizes. */
import { deployWait } from './deploy-wait.js'
import type { Figure } from './lib/stats.js'

export type Mode = 'quick' | 'full'

export interface Suite {
  key: string
  group: string
  run(mode: Mode, log: (m: string) => void): Promise<{ figures: Figure[]; notes: string[] }>
}

export const SUITES: Suite[] = [
  {
    key: 'deploy',
    group: 'deploy wait',
    run: (mode, log) => deployWait(mode === 'quick' ? { durations: [5], envCounts: [1, 10], runs: 1 } : { durations: [5, 30, 120], envCounts: [1, 10], runs: 2 }, log)
  }
]
