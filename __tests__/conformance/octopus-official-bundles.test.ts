/**
 * CONFORMANCE: the official Octopus action bundles (../shared/reference/official-bundles, unchanged; references,
 * never part of the product) run as the runner runs them — INPUT_* with each action.yml default, GITHUB_OUTPUT, on
 * Node 24 — against the Octopus fake: create a release, deploy it, await the task; and await a task that Octopus
 * ends TimedOut.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parse } from 'yaml'
import { SEED, startOctopusFake, type OctopusFake } from '../../sandbox/octopus/index.js'
import { node24Path } from '../helpers/node-versions.js'
import { REPO_ROOT } from '../helpers/repo.js'
import { runBundle, visibleLog } from '../helpers/run-bundle.js'
import { runnerEnv } from '../../tools/workflow-runner/runner-env.js'

// shared/ lies beside the repository (../shared), or beside the worktrees folder for a helper's worktree.
const BUNDLES = [resolve(REPO_ROOT, '../shared'), resolve(REPO_ROOT, '../../shared')]
  .map((dir) => join(dir, 'reference/official-bundles'))
  .find((dir) => existsSync(join(dir, 'deploy-release-action/index.js')))
const available = BUNDLES !== undefined

/** Runs an official bundle with its action.yml defaults plus `inputs`, as the runner does. */
async function runOfficial(name: string, inputs: Record<string, string>) {
  const meta = parse(readFileSync(join(BUNDLES!, name, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> }
  const defaults = Object.fromEntries(Object.entries(meta.inputs).flatMap(([k, v]) => (v.default === undefined ? [] : [[k, String(v.default)]])))
  const runner = runnerEnv({ inputs: { ...defaults, ...inputs } })
  const res = await runBundle(node24Path(), join(BUNDLES!, name, 'index.js'), runner.env, { timeoutMs: 90_000 })
  return { res, outputs: runner.outputs(), log: visibleLog(res) }
}

;(available ? describe : describe.skip)('CONFORMANCE: official Octopus action bundles against the Octopus fake', () => {
  let fake: OctopusFake
  let connection: Record<string, string>
  beforeAll(async () => {
    // Fake time runs 10x: a 2 s task takes 0.2 s.
    fake = await startOctopusFake({ clockSpeed: 10, taskProfile: { queueMs: 1000, durationMs: 2000 } })
    fake.setTaskProfile('Test', { outcome: 'TimedOut' })
    connection = { server: fake.url, api_key: fake.apiKey, space: 'Default' }
  }, 200_000)
  afterAll(() => fake.close())

  it('create-release-action, deploy-release-action and await-task-action chain as in their READMEs', async () => {
    const created = await runOfficial('create-release-action', { ...connection, project: SEED.project, release_number: '9.0.0', packages: 'randomquotes:1.0.1' })
    expect(created.res.code).toBe(0)
    expect(created.outputs.release_number).toBe('9.0.0')

    const deployed = await runOfficial('deploy-release-action', { ...connection, project: SEED.project, release_number: '9.0.0', environments: 'Dev' })
    expect(deployed.res.code).toBe(0)
    const tasks = JSON.parse(deployed.outputs.server_tasks) as { serverTaskId: string; environmentName: string }[]
    expect(tasks).toEqual([{ serverTaskId: expect.stringMatching(/^ServerTasks-\d+$/), environmentName: 'Dev' }])

    const awaited = await runOfficial('await-task-action', { ...connection, server_task_id: tasks[0].serverTaskId, polling_interval: '1' })
    expect(awaited.res.code).toBe(0)
    expect(awaited.outputs.task_state).toBe('Success')
    expect(fake.unimplemented).toEqual([])
  }, 200_000)

  it('await-task-action reports a task that Octopus ended TimedOut', async () => {
    const deployed = await runOfficial('deploy-release-action', { ...connection, project: SEED.project, release_number: '9.0.0', environments: 'Test' })
    expect(deployed.res.code).toBe(0)
    const [task] = JSON.parse(deployed.outputs.server_tasks) as { serverTaskId: string }[]
    const awaited = await runOfficial('await-task-action', { ...connection, server_task_id: task.serverTaskId, polling_interval: '1' })
    expect(awaited.res.code).toBe(1)
    expect(awaited.outputs.task_state).toBe('TimedOut')
    expect(fake.unimplemented).toEqual([])
  }, 200_000)
})
