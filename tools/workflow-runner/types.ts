/** Results of a local workflow run, shaped like what GitHub shows: jobs, their steps, outcomes and outputs. */
export type StepOutcome = 'success' | 'failure' | 'skipped'
export type JobResultName = 'success' | 'failure' | 'skipped'

export interface Annotation {
  level: 'error' | 'warning' | 'notice'
  message: string
  properties: Record<string, string>
}

export interface StepResult {
  id: string
  name: string
  outcome: StepOutcome
  /** `outcome`, except that a failure under `continue-on-error: true` concludes as success. */
  conclusion: StepOutcome
  outputs: Record<string, string>
  /** The step's job summary (GITHUB_STEP_SUMMARY), masked. */
  summary: string
  /** The step's log as the executor shows it: masked, workflow commands applied. */
  log: string[]
  annotations: Annotation[]
  /** Values saved to GITHUB_STATE (there are no post steps to read them). */
  state: Record<string, string>
  /** Why the step failed, when the executor knows (exit code, evaluation error...). */
  error?: string
  /** The steps a composite action expanded to. */
  steps?: StepResult[]
}

export interface JobResult {
  id: string
  name: string
  result: JobResultName
  outputs: Record<string, string>
  steps: StepResult[]
  /** Job-level messages (skipped outputs, why the job was skipped). */
  log: string[]
  /** Job summary: the step summaries in order, masked. */
  summary: string
}

export interface WorkflowResult {
  /** The workflow's `name:` (or its path). */
  name: string
  /** `run-name:` evaluated, when the workflow has one. */
  runName?: string
  conclusion: 'success' | 'failure'
  /** Jobs in the order they ran. */
  jobs: Record<string, JobResult>
  event: { name: string; payload: Record<string, unknown> }
  /** Masks every secret and `::add-mask::` value of the run (for printing outputs, which are kept unmasked). */
  mask: (text: string) => string
}
