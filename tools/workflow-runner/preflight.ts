/**
 * Checks, before anything runs, that every step of the selected jobs is something the executor can run: `uses:`
 * only of local actions that exist, parse, and are JavaScript (with a built bundle) or composite (checked
 * recursively); `shell:` values it knows. Problems are reported together, each naming its step.
 */
import { isString } from '@actions/workflow-parser'
import { loadLocalAction, localActionDir, type LocalAction } from './action-loader.js'
import { shellCommand } from './run-script.js'
import { UnsupportedFeature, type StepDef } from './step-model.js'

export class PreflightError extends Error {
  constructor(readonly problems: string[]) {
    super(`the workflow cannot run locally:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'PreflightError'
  }
}

function checkSteps(workspace: string, steps: StepDef[], actions: Map<string, LocalAction>, problems: string[], seen: Set<string>): void {
  for (const step of steps) {
    try {
      if (step.shell && isString(step.shell)) shellCommand(step.shell.value, step.label)
      if (!step.uses) continue
      if (step.uses.startsWith('docker://')) throw new UnsupportedFeature(step.label, `uses: ${step.uses} (docker images)`)
      if (!step.uses.startsWith('./')) throw new UnsupportedFeature(step.label, `uses: ${step.uses}`, 'only local actions (uses: ./path) run locally')
      const dir = localActionDir(workspace, step.uses, step.label)
      let action = actions.get(dir)
      if (!action) {
        action = loadLocalAction(dir, step.label)
        actions.set(dir, action)
      }
      if (action.runs.using === 'composite' && !seen.has(dir)) {
        seen.add(dir)
        checkSteps(workspace, action.runs.steps, actions, problems, seen)
      }
    } catch (err) {
      problems.push((err as Error).message)
    }
  }
}

/** Returns the loaded local actions (by directory) for reuse; throws PreflightError listing every problem. */
export function preflight(workspace: string, jobs: { steps: StepDef[] }[]): Map<string, LocalAction> {
  const actions = new Map<string, LocalAction>()
  const problems: string[] = []
  for (const job of jobs) checkSteps(workspace, job.steps, actions, problems, new Set())
  if (problems.length > 0) throw new PreflightError(problems)
  return actions
}
