/**
 * Local composite actions expanded as the runner does: inputs (given and defaulted), outputs from `value`
 * expressions over the action's own `steps` context (invisible to the caller), env of the `uses` step, nesting,
 * GITHUB_ACTION_PATH, and a failure inside propagating to the composite step and the job.
 */
import { describe, expect, it } from '@jest/globals'
import { join } from 'node:path'
import { fixtureWorkspace, job, run, step } from './helpers.js'

describe('composite actions', () => {
  it('expands steps with inputs and outputs, nested, with their own steps context', async () => {
    const result = await run(join(fixtureWorkspace, 'workflows/composite.yml'), { jobs: ['greet'] })
    expect(result.conclusion).toBe('success')
    const greet = job(result, 'greet')
    expect(step(greet, 'direct').outputs).toEqual({ greeting: 'Hello, Mona!', shouted: 'HELLO, MONA!' })
    expect(step(greet, 'custom').outputs).toEqual({ greeting: 'Hello, Hubot?', shouted: 'HELLO, HUBOT?' })
    expect(step(greet, 'nested').outputs).toEqual({ result: 'HELLO, HELLO, HUBOT?!' })
    expect(step(greet, 'summary').outputs).toEqual({
      direct: 'Hello, Mona!|HELLO, MONA!',
      custom: 'Hello, Hubot?',
      'inner-hidden': ''
    })
    expect(greet.outputs).toEqual({ shouted: 'HELLO, HELLO, HUBOT?!' })
    const direct = step(greet, 'direct')
    expect(direct.steps?.map((s) => [s.id, s.outcome])).toEqual([
      ['probe', 'success'],
      ['shout', 'success']
    ])
    expect(direct.steps?.[1].log.join('\n')).toContain(`action path is ${join(fixtureWorkspace, 'actions/greet')}`)
    const nested = step(greet, 'nested')
    expect(nested.steps?.[0].steps?.map((s) => s.id)).toEqual(['probe', 'shout'])
    expect(nested.steps?.[1].log.join('\n')).toContain('outer env LAYER=from-uses-step')
    expect(nested.steps?.[2].outcome).toBe('skipped')
  })

  it('fails the composite step and the job when an inner step fails, and runs its failure() steps', async () => {
    const result = await run(join(fixtureWorkspace, 'workflows/composite.yml'), { jobs: ['failing'] })
    expect(result.conclusion).toBe('failure')
    const failing = job(result, 'failing')
    const nested = step(failing, 'nested')
    expect(nested.outcome).toBe('failure')
    expect(nested.error).toMatch(/composite step 'Run echo "outer env LAYER=\$LAYER"' failed: Process completed with exit code 3\./)
    expect(nested.steps?.map((s) => s.outcome)).toEqual(['success', 'failure', 'success'])
    expect(nested.steps?.[2].log.join('\n')).toContain('cleanup after failure')
    expect(step(failing, 'after').outputs.outcome).toBe('failure result=[HELLO, NOBODY!]')
  })
})
