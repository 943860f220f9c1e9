/**
 * Runs the example workflows of `.github/workflows/` through the local workflow executor against the sandbox, with
 * the event each one is written for and the runner environment the GitHub fake gives a job (one fake run per
 * workflow run, one fake job per workflow job, so `ACTIONS_RUNTIME_TOKEN` and OIDC tokens are scoped as on GitHub).
 * Shared by `npm run demo` and the tests in `__tests__/examples/`.
 */
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runWorkflow } from '../tools/workflow-runner/run-workflow.js'
import type { WorkflowResult } from '../tools/workflow-runner/types.js'
import type { EventSpec } from '../tools/workflow-runner/event-payload.js'
import type { DemoSandbox } from './sandbox.js'

/** The repository root: the workspace the examples run in (`./actions/<name>` resolves here). */
export const REPO_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)))

export const EXAMPLES = {
  release: '.github/workflows/example-release.yml',
  promote: '.github/workflows/example-promote.yml',
  rotate: '.github/workflows/example-rotate-secret.yml'
} as const

export interface ExampleRunOptions {
  /** Receives every (masked) log line as it is written. */
  onLog?: (line: string) => void
  /** Override repository variables (e.g. to leave the opt-in guard unset). */
  vars?: Record<string, string>
  /** Override repository secrets (e.g. the key a previous rotation stored). */
  secrets?: Record<string, string>
}

/** Runs one example workflow file with the sandbox's secrets and variables and the GitHub fake's runner env. */
export async function runExample(sb: DemoSandbox, workflowFile: string, event: EventSpec, opts: ExampleRunOptions = {}): Promise<WorkflowResult> {
  const base = await sb.github.runnerEnv({ event: event.name, includeGithubToken: true })
  return runWorkflow({
    workflowFile,
    repoRoot: REPO_ROOT,
    event,
    secrets: opts.secrets ?? sb.secrets,
    vars: opts.vars ?? sb.vars,
    env: base.env,
    jobEnv: async ({ jobId, environment }) => (await sb.github.runnerEnv({ runId: base.job.run.id, event: event.name, jobName: jobId, environment })).env,
    onLog: opts.onLog
  })
}

/** The push to main that the build-and-release example runs on. */
export function pushEvent(sha: string, message: string): EventSpec {
  return {
    name: 'push',
    payload: {
      ref: 'refs/heads/main',
      after: sha,
      head_commit: { id: sha, message, author: { name: 'Jane Doe', email: 'jane@example.com' } }
    }
  }
}

export function runReleaseExample(sb: DemoSandbox, sha: string, opts: ExampleRunOptions = {}): Promise<WorkflowResult> {
  return runExample(sb, EXAMPLES.release, pushEvent(sha, 'Add a quote of the day'), opts)
}

/** Dispatch inputs are strings, as GitHub receives them from the UI, the CLI or the REST API. */
export function runPromoteExample(sb: DemoSandbox, inputs: { release_number: string; environment: string }, opts: ExampleRunOptions = {}): Promise<WorkflowResult> {
  return runExample(sb, EXAMPLES.promote, { name: 'workflow_dispatch', inputs }, opts)
}

export function runRotateExample(sb: DemoSandbox, opts: ExampleRunOptions = {}): Promise<WorkflowResult> {
  return runExample(sb, EXAMPLES.rotate, { name: 'schedule' }, opts)
}
