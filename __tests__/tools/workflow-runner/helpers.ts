/** Helpers for the workflow executor's tests: the fixture workspace and workflows written from inline YAML. */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runWorkflow, type RunWorkflowOptions } from '../../../tools/workflow-runner/run-workflow.js'
import type { JobResult, StepResult, WorkflowResult } from '../../../tools/workflow-runner/types.js'
import { REPO_ROOT } from '../../helpers/repo.js'

export const repoRoot = REPO_ROOT
/** The workspace of the executor's own test actions (actions/probe, actions/greet, ...). */
export const fixtureWorkspace = join(repoRoot, '__tests__/fixtures/workflows')

/** Writes a workflow outside the workspace (absolute path) so tests never write into the repository. */
export function writeWorkflow(yaml: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'wf-test-')), 'workflow.yml')
  writeFileSync(file, yaml)
  return file
}

/** Runs a workflow in the fixture workspace, collecting the live log too. */
export async function run(workflowFile: string, opts: Partial<RunWorkflowOptions> = {}): Promise<WorkflowResult & { live: string[] }> {
  const live: string[] = []
  const result = await runWorkflow({
    workflowFile,
    repoRoot: fixtureWorkspace,
    event: { name: 'workflow_dispatch' },
    onLog: (l) => live.push(l),
    ...opts
  })
  return { ...result, live }
}

export function job(result: WorkflowResult, id: string): JobResult {
  const j = result.jobs[id]
  if (!j) throw new Error(`no job ${id} in ${Object.keys(result.jobs).join(', ')}`)
  return j
}

export function step(j: JobResult, id: string): StepResult {
  const s = j.steps.find((x) => x.id === id)
  if (!s) throw new Error(`no step ${id} in job ${j.id}: ${j.steps.map((x) => x.id).join(', ')}`)
  return s
}
