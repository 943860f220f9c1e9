/**
 * The committed bundle run as the runner runs it (child process, INPUT_* variables, GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY files) against the Octopus fake, on this Node and Node 24.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startOctopusFake, type OctopusFake } from '../../../sandbox/octopus/index.js'
import { nodeBinaries } from '../../helpers/node-versions.js'
import { runBundle as runFile, withoutMaskCommands } from '../../helpers/run-bundle.js'
import { runnerEnv } from '../../../tools/workflow-runner/runner-env.js'
import { createRelease } from '../../helpers/octopus-release.js'
import { bundlePath } from '../../helpers/repo.js'

const bundle = bundlePath('deploy')
const runBundle = (node: string, env: Record<string, string>) => runFile(node, bundle, env)
const API_KEY = 'API-BUNDLELEAK4G5H6J7K8L9M0N'


const withoutMasks = withoutMaskCommands

describe('the deploy bundle end to end', () => {
  let fake: OctopusFake
  beforeAll(async () => {
    fake = await startOctopusFake({ apiKey: API_KEY, taskProfile: { queueMs: 200, durationMs: 800, cancelMs: 200 } })
    fake.setTaskProfile('Test', { outcome: 'Failed' })
    await createRelease(fake, 'Random Quotes', '1.0.0')
  })
  afterAll(() => fake.close())

  it.each(nodeBinaries().map((n) => [n.label, n.path] as const))('deploys, streams the log, writes outputs and summary under %s', async (_label, node) => {
    const runner = runnerEnv({ inputs: { server: `${fake.url}/api`, api_key: API_KEY, project: 'Random Quotes', release_number: 'latest', environments: 'Dev' } })
    const res = await runBundle(node, runner.env)
    expect(res.stderr).toBe('')
    expect(res.code).toBe(0)
    const outputs = runner.outputs()
    expect(outputs.task_state).toBe('Success')
    expect(outputs.release_number).toBe('1.0.0')
    expect(JSON.parse(outputs.server_tasks)[0]).toMatchObject({ environmentName: 'Dev', state: 'Success' })
    expect(outputs.deployment_urls).toMatch(/\/app#\/Spaces-1\/projects\/random-quotes\/deployments\/releases\/1\.0\.0\/deployments\/Deployments-\d+$/)
    expect(res.stdout).toMatch(/::group::Octopus task log: Dev \(ServerTasks-\d+\) — Success/)
    expect(res.stdout).toContain(`::add-mask::${API_KEY}`)
    expect(withoutMasks(res.stdout)).not.toContain(API_KEY)
    expect(runner.summary()).toContain('<td>Dev</td><td>✅ Success</td>')
  })

  it('fails with the environment and the server message, and never prints the key', async () => {
    const runner = runnerEnv({ inputs: { server: fake.url, api_key: API_KEY, project: 'Random Quotes', release_number: '1.0.0', environments: 'Test' } })
    const res = await runBundle(process.execPath, runner.env)
    expect(res.code).toBe(1)
    expect(res.stdout).toContain(
      '::error::deploy failed: Random Quotes 1.0.0: the deployment did not succeed:%0A  - Test: Failed — The deployment failed because one or more steps failed.'
    )
    expect(res.stdout).not.toMatch(/\n\s+at /)
    expect(withoutMasks(res.stdout + res.stderr)).not.toContain(API_KEY)
    expect(runner.outputs().task_state).toBe('Failed')
    expect(runner.summary()).toContain('<h3>Failures</h3>')
  })
})
