/**
 * Post scripts of JavaScript actions: run at the end of the job in reverse order, with STATE_* from the main
 * script's GITHUB_STATE and the same inputs, even when the job failed (default `post-if: always()`), never for a
 * skipped main step; a failing post script fails the job.
 */
import { describe, expect, it } from '@jest/globals'
import { job, run, writeWorkflow } from './helpers.js'

describe('post scripts', () => {
  it('runs post scripts last, in reverse order, with the saved state', async () => {
    const wf = writeWorkflow(`
on: workflow_dispatch
jobs:
  j:
    runs-on: ubuntu-latest
    steps:
      - id: first
        uses: ./actions/stateful
        with:
          label: one
      - id: skipped
        if: false
        uses: ./actions/stateful
      - id: second
        uses: ./actions/stateful
        with:
          label: two
      - run: exit 1
`)
    const result = await run(wf)
    const j = job(result, 'j')
    expect(j.steps.map((s) => [s.name, s.outcome])).toEqual([
      ['Run ./actions/stateful', 'success'],
      ['Run ./actions/stateful', 'skipped'],
      ['Run ./actions/stateful', 'success'],
      ['Run exit 1', 'failure'],
      ['Post Run ./actions/stateful', 'success'],
      ['Post Run ./actions/stateful', 'success']
    ])
    expect(j.steps[0].state).toEqual({ started: 'one' })
    expect(j.steps[4].log).toEqual(['    post sees state two and input two'])
    expect(j.steps[5].log).toEqual(['    post sees state one and input one'])
    expect(j.summary).toBe('post ran for two\npost ran for one\n')
    expect(j.result).toBe('failure')
  })

  it('fails the job when a post script fails, and rejects pre scripts', async () => {
    const wf = writeWorkflow(`
on: workflow_dispatch
jobs:
  j:
    runs-on: ubuntu-latest
    steps:
      - uses: ./actions/stateful
        with:
          post-exit-code: 5
`)
    const result = await run(wf)
    expect(job(result, 'j').steps[1].annotations.map((a) => a.message)).toEqual(['post exits with 5', 'Process completed with exit code 5.'])
    expect(result.conclusion).toBe('failure')
    const pre = writeWorkflow('on: workflow_dispatch\njobs:\n  j:\n    runs-on: x\n    steps:\n      - uses: ./actions/pre-script\n')
    await expect(run(pre)).rejects.toThrow(/step 1: runs\.pre of .*pre-script\/action\.yml is not supported/)
  })
})
