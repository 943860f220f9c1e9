/**
 * `run:` steps with the runner's shell templates: no `shell:` is `bash -e {0}` (no pipefail), `shell: bash` adds
 * `-o pipefail`, `sh`, `python`, a custom `{0}` template, and `defaults.run` at workflow and job level.
 */
import { describe, expect, it } from '@jest/globals'
import { job, run, step, writeWorkflow } from './helpers.js'

describe('run steps and shells', () => {
  it('uses the shell templates and defaults.run as GitHub does', async () => {
    const wf = writeWorkflow(`
on: workflow_dispatch
defaults:
  run:
    working-directory: actions
jobs:
  shells:
    runs-on: ubuntu-latest
    defaults:
      run:
        shell: sh
    steps:
      - id: job-default
        run: |
          echo "dir=$(basename "$PWD")" >> "$GITHUB_OUTPUT"
          echo "shell=$(ps -o comm= -p $$)" >> "$GITHUB_OUTPUT"
      - id: python
        shell: python
        working-directory: actions/probe
        run: |
          import os
          with open(os.environ["GITHUB_OUTPUT"], "a") as f:
              f.write("files=" + ",".join(sorted(os.listdir("."))) + "\\n")
      - id: custom
        shell: bash --noprofile --norc -u {0}
        run: echo "unset=\${NOT_SET_ANYWHERE:-x}" >> "$GITHUB_OUTPUT"
  pipes:
    runs-on: ubuntu-latest
    steps:
      - id: default-shell
        run: |
          false | true
          echo "survived=yes" >> "$GITHUB_OUTPUT"
      - id: bash-shell
        continue-on-error: true
        shell: bash
        run: |
          false | true
          echo "survived=yes" >> "$GITHUB_OUTPUT"
`)
    const result = await run(wf)
    const shells = job(result, 'shells')
    expect(step(shells, 'job-default').outputs).toEqual({ dir: 'actions', shell: 'sh' })
    expect(step(shells, 'python').outputs).toEqual({ files: 'action.yml,index.mjs' })
    expect(step(shells, 'custom').outputs).toEqual({ unset: 'x' })
    const pipes = job(result, 'pipes')
    expect(step(pipes, 'default-shell').outputs).toEqual({ survived: 'yes' })
    expect(step(pipes, 'bash-shell').outcome).toBe('failure')
    expect(step(pipes, 'bash-shell').outputs).toEqual({})
    expect(result.conclusion).toBe('success')
  })
})
