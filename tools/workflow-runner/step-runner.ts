/**
 * Runs a sequence of steps (a job's or a composite action's) in order: `if:` (default `success()`) against the
 * scope's status, `env:`, `continue-on-error`, `timeout-minutes`, then a `run:` script, a local JavaScript action's
 * bundle, or a local composite action expanded with its inputs, own `steps` context and `outputs`. Each step's
 * outcome, conclusion and outputs enter the `steps` context when it has an `id`.
 */
import { isBasicExpression, isBoolean, isString } from '@actions/workflow-parser'
import { loadLocalAction, localActionDir, type LocalAction } from './action-loader.js'
import { resolveActionInputs, unexpectedInputsWarning } from './action-inputs.js'
import { inputEnv } from './runner-env.js'
import { evaluateCondition, isTruthy, tokenString, tokenStringMap, tokenValue, type Contexts } from './expressions.js'
import { prepareScript, shellCommand } from './run-script.js'
import { scopeContexts, type JobRuntime, type StepScope } from './runtime.js'
import { StepLog } from './step-log.js'
import { UnsupportedFeature, type StepDef } from './step-model.js'
import { runStepProcess, timeoutFor, type StepProcessResult } from './step-process.js'
import type { StepResult } from './types.js'

/** GitHub's limit on nested composite actions. */
const MAX_COMPOSITE_DEPTH = 9

export function defaultStepName(step: StepDef): string {
  if (step.uses) return `Run ${step.uses}`
  const run = !step.run ? '' : isString(step.run) ? step.run.value : isBasicExpression(step.run) ? (step.run.source ?? step.run.expression) : ''
  return `Run ${run.trim().split('\n')[0]}`
}

