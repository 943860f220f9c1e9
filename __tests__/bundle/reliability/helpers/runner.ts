/**
 * Runner directories for bundle runs (`runnerEnv` from tools/workflow-runner/runner-env.ts), removed after the test file: the
 * suites run a few hundred bundles and leave no temp dirs behind.
 */
import { afterAll } from '@jest/globals'
import { rmSync } from 'node:fs'
import { runnerEnv, type RunnerEnv } from '../../../../tools/workflow-runner/runner-env.js'

const dirs: string[] = []

afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

export function runner(inputs: Record<string, string>): RunnerEnv {
  const files = runnerEnv({ inputs })
  dirs.push(files.dir)
  return files
}
