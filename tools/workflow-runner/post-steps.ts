/**
 * Post scripts (`runs.post`) of the JavaScript actions that ran, at the end of the job in reverse order, as the
 * runner runs them: `post-if` (default `always()`) against the job's status, the same inputs and step env as the
 * main script, and what the main script saved to GITHUB_STATE as `STATE_<name>`.
 */
import { evaluateExpression, isTruthy } from './expressions.js'
import { scopeContexts, type JobRuntime, type PostStep } from './runtime.js'
import { StepLog } from './step-log.js'
import { runStepProcess, timeoutFor } from './step-process.js'
import type { StepResult } from './types.js'

async function runPost(rt: JobRuntime, post: PostStep, jobFailed: boolean): Promise<StepResult> {
  const name = `Post ${post.name}`
  rt.sink(`${post.scope.indent}▶ ${name}`)
  const log = new StepLog(rt.masker, rt.sink, rt.debug, `${post.scope.indent}  `)
  const result: StepResult = { id: post.id, name, outcome: 'success', conclusion: 'success', outputs: {}, summary: '', log: log.lines, annotations: log.annotations, state: {} }
  const fail = (error: string) => {
    result.outcome = result.conclusion = 'failure'
    result.error = rt.masker.mask(error)
    log.annotate('error', error)
  }
  try {
    const status = { success: !jobFailed, failure: jobFailed, cancelled: false }
    const contexts = { ...scopeContexts(rt, post.scope, post.stepEnv), job: { status: jobFailed ? 'failure' : 'success' } }
    if (!isTruthy(evaluateExpression(post.postIf, contexts, status))) {
      result.outcome = result.conclusion = 'skipped'
      log.write(`skipped: post-if (${post.postIf}) is false`)
      return result
    }
    const stateEnv = Object.fromEntries(Object.entries(post.state).map(([k, v]) => [`STATE_${k}`, v]))
    const done = await runStepProcess(
      rt,
      post.scope,
      { command: rt.node, args: [post.post], stepId: post.id, stepEnv: post.stepEnv, actionEnv: { ...post.actionEnv, ...stateEnv }, actionPath: post.action.dir, timeoutMs: timeoutFor(rt, undefined) },
      log
    )
    result.summary = done.summary
    if (!done.ok) fail(done.error ?? 'the post script failed')
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err))
  }
  return result
}

/** Runs the registered post scripts, last registered first; each sees the job status left by the ones before. */
export async function runPostSteps(rt: JobRuntime, jobFailed: boolean): Promise<StepResult[]> {
  const results: StepResult[] = []
  let failed = jobFailed
  for (const post of [...rt.posts].reverse()) {
    const result = await runPost(rt, post, failed)
    if (result.conclusion === 'failure') failed = true
    results.push(result)
  }
  return results
}
