/**
 * What to do next when GoCD refuses a schedule request. GoCD's own message is always kept verbatim (ApiError); these
 * hints add the remedy: which variables the pipeline accepts, which materials it has, which permission is missing.
 */
import type { ApiError } from '../../core/errors.js'
import type { TriggerOptions } from '../types.js'
import type { Session } from './session.js'

export function variablesHint(options: TriggerOptions): string {
  const names = options.variables.map((v) => (v.secure ? `${v.name} (secure)` : v.name))
  const listed = names.length ? `Pipeline variables GoCD lists for it: ${names.join(', ')}.` : 'GoCD lists no pipeline-level variables for it.'
  return `${listed} Variables of its stages, jobs and environment can be overridden too. A variable must be declared in the pipeline configuration before a trigger can set it.`
}

export function materialsHint(options: TriggerOptions): string {
  const list = options.materials.map((m) => `${m.name} (${m.type}, ${m.fingerprint})`).join('; ')
  return `Materials of the pipeline: ${list || 'none'}.`
}

export async function scheduleErrorHint(s: Session, err: ApiError, variableHint: () => Promise<string | undefined>): Promise<string | undefined> {
  const message = err.serverMessage
  if (err.status === 422 && /Variable '.*' has not been configured/.test(message)) return variableHint()
  if (err.status === 422 && /does not contain the following material/.test(message))
    return "A pinned material's fingerprint is not part of the pipeline: check the materials input."
  if (err.status === 422 && /Error while scheduling pipeline/.test(message))
    return 'GoCD could not build the trigger (with update_materials: false it checks the materials during the request). Check the materials and revisions, or look at the server health messages in GoCD.'
  if (err.status === 422 && /either 'value' or 'encrypted_value'/.test(message)) return 'Every variable needs a value: NAME=value.'
  if (isPipelineNotFound(err)) return pipelineNotFoundHint(s)
  if (err.status === 403 && /does not have permission to schedule/.test(message))
    return `The first stage of ${s.pipeline} restricts who may run it: ask a GoCD administrator to add ${s.login} (or one of its roles) to the stage's approval authorization.`
  if (err.status === 403)
    return `${s.login} needs operate permission on the pipeline group of ${s.pipeline}: ask a GoCD administrator, or use the credentials of a user who has it.`
  return err.hint
}

/** GoCD's 404 bodies for an unknown pipeline (`Pipeline with name 'x' was not found!`, `Pipeline 'x' not found.`, `... is not known.`). */
export function isPipelineNotFound(err: ApiError): boolean {
  return err.status === 404 && /^Pipeline .*(not found|not known)/i.test(err.serverMessage)
}

export function pipelineNotFoundHint(s: Pick<Session, 'pipeline' | 'login'>): string {
  return `Check the pipeline input (${s.pipeline}): GoCD knows no pipeline of that name that ${s.login} can see. Names are case-insensitive; the user needs at least view permission on the pipeline group.`
}
