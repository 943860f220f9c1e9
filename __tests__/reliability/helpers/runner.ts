/**
 * Runner directories for bundle runs (`runnerFiles` from the shared helpers), removed after the test file: the
 * suites run a few hundred bundles and leave no temp dirs behind.
 */
import { afterAll } from '@jest/globals'
import { rmSync } from 'node:fs'
import { runnerFiles, type RunnerFiles } from '../../helpers/runner-env.js'

const dirs: string[] = []

afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

export function runner(inputs: Record<string, string>): RunnerFiles {
  const files = runnerFiles(inputs)
  dirs.push(files.dir)
  return files
}
