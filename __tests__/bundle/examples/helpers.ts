/**
 * Helpers for the example workflow tests: a sandbox with fast (but real-time) fakes, the counts of what each fake
 * created (their ledgers), every log line of a run, and inline workflows that use the suite's actions by path.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { SandboxTiming } from '../../../demo/sandbox.js'
import type { DemoSandbox } from '../../../demo/sandbox.js'
import type { JobResult, StepResult, WorkflowResult } from '../../../tools/workflow-runner/types.js'

/** Deployments take ~0.7 s, a two-stage GoCD run ~1 s: short, and still observed while running. */
export const FAST: SandboxTiming = { octopusQueueMs: 100, octopusTaskMs: 600, gocdScheduleDelayMs: 200, gocdStageMs: 300 }

export interface Created {
  releases: number
  deployments: number
  packages: number
  apiKeys: number
  /** Octopus access tokens issued for GitHub OIDC sign-ins. */
  accessTokens: number
  pipelineRuns: number
  artifacts: number
  secretWrites: number
}

/** What the fakes recorded as created (each ledger entry is one creation, whatever retries happened). */
export function created(sb: DemoSandbox): Created {
  const octo = sb.octopus.server.ledger
  return {
    releases: octo.count('release'),
    deployments: octo.count('deployment'),
    packages: octo.count('package'),
    apiKeys: octo.count('apikey'),
    accessTokens: octo.count('access-token'),
    pipelineRuns: sb.gocd.server.ledger.count('pipeline-run'),
    artifacts: sb.github.server.ledger.count('artifact'),
    secretWrites: sb.github.server.ledger.count('secret-write')
  }
}

export const NOTHING: Created = { releases: 0, deployments: 0, packages: 0, apiKeys: 0, accessTokens: 0, pipelineRuns: 0, artifacts: 0, secretWrites: 0 }

export function job(result: WorkflowResult, id: string): JobResult {
  const j = result.jobs[id]
  if (!j) throw new Error(`no job ${id} in ${Object.keys(result.jobs).join(', ')}`)
  return j
}

export function step(j: JobResult | StepResult, id: string): StepResult {
  const s = j.steps?.find((x) => x.id === id)
  if (!s) throw new Error(`no step ${id} in ${j.id}: ${(j.steps ?? []).map((x) => x.id).join(', ')}`)
  return s
}

/** Every log line, summary and output of a run (composite steps included), for leak checks. */
export function everything(result: WorkflowResult): string {
  const parts: string[] = []
  const visit = (steps: StepResult[]) => {
    for (const s of steps) {
      parts.push(s.name, ...s.log, s.summary, ...s.annotations.map((a) => a.message), ...Object.values(s.outputs))
      visit(s.steps ?? [])
    }
  }
  for (const j of Object.values(result.jobs)) {
    parts.push(...j.log, j.summary, ...Object.values(j.outputs))
    visit(j.steps)
  }
  return parts.join('\n')
}

/** Writes a workflow outside the repository (the tests never write into the checkout). */
export function writeWorkflow(yaml: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'example-test-')), 'workflow.yml')
  writeFileSync(file, yaml)
  return file
}
