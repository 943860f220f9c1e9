/**
 * Whatever the executor cannot run faithfully is an error before anything runs, naming the job or step and the
 * feature; invalid workflows and actions are reported with GitHub's parser messages.
 */
import { describe, expect, it } from '@jest/globals'
import { rejectionOf } from '../../helpers/rejection.js'
import { run, writeWorkflow } from './helpers.js'

function workflowWithJob(job: string): string {
  return writeWorkflow(`on: workflow_dispatch\njobs:\n  build:\n    runs-on: ubuntu-latest\n${job}`)
}

function workflowWithStep(stepYaml: string): string {
  return workflowWithJob(`    steps:\n      - run: echo first\n      - name: The step\n${stepYaml}`)
}

async function failure(file: string): Promise<string> {
  const live: string[] = []
  const err = await rejectionOf<Error>(run(file, { onLog: (l) => live.push(l) }))
  expect(live).toEqual([])
  return err.message
}

describe('unsupported features are clear errors', () => {
  it.each([
    ['a marketplace action', '        uses: actions/checkout@v4', "job 'build' step 2 ('The step'): uses: actions/checkout@v4 is not supported by the local workflow executor (only local actions (uses: ./path) run locally)"],
    ['a docker image', '        uses: docker://alpine:3', "job 'build' step 2 ('The step'): uses: docker://alpine:3 (docker images) is not supported"],
    ['a docker action', '        uses: ./actions/docker-thing', "job 'build' step 2 ('The step'): the docker action"],
    ['a PowerShell step', '        shell: pwsh\n        run: Write-Host hi', "job 'build' step 2 ('The step'): shell: pwsh is not supported"],
    ['a custom shell without {0}', '        shell: perl\n        run: print 1', 'shell: perl is not supported by the local workflow executor (a custom shell needs a {0} placeholder)'],
    ['an action outside the workspace', '        uses: ./../outside', "job 'build' step 2 ('The step'): uses: ./../outside points outside the workspace"],
    ['a missing action', '        uses: ./actions/nope', "job 'build' step 2 ('The step'): no action.yml or action.yaml in"],
    ['an invalid action', '        uses: ./actions/broken', "Required property is missing: runs"],
    ['an expression in an input description', '        uses: ./actions/expression-in-description', "Unrecognized named-value: 'github'"]
  ])('rejects %s', async (_what, stepYaml, message) => {
    expect(await failure(workflowWithStep(stepYaml))).toContain(message)
  })

  it.each([
    ['a matrix', '    strategy:\n      matrix:\n        n: [1, 2]\n    steps:\n      - run: echo', "job 'build': strategy (matrix) is not supported"],
    ['a container', '    container: node:20\n    steps:\n      - run: echo', "job 'build': container is not supported"],
    ['services', '    services:\n      db:\n        image: postgres\n    steps:\n      - run: echo', "job 'build': services is not supported"],
    ['job continue-on-error', '    continue-on-error: true\n    steps:\n      - run: echo', "job 'build': job-level continue-on-error is not supported"]
  ])('rejects %s', async (_what, job, message) => {
    expect(await failure(workflowWithJob(job))).toContain(message)
  })

  it('rejects a reusable workflow', async () => {
    const wf = writeWorkflow('on: workflow_dispatch\njobs:\n  call:\n    uses: octo/repo/.github/workflows/x.yml@main\n')
    expect(await failure(wf)).toContain("job 'call': reusable workflows (uses:) is not supported")
  })

  it('rejects an unsupported action nested in a composite action it would reach', async () => {
    const message = await failure(workflowWithStep('        uses: ./actions/uses-checkout'))
    expect(message).toMatch(/^the workflow cannot run locally:\n {2}- action .*uses-checkout\/action\.yml step 2 \('Check out'\): uses: actions\/checkout@v4 is not supported/)
  })

  it('reports invalid workflows with the parser messages', async () => {
    const wf = writeWorkflow('on: workflow_dispatch\njobs:\n  build:\n    runs-on: x\n    steps:\n      - run: echo ${{ inputs.x + 1 }}\n      - uses: ./a\n        working-directory: x\n')
    const message = await failure(wf)
    expect(message).toMatch(/^invalid workflow .*workflow\.yml:/)
    expect(message).toContain("Unexpected symbol: '+'")
    expect(message).toContain("Unexpected value 'working-directory'")
  })
})
