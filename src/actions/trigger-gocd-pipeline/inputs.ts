/** The inputs of trigger-gocd-pipeline, read and validated together. */
import type { InputReader } from '../../core/inputs.js'
import { readGocdConnection, type GocdConnection } from '../../gocd/connection.js'
import { GOCD_NAME } from '../../gocd/names.js'
import type { TriggerRequest, WaitFor } from '../../gocd/run/types.js'
import { duplicateNames, parseSecureVariables, plainVariables } from '../../gocd/run/variables.js'

export interface TriggerInputs extends TriggerRequest {
  connection: GocdConnection
}

export function parseWaitFor(value: string): WaitFor {
  const v = value.trim()
  if (v.toLowerCase() === 'first_stage') return { kind: 'first_stage' }
  if (v.toLowerCase() === 'all_stages') return { kind: 'all_stages' }
  if (!GOCD_NAME.test(v)) throw new Error(`must be first_stage, all_stages or a stage name (letters, digits, _, - and .), got "${v.slice(0, 60)}"`)
  return { kind: 'stage', name: v }
}

export function parseInputs(reader: InputReader): TriggerInputs {
  const connection = readGocdConnection(reader)
  const pipeline = reader.required('pipeline')
  const plain = plainVariables(reader.map('environment_variables', { separators: ['='] }))
  const secureText = reader.string('secure_environment_variables', { secret: true })
  const materials = reader.map('materials', { separators: ['='] })
  const updateMaterials = reader.boolean('update_materials', true)
  const wait = reader.boolean('wait', true)
  const waitForText = reader.string('wait_for', { default: 'all_stages' }) ?? 'all_stages'
  const timeoutMs = reader.duration('timeout', { min: 10_000 }) ?? 60 * 60_000
  const queueIfBusy = reader.boolean('queue_if_busy', true)
  const unpause = reader.boolean('unpause', false)
  const cancelOnTimeout = reader.boolean('cancel_on_timeout', false)
  const comment = reader.string('comment')

  if (pipeline && !GOCD_NAME.test(pipeline))
    reader.problem(`input 'pipeline' must be a GoCD pipeline name (letters, digits, _, - and .), got "${pipeline.slice(0, 60)}"`)
  const secure = parseSecureVariables(secureText)
  for (const p of secure.problems) reader.problem(`input 'secure_environment_variables' ${p}`)
  const both = duplicateNames(plain, secure.variables)
  if (both.length) reader.problem(`variables ${both.map((n) => `'${n}'`).join(', ')} are given in both 'environment_variables' and 'secure_environment_variables'`)
  for (const [name, revision] of materials) if (!revision) reader.problem(`input 'materials': '${name}' has an empty revision`)
  let waitFor: WaitFor = { kind: 'all_stages' }
  try {
    waitFor = parseWaitFor(waitForText)
  } catch (err) {
    reader.problem(`input 'wait_for' ${(err as Error).message}`)
  }
  reader.finish()
  return {
    connection,
    pipeline,
    environmentVariables: plain,
    secureEnvironmentVariables: secure.variables,
    materials,
    updateMaterials,
    wait,
    waitFor,
    timeoutMs,
    queueIfBusy,
    unpause,
    cancelOnTimeout,
    comment
  }
}
