/** The state a job's steps share while it runs, and the per-scope state of a job or a composite action. */
import type { Contexts } from './expressions.js'
import type { LocalAction } from './action-loader.js'
import type { Masker } from './masker.js'
import type { StepOutcome } from './types.js'

export interface JobRuntime {
  jobId: string
  workspace: string
  tempDir: string
  /** The node binary JavaScript actions run with. */
  node: string
  debug: boolean
  masker: Masker
  /** Receives every (masked) log line as it is written. */
  sink: (line: string) => void
  /** The environment every step process starts from. */
  processEnv: Record<string, string>
  /** github, runner, vars, secrets, inputs, needs, job, strategy, matrix. */
  contexts: Contexts
  /** Workflow and job `env:`, then what steps wrote to GITHUB_ENV. */
  env: Record<string, string>
  /** Directories steps added with GITHUB_PATH, in the order added. */
  path: string[]
  /** Job `timeout-minutes` as an epoch-ms deadline. */
  deadline?: number
  defaults: { shell?: string; workingDirectory?: string }
  actions: Map<string, LocalAction>
  /** Post scripts of the JavaScript actions that ran, in the order they ran (run in reverse at the end). */
  posts: PostStep[]
}

export interface PostStep {
  id: string
  name: string
  action: LocalAction
  post: string
  postIf: string
  actionEnv: Record<string, string>
  stepEnv: Record<string, string>
  /** What the main script saved to GITHUB_STATE: the post script gets it as STATE_<name>. */
  state: Record<string, string>
  scope: StepScope
}

export interface StepsContextEntry {
  outputs: Record<string, string>
  outcome: StepOutcome
  conclusion: StepOutcome
}

/** A sequence of steps: the job's, or a composite action's (with its own `steps` and `inputs` contexts). */
export interface StepScope {
  steps: Record<string, StepsContextEntry>
  failed: boolean
  inputs?: Record<string, unknown>
  actionPath?: string
  /** Environment layered over the job's (a composite action gets the env of the step that uses it). */
  env: Record<string, string>
  inComposite: boolean
  depth: number
  indent: string
}

export function scopeContexts(rt: JobRuntime, scope: StepScope, stepEnv: Record<string, string> = {}): Contexts {
  const github = { ...(rt.contexts.github as Record<string, unknown>), action_path: scope.actionPath ?? '' }
  return {
    ...rt.contexts,
    github,
    env: { ...rt.env, ...scope.env, ...stepEnv },
    steps: scope.steps,
    job: { ...(rt.contexts.job as Record<string, unknown>), status: scope.failed ? 'failure' : 'success' },
    inputs: scope.inputs ?? rt.contexts.inputs
  }
}