export async function runSteps(rt: JobRuntime, scope: StepScope, steps: StepDef[]): Promise<StepResult[]> {
  const results: StepResult[] = []
  for (const step of steps) {
    const result = await runStep(rt, scope, step)
    results.push(result)
    if (result.conclusion === 'failure') scope.failed = true
    if (step.explicitId) scope.steps[step.id] = { outputs: result.outputs, outcome: result.outcome, conclusion: result.conclusion }
  }
  return results
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

export async function runStep(rt: JobRuntime, scope: StepScope, step: StepDef): Promise<StepResult> {
  const status = { success: !scope.failed, failure: scope.failed, cancelled: false }
  const contexts = scopeContexts(rt, scope)
  let name = defaultStepName(step)
  try {
    if (step.name) name = tokenString(step.name, contexts, status, 'name')
  } catch {
    // The runner shows the unevaluated name when the expression fails; the default name is as readable.
  }
  name = rt.masker.mask(name)
  rt.sink(`${scope.indent}▶ ${name}`)
  const log = new StepLog(rt.masker, rt.sink, rt.debug, `${scope.indent}  `)
  const result: StepResult = { id: step.id, name, outcome: 'success', conclusion: 'success', outputs: {}, summary: '', log: log.lines, annotations: log.annotations, state: {} }
  const fail = (error: string) => {
    result.outcome = 'failure'
    result.error = rt.masker.mask(error)
    log.annotate('error', error)
  }
  let run: boolean
  try {
    run = evaluateCondition(step.if, contexts, status)
  } catch (err) {
    fail(`${step.label}: if: ${errorMessage(err)}`)
    result.conclusion = 'failure'
    return result
  }
  if (!run) {
    result.outcome = result.conclusion = 'skipped'
    log.write('skipped: the if: condition is false')
    return result
  }
  let continueOnError = false
  try {
    const coe = step.continueOnError
    continueOnError = typeof coe === 'boolean' ? coe : coe === undefined ? false : isBoolean(coe) ? coe.value : isTruthy(tokenValue(coe, contexts, status))
    const stepEnv = tokenStringMap(step.env, contexts, 'env', status)
    const stepContexts = scopeContexts(rt, scope, stepEnv)
    const minutes = step.timeoutMinutes ? Number(tokenValue(step.timeoutMinutes, stepContexts, status)) : undefined
    if (minutes !== undefined && !(minutes > 0)) throw new Error(`${step.label}: timeout-minutes must be a positive number`)
    const timeoutMs = timeoutFor(rt, minutes)
    const done = step.uses
      ? await runUses(rt, scope, step, stepEnv, stepContexts, log, result, timeoutMs)
      : await runScript(rt, scope, step, stepEnv, stepContexts, log, timeoutMs)
    result.outputs = done.outputs
    result.summary = done.summary
    result.state = done.state
    if (!done.ok) fail(done.error ?? 'the step failed')
  } catch (err) {
    fail(errorMessage(err))
  }
  result.conclusion = result.outcome === 'failure' && continueOnError ? 'success' : result.outcome
  if (result.outcome === 'failure' && continueOnError) log.write('continue-on-error: the failure does not fail the job')
  return result
}

async function runScript(rt: JobRuntime, scope: StepScope, step: StepDef, stepEnv: Record<string, string>, contexts: Contexts, log: StepLog, timeoutMs: number | undefined): Promise<StepProcessResult> {
  const script = tokenString(step.run!, contexts, undefined, 'run')
  const shellText = step.shell ? tokenString(step.shell, contexts, undefined, 'shell') : scope.inComposite ? undefined : rt.defaults.shell
  const workingDirectory = step.workingDirectory
    ? tokenString(step.workingDirectory, contexts, undefined, 'working-directory')
    : scope.inComposite
      ? undefined
      : rt.defaults.workingDirectory
  const shell = shellCommand(shellText, step.label)
  const { command, args } = prepareScript(shell, script, rt.tempDir)
  return runStepProcess(rt, scope, { command, args, workingDirectory, stepId: step.id, stepEnv, timeoutMs }, log)
}

/** Loads (once per job) the local action a step uses; anything but `./path` is unsupported. */
export function actionFor(rt: JobRuntime, step: StepDef): LocalAction {
  const uses = step.uses!
  if (uses.startsWith('docker://')) throw new UnsupportedFeature(step.label, `uses: ${uses} (docker images)`)
  if (!uses.startsWith('./')) throw new UnsupportedFeature(step.label, `uses: ${uses}`, 'only local actions (uses: ./path) run locally')
  const dir = localActionDir(rt.workspace, uses, step.label)
  let action = rt.actions.get(dir)
  if (!action) {
    action = loadLocalAction(dir, step.label)
    rt.actions.set(dir, action)
  }
  return action
}

async function runUses(
  rt: JobRuntime,
  scope: StepScope,
  step: StepDef,
  stepEnv: Record<string, string>,
  contexts: Contexts,
  log: StepLog,
  result: StepResult,
  timeoutMs: number | undefined
): Promise<StepProcessResult> {
  const action = actionFor(rt, step)
  const given = tokenStringMap(step.with, contexts, 'with')
  const inputs = resolveActionInputs(action, given, contexts)
  if (inputs.unexpected.length > 0) log.annotate('warning', unexpectedInputsWarning(action, inputs.unexpected))
  if (action.runs.using === 'node') {
    const actionEnv = inputEnv(inputs.values)
    const done = await runStepProcess(rt, scope, { command: rt.node, args: [action.runs.main], stepId: step.id, stepEnv, actionEnv, actionPath: action.dir, timeoutMs }, log)
    const { post, postIf } = action.runs
    if (post) rt.posts.push({ id: step.id, name: result.name, action, post, postIf, actionEnv, stepEnv, state: done.state, scope })
    return done
  }
  if (scope.depth >= MAX_COMPOSITE_DEPTH) throw new Error(`${step.label}: composite actions nest deeper than ${MAX_COMPOSITE_DEPTH} levels`)
  const inner: StepScope = {
    steps: {},
    failed: scope.failed,
    inputs: inputs.values,
    actionPath: action.dir,
    env: { ...scope.env, ...stepEnv },
    inComposite: true,
    depth: scope.depth + 1,
    indent: `${scope.indent}  `
  }
  const nested = await runSteps(rt, inner, action.runs.steps)
  result.steps = nested
  const outputs: Record<string, string> = {}
  const innerContexts = scopeContexts(rt, inner)
  for (const output of action.outputs) {
    if (output.value) outputs[output.id] = tokenString(output.value, innerContexts, undefined, `output '${output.id}'`)
  }
  const failedStep = nested.find((s) => s.conclusion === 'failure')
  return {
    ok: failedStep === undefined,
    error: failedStep ? `composite step '${failedStep.name}' failed${failedStep.error ? `: ${failedStep.error}` : ''}` : undefined,
    outputs,
    summary: nested.map((s) => s.summary).join(''),
    state: {}
  }
}
