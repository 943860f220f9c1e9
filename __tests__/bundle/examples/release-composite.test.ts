/**
 * actions/release (composite: upload-artifact -> create-release -> deploy) used directly by a workflow, against the
 * sandbox: its outputs; without environments it creates the release and deploys nothing; signed in with GitHub OIDC
 * (service_account_id, no API key) it works end to end; when the build output is missing, the upload fails the step
 * and no release is created.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { runExample } from '../../../demo/examples.js'
import { startDemoSandbox, type DemoSandbox } from '../../../demo/sandbox.js'
import { created, everything, FAST, job, step, writeWorkflow } from './helpers.js'

/** A workflow that builds two files and calls the composite with the given `with:` lines (plus the connection). */
function workflowUsingRelease(withLines: string[], permissions = 'contents: read'): string {
  return writeWorkflow(`
on: workflow_dispatch
permissions:
  ${permissions}
jobs:
  ship:
    runs-on: ubuntu-latest
    steps:
      - run: |
          mkdir -p "$RUNNER_TEMP/out"
          echo "hello" > "$RUNNER_TEMP/out/hello.txt"
          echo "OUT=$RUNNER_TEMP/out" >> "$GITHUB_ENV"
      - id: ship
        uses: ./actions/release
        with:
          server: \${{ vars.OCTOPUS_URL }}
          project: Random Quotes
          package_id: randomquotes
${withLines.map((l) => `          ${l}`).join('\n')}
`)
}

describe('actions/release (composite)', () => {
  let sb: DemoSandbox
  beforeAll(async () => {
    sb = await startDemoSandbox(FAST)
  })
  afterAll(() => sb.close())

  const run = (file: string) => runExample(sb, file, { name: 'workflow_dispatch' })

  it('with environments empty: uploads and creates the release, skips the deployment', async () => {
    const before = created(sb)
    const result = await run(
      workflowUsingRelease(['api_key: ${{ secrets.OCTOPUS_API_KEY }}', 'version: 1.7.0', 'path: ${{ env.OUT }}/hello.txt', 'environments: ""', 'release_notes: Notes of 1.7.0'])
    )
    expect(result.conclusion).toBe('success')
    const ship = step(job(result, 'ship'), 'ship')
    expect(ship.steps?.map((s) => [s.id, s.outcome])).toEqual([
      ['upload', 'success'],
      ['release', 'success'],
      ['deploy', 'skipped']
    ])
    expect(ship.outputs).toMatchObject({ release_number: '1.7.0', task_state: '', deployment_urls: '', server_tasks: '' })
    expect(ship.outputs.release_id).toMatch(/^Releases-\d+$/)
    expect(ship.outputs.release_url).toContain(`${sb.octopus.url}/app#/`)
    expect(JSON.parse(ship.outputs.packages)).toMatchObject([{ id: 'randomquotes', version: '1.7.0', status: 'uploaded' }])
    expect(created(sb)).toEqual({ ...before, packages: before.packages + 1, releases: before.releases + 1 })
    const release = sb.octopus.store.releases.find((r) => r.Id === ship.outputs.release_id)
    expect(release?.ReleaseNotes).toBe('Notes of 1.7.0')
    expect(everything(result)).not.toContain(sb.octopus.apiKey)
  })

  it('signs in with GitHub OIDC as the service account and deploys to Dev', async () => {
    const before = created(sb)
    const result = await run(
      workflowUsingRelease(['service_account_id: ${{ vars.OCTOPUS_SERVICE_ACCOUNT_ID }}', 'version: 1.7.1', 'path: ${{ env.OUT }}'], 'id-token: write')
    )
    expect(result.conclusion).toBe('success')
    const ship = step(job(result, 'ship'), 'ship')
    expect(ship.outputs.task_state).toBe('Success')
    // One OIDC exchange per action: upload-artifact, create-release and deploy each signed in as the service account.
    expect(created(sb)).toEqual({
      ...before,
      packages: before.packages + 1,
      releases: before.releases + 1,
      deployments: before.deployments + 1,
      accessTokens: before.accessTokens + 3
    })
  })

  it('when the build output is missing, the upload fails the step and nothing is created', async () => {
    const before = created(sb)
    const result = await run(workflowUsingRelease(['api_key: ${{ secrets.OCTOPUS_API_KEY }}', 'version: 1.7.2', 'path: ${{ env.OUT }}/no-such-dir']))
    expect(result.conclusion).toBe('failure')
    const ship = step(job(result, 'ship'), 'ship')
    expect(ship.outcome).toBe('failure')
    expect(ship.steps?.map((s) => [s.id, s.outcome])).toEqual([
      ['upload', 'failure'],
      ['release', 'skipped'],
      ['deploy', 'skipped']
    ])
    expect(step(ship, 'upload').annotations.map((a) => a.message).join('\n')).toMatch(/no files/i)
    expect(created(sb)).toEqual(before)
  })
})
