/**
 * workflow_dispatch inputs validated against the declared inputs as GitHub does (each rule), delivered as strings in
 * `github.event.inputs` and typed in `inputs`; other events checked against `on:`.
 */
import { describe, expect, it } from '@jest/globals'
import { join } from 'node:path'
import { DispatchInputError } from '../../../tools/workflow-runner/dispatch-inputs.js'
import { EventError } from '../../../tools/workflow-runner/event-payload.js'
import { rejectionOf } from '../../helpers/rejection.js'
import { fixtureWorkspace, job, run, step } from './helpers.js'

const wf = join(fixtureWorkspace, 'workflows/dispatch.yml')
const dispatch = (inputs: Record<string, string>) => run(wf, { event: { name: 'workflow_dispatch', inputs } })

async function problems(inputs: Record<string, string>): Promise<string[]> {
  const err = await rejectionOf<DispatchInputError>(dispatch(inputs))
  expect(err).toBeInstanceOf(DispatchInputError)
  return err.problems
}

describe('workflow_dispatch inputs', () => {
  it('applies defaults, keeps strings in github.event.inputs and types in inputs', async () => {
    const result = await dispatch({ release: '1.2.3', 'dry-run': 'false', retries: '5', target: 'Staging' })
    const show = step(job(result, 'show'), 'show')
    expect(JSON.parse(show.outputs.inputs)).toEqual({ release: '1.2.3', environment: 'Development', 'dry-run': false, retries: 5, target: 'Staging', notes: '' })
    expect(JSON.parse(show.outputs.event)).toEqual({ release: '1.2.3', environment: 'Development', 'dry-run': 'false', retries: '5', target: 'Staging', notes: '' })
    expect(show.outputs.dry).toBe('no event-dry=false')
    expect(result.event.payload.inputs).toEqual({ release: '1.2.3', environment: 'Development', 'dry-run': 'false', retries: '5', target: 'Staging', notes: '' })
  })

  it('rejects a missing required input', async () => {
    expect(await problems({})).toEqual(["required input 'release' not provided"])
    expect(await problems({ release: '' })).toEqual(["required input 'release' not provided"])
  })

  it('rejects unknown inputs', async () => {
    expect(await problems({ release: '1', releese: '2' })).toEqual([
      'unexpected inputs provided: ["releese"] (declared: ["release","environment","dry-run","retries","target","notes"])'
    ])
  })

  it('rejects a choice outside its options, a non-boolean and a non-number, all at once', async () => {
    expect(await problems({ release: '1', environment: 'production', 'dry-run': 'yes', retries: 'three' })).toEqual([
      `input 'environment': 'production' is not one of the allowed values ["Development","Staging","Production"]`,
      "input 'dry-run' is a boolean: expected 'true' or 'false', got 'yes'",
      "input 'retries' is a number: got 'three'"
    ])
  })

  it('accepts every valid choice and numbers as GitHub parses them', async () => {
    const result = await dispatch({ release: '7', environment: 'Production', retries: '2.5' })
    expect(JSON.parse(step(job(result, 'show'), 'show').outputs.inputs)).toMatchObject({ environment: 'Production', retries: 2.5, 'dry-run': true })
  })

  it('runs a declared schedule with its cron and rejects undeclared crons, events and inputs', async () => {
    const result = await run(wf, { event: { name: 'schedule' } })
    expect(step(job(result, 'show'), 'show').outputs.schedule).toBe('17 3 * * 1')
    expect(JSON.parse(step(job(result, 'show'), 'show').outputs.inputs)).toEqual({})
    const undeclaredCron = await rejectionOf<EventError>(run(wf, { event: { name: 'schedule', payload: { schedule: '* * * * *' } } }))
    expect(undeclaredCron.message).toMatch(/schedule '\* \* \* \* \*' is not declared .*\["17 3 \* \* 1"\]/)
    const push = await rejectionOf<EventError>(run(wf, { event: { name: 'push' } }))
    expect(push.message).toMatch(/dispatch\.yml does not run on 'push' \(on: workflow_dispatch, schedule\)/)
    const inputsOnSchedule = await rejectionOf<EventError>(run(wf, { event: { name: 'schedule', inputs: { release: '1' } } }))
    expect(inputsOnSchedule.message).toBe("inputs are only accepted for workflow_dispatch, not 'schedule'")
    const pr = await rejectionOf<EventError>(run(wf, { event: { name: 'pull_request' } }))
    expect(pr.message).toMatch(/event 'pull_request' is not supported/)
  })
})
