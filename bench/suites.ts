/** The benchmark suites after cold start, in the order they run, with their quick and full sizes. */
import { deployWait } from './deploy-wait.js'
import { gocdRun } from './gocd-run.js'
import { rotationFanOut } from './rotation.js'
import { uploadBench } from './upload.js'
import type { Figure } from './harness/stats.js'

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
    run: (mode, log) => deployWait(mode === 'quick' ? { durations: [5], envCounts: [1, 10], runs: 1 } : { durations: [5, 30, 120], envCounts: [1, 10], runs: 3 }, log)
  },
  {
    key: 'gocd',
    group: 'GoCD trigger',
    run: (mode, log) => gocdRun(mode === 'quick' ? { stageSeconds: [5], runs: 1 } : { stageSeconds: [5, 30], runs: 3 }, log)
  },
  {
    key: 'upload',
    group: 'upload',
    run: (mode, log) =>
      uploadBench(
        mode === 'quick'
          ? { bytes: 64 * 2 ** 20, files: 500, runs: 1, destinations: ['github', 'octopus', 'gocd'], memoryFileCounts: [200, 1000, 5000], memoryBytes: 32 * 2 ** 20 }
          : { bytes: 2 * 2 ** 30, files: 10_000, runs: 2, destinations: ['github', 'octopus', 'gocd'], memoryFileCounts: [1000, 10_000, 50_000], memoryBytes: 2 ** 30 },
        log
      )
  },
  {
    key: 'rotation',
    group: 'rotation fan-out',
    run: (mode, log) =>
      rotationFanOut(
        mode === 'quick'
          ? { configs: [{ targets: 1, perMinute: 80 }, { targets: 10, perMinute: 80 }], runs: 1 }
          : { configs: [{ targets: 1, perMinute: 80 }, { targets: 10, perMinute: 80 }, { targets: 50, perMinute: 80 }, { targets: 50, perMinute: 30 }], runs: 2 },
        log
      )
  }
]
