/**
 * Octopus itself ends a task TimedOut, or a person cancels it in the portal: the deploy bundle and the
 * create-release bundle (`deploy_to`), run as the runner runs them, fail, name the state and set `task_state`.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { SEED, startOctopusFake, type OctopusFake } from '../../../sandbox/octopus/index.js'
import { runnerEnv } from '../../../tools/workflow-runner/runner-env.js'
import { createRelease } from '../../helpers/octopus-release.js'
import { bundlePath } from '../../helpers/repo.js'
import { runBundle, visibleLog } from '../../helpers/run-bundle.js'

const bundles = {
  deploy: bundlePath('deploy'),
  'create-release': bundlePath('create-release')
}

let fake: OctopusFake
let release = 0
beforeAll(async () => {
  fake = await startOctopusFake({ taskProfile: { queueMs: 200, durationMs: 800, cancelMs: 200 } })
  fake.setTaskProfile('Dev', { outcome: 'TimedOut' })
  // Test runs until someone cancels it.
  fake.setTaskProfile('Test', { durationMs: 600_000 })
})
afterAll(() => fake.close())

/** The inputs that make `bundle` deploy a new release of Random Quotes to `environment`. */
async function inputs(bundle: keyof typeof bundles, environment: string): Promise<Record<string, string>> {
  const version = `7.0.${++release}`
  const common = { server: fake.url, api_key: fake.apiKey, project: SEED.project, release_number: version }
  if (bundle === 'create-release') return { ...common, deploy_to: environment, packages: `${SEED.step}:randomquotes:1.0.1` }
  await createRelease(fake, SEED.project, version)
  return { ...common, environments: environment }
}

/** Resolves once the deployment of the newest release runs, then cancels its task as a person would. */
async function cancelWhenRunning(): Promise<string> {
  for (let i = 0; i < 600; i++) {
    const last = fake.store.deployments.at(-1)
    const task = last && fake.store.releases.find((r) => r.Id === last.ReleaseId)?.Version === `7.0.${release}` ? fake.task(last.TaskId) : undefined
    if (task?.State === 'Executing') {
      fake.cancelTask(task.Id, 'Jane Operator')
      return task.Id
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error('the deployment never started')
}

describe.each(Object.keys(bundles) as (keyof typeof bundles)[])('the %s bundle when Octopus ends the task', (bundle) => {
  it('TimedOut: fails, names the state and sets task_state', async () => {
    const runner = runnerEnv({ inputs: await inputs(bundle, 'Dev') })
    const res = await runBundle(process.execPath, bundles[bundle], runner.env)
    expect(res.code).toBe(1)
    expect(visibleLog(res)).toMatch(/::error::.*Dev: TimedOut — The task timed out\./)
    expect(runner.outputs().task_state).toBe('TimedOut')
    expect(JSON.parse(runner.outputs().server_tasks)[0]).toMatchObject({ environmentName: 'Dev', state: 'TimedOut' })
    expect(runner.summary()).toContain('TimedOut')
  })

  it('Canceled by a person in the portal: fails, names the state and sets task_state', async () => {
    const runner = runnerEnv({ inputs: await inputs(bundle, 'Test') })
    const [res, taskId] = await Promise.all([runBundle(process.execPath, bundles[bundle], runner.env), cancelWhenRunning()])
    expect(fake.task(taskId)!.State).toBe('Canceled')
    expect(res.code).toBe(1)
    expect(visibleLog(res)).toMatch(/::error::.*Test: Canceled — The task was canceled\./)
    expect(visibleLog(res)).toContain('Cancellation requested by Jane Operator')
    expect(runner.outputs().task_state).toBe('Canceled')
    expect(JSON.parse(runner.outputs().server_tasks)[0]).toMatchObject({ environmentName: 'Test', state: 'Canceled' })
  })
})
