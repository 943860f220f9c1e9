/**
 * `if:` (default `success()`), status functions, `continue-on-error`, a failing `run:` under `-e`, expression errors,
 * and failure propagating through `needs` to skipped, `failure()` and `always()` jobs.
 */
import { describe, expect, it } from '@jest/globals'
import { join } from 'node:path'
import { fixtureWorkspace, job, run, step, writeWorkflow } from './helpers.js'

describe('conditions and failure propagation', () => {
  it('runs, skips and concludes steps and jobs as GitHub does', async () => {
    const result = await run(join(fixtureWorkspace, 'workflows/conditions.yml'))
    expect(result.conclusion).toBe('failure')
    const build = job(result, 'build')
    expect(build.result).toBe('failure')
    const flaky = step(build, 'flaky')
    expect([flaky.outcome, flaky.conclusion]).toEqual(['failure', 'success'])
    expect(flaky.annotations.map((a) => a.message)).toEqual(['probe exits with 4', 'Process completed with exit code 4.'])
    expect(step(build, 'after-flaky').outputs.seen).toBe('failure/success')
    expect(step(build, 'gated').outputs.ran).toBe('yes')
    expect(step(build, 'not-run').outcome).toBe('skipped')
    const boom = step(build, 'boom')
    expect([boom.outcome, boom.conclusion]).toEqual(['failure', 'failure'])
    expect(boom.log.join('\n')).toContain('about to fail')
    expect(boom.log.join('\n')).not.toContain('never printed')
    expect(step(build, 'skipped-by-default').outcome).toBe('skipped')
    expect(step(build, 'on-failure').outputs.status).toBe('failure')
    expect(step(build, 'on-always').outputs.ran).toBe('yes')
    expect(step(build, 'on-success').outcome).toBe('skipped')
    const bad = step(build, 'bad-expression')
    expect(bad.outcome).toBe('failure')
    expect(bad.error).toMatch(/step 10.*if:.*fromJSON/i)
    expect(build.outputs).toEqual({ flaky: 'failure' })
    expect(job(result, 'deploy').result).toBe('skipped')
    expect(job(result, 'deploy').steps).toEqual([])
    expect(job(result, 'report').result).toBe('success')
    expect(step(job(result, 'report'), 'r').outputs.build).toBe('skipped')
    expect(step(job(result, 'always'), 'a').outputs.results).toBe('failure,skipped flaky=failure')
  })

  it('evaluates continue-on-error and timeout-minutes expressions and kills a step that times out', async () => {
    const wf = writeWorkflow(`
on: workflow_dispatch
jobs:
  t:
    runs-on: ubuntu-latest
    steps:
      - id: slow
        continue-on-error: \${{ github.event_name == 'workflow_dispatch' }}
        timeout-minutes: 0.002
        run: |
          echo started
          sleep 30
      - id: next
        run: echo "slow=\${{ steps.slow.outcome }}" >> "$GITHUB_OUTPUT"
`)
    const result = await run(wf)
    const t = job(result, 't')
    expect(step(t, 'slow').error).toBe('The step has timed out.')
    expect(step(t, 'slow').conclusion).toBe('success')
    expect(step(t, 'next').outputs.slow).toBe('failure')
    expect(result.conclusion).toBe('success')
  })

  it('orders jobs by needs whatever their order in the file, and runs only the selected jobs and their needs', async () => {
    const wf = writeWorkflow(`
on: workflow_dispatch
jobs:
  c:
    needs: [b]
    runs-on: ubuntu-latest
    steps:
      - run: echo c
  b:
    needs: a
    runs-on: ubuntu-latest
    steps:
      - run: echo b
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo a
  other:
    runs-on: ubuntu-latest
    steps:
      - run: echo other
`)
    expect(Object.keys((await run(wf)).jobs)).toEqual(['a', 'b', 'c', 'other'])
    expect(Object.keys((await run(wf, { jobs: ['b'] })).jobs)).toEqual(['a', 'b'])
  })
})
