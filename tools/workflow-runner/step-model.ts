/**
 * A step as the executor needs it. The converted template (`convertWorkflowTemplate`, `convertActionTemplate`)
 * drops `with:`, `shell:`, `working-directory:` and `timeout-minutes:`, so each step is read from its parsed
 * mapping token; the converted step contributes its generated id and its `if:` (wrapped in `success() && (...)`
 * when it has no status function).
 */
import { isMapping, isSequence, isString } from '@actions/workflow-parser'
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/index'
import type { MappingToken } from '@actions/workflow-parser/templates/tokens/index'
import type { Step } from '@actions/workflow-parser/model/workflow-template'

export interface StepDef {
  /** The step's id: the `id:` given, or the generated `__run`, `__run_2`, `___actions_hello`... */
  id: string
  /** True when the workflow gave the id: only those steps appear in the `steps` context, as on GitHub. */
  explicitId: boolean
  name?: TemplateToken
  if: TemplateToken
  run?: TemplateToken
  uses?: string
  with?: TemplateToken
  env?: TemplateToken
  shell?: TemplateToken
  workingDirectory?: TemplateToken
  continueOnError?: TemplateToken | boolean
  timeoutMinutes?: TemplateToken
  /** Where the step is, for messages: `job 'build' step 2 ('Say hello')`. */
  label: string
}

const STEP_KEYS = new Set(['id', 'name', 'if', 'uses', 'run', 'with', 'env', 'shell', 'working-directory', 'continue-on-error', 'timeout-minutes'])

function staticName(mapping: MappingToken): string | undefined {
  const name = mapping.find('name')
  return name && isString(name) ? name.value : undefined
}

/** Zips the raw `steps:` sequence with the converted steps (same order; conversion drops none without errors). */
export function readSteps(raw: TemplateToken | undefined, converted: Step[], where: string): StepDef[] {
  if (!raw || !isSequence(raw)) throw new Error(`${where}: no steps`)
  const tokens: TemplateToken[] = []
  for (const item of raw) tokens.push(item)
  if (tokens.length !== converted.length) throw new Error(`${where}: parsed ${tokens.length} steps but converted ${converted.length}`)
  return tokens.map((token, i) => {
    const conv = converted[i]
    if (!isMapping(token)) throw new Error(`${where} step ${i + 1}: not a mapping`)
    const display = staticName(token)
    const label = `${where} step ${i + 1}${display ? ` ('${display}')` : ''}`
    for (const pair of token) {
      const key = isString(pair.key) ? pair.key.value : String(pair.key)
      if (!STEP_KEYS.has(key)) throw new UnsupportedFeature(label, `'${key}:'`)
    }
    if (!('run' in conv) && !('uses' in conv)) throw new UnsupportedFeature(label, 'a step that is neither run: nor uses:')
    const uses = token.find('uses')
    const explicit = token.find('id')
    return {
      id: conv.id,
      explicitId: explicit !== undefined,
      name: token.find('name'),
      if: conv.if ?? token.find('if')!,
      run: token.find('run'),
      uses: uses && isString(uses) ? uses.value : undefined,
      with: token.find('with'),
      env: token.find('env'),
      shell: token.find('shell'),
      workingDirectory: token.find('working-directory'),
      continueOnError: token.find('continue-on-error'),
      timeoutMinutes: token.find('timeout-minutes'),
      label
    }
  })
}

/** A feature of GitHub Actions the local executor does not implement: always an error, never skipped. */
export class UnsupportedFeature extends Error {
  constructor(where: string, feature: string, hint?: string) {
    super(`${where}: ${feature} is not supported by the local workflow executor${hint ? ` (${hint})` : ''}`)
    this.name = 'UnsupportedFeature'
  }
}
