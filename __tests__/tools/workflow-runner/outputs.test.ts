/**
 * Outputs and contexts flowing through a real workflow: dispatch inputs (typed `inputs`, string
 * `github.event.inputs`), env layering (workflow < job < GITHUB_ENV < step), step outputs, `steps.<id>.outcome`,
 * job outputs into `needs`, `vars`, `runner`, `job`, expression functions, and the INPUT_* a JavaScript action gets.
 */
import { describe, expect, it } from '@jest/globals'
import { join } from 'node:path'
import { fixtureWorkspace, job, run, step } from './helpers.js'

describe('outputs between steps and jobs', () => {
  it('evaluates contexts and passes outputs through steps, jobs and needs', async () => {
    const result = await run(join(fixtureWorkspace, 'workflows/outputs.yml'), {
      event: { name: 'workflow_dispatch', inputs: { who: 'world', target: 'prod' } },
      vars: { REGION: 'eu-west' }
    })
    expect(result.conclusion).toBe('success')
    const first = job(result, 'first')
    const probe = step(first, 'probe')
    expect(probe.outputs.message).toBe('Hello world (prod)')
    expect(JSON.parse(probe.outputs.env)).toEqual({ LEVEL: 'step', WORKFLOW_ONLY: 'from-workflow', JOB_ONLY: 'from-job', STEP_ONLY: 'from-step' })
    const inputs = JSON.parse(probe.outputs.inputs) as Record<string, string>
    expect(inputs.INPUT_GREETING_NAME).toBe('2')
    expect(inputs.INPUT_ACTOR).toBe('local-runner')
    expect(inputs['INPUT_EXIT-CODE']).toBe('0')
    expect(JSON.parse(inputs.INPUT_OUTPUTS)).toEqual({ a: '1', b: 'two' })
    expect(probe.outputs.b).toBe('two')
    const calc = step(first, 'calc')
    expect(calc.name).toBe('Compute 2')
    expect(calc.log).toContain('    message=Hello world (prod) exported=by-probe level=job')
    expect(calc.outputs).toEqual({
      value: 'two-2',
      typed: 'true strings=true',
      contains: 'true starts=true join=x+y',
      envctx: 'by-probe/job',
      outcome: 'success/success job=success os=Linux var=eu-west'
    })
    expect(first.outputs).toEqual({ greeting: 'Hello world (prod)', computed: 'two-2' })
    const second = job(result, 'second')
    expect(step(second, 'use').outputs).toEqual({ got: 'Hello world (prod)|two-2|success', 'exported-visible': 'no' })
    expect(result.event.payload.inputs).toEqual({ who: 'world', count: '2', loud: 'false', target: 'prod' })
    expect(result.live[0]).toBe('● job first')
  })

  it('applies GITHUB_PATH, multi-line outputs, summaries and the runner env base', async () => {
    const wf = join(fixtureWorkspace, 'workflows/files.yml')
    const result = await run(wf, {
      event: { name: 'push', payload: { ref: 'refs/heads/feature/x', after: 'abc123' } },
      env: { GITHUB_REPOSITORY: 'octo/app', GITHUB_SERVER_URL: 'http://127.0.0.1:1', CUSTOM_BASE: 'from-base' }
    })
    expect(result.conclusion).toBe('success')
    const files = job(result, 'files')
    expect(step(files, 'tool').outputs.found).toBe('tool says hi')
    expect(step(files, 'multi').outputs.text).toBe('line one\nline two')
    expect(step(files, 'ctx').outputs).toEqual({
      repo: 'octo/app',
      ref: 'refs/heads/feature/x feature/x abc123',
      base: 'from-base',
      server: 'http://127.0.0.1:1',
      wd: 'sub'
    })
    expect(files.summary).toBe('## From probe\n### From bash\n')
  })
})
