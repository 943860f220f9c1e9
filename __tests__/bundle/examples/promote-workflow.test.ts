/**
 * .github/workflows/example-promote.yml by workflow_dispatch, against the sandbox: the dispatch inputs (strings, a
 * choice) reach deploy, and the GoCD smoke-test pipeline runs with the release number and environment as variables.
 * A deployment the lifecycle refuses fails the workflow before GoCD is triggered; an input outside the choice's
 * options is rejected before anything runs, as GitHub does.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { runPromoteExample } from '../../../demo/examples.js'
import { gocdHeaders } from '../../../demo/http.js'
import { SMOKE_PIPELINE, startDemoSandbox, type DemoSandbox } from '../../../demo/sandbox.js'
import { DispatchInputError } from '../../../tools/workflow-runner/dispatch-inputs.js'
import type { WorkflowResult } from '../../../tools/workflow-runner/types.js'
import { created, everything, FAST, job, NOTHING, step } from './helpers.js'

/** A release of Random Quotes with a seeded package, created through the executions API as a build would. */
async function createRelease(sb: DemoSandbox, version: string): Promise<void> {
  const res = await fetch(`${sb.octopus.url}/api/${sb.octopus.spaceId}/releases/create/v1`, {
    method: 'POST',
    headers: { 'X-Octopus-ApiKey': sb.octopus.apiKey, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      SpaceId: sb.octopus.spaceId,
      SpaceIdOrName: sb.octopus.spaceName,
      ProjectName: 'Random Quotes',
      ReleaseVersion: version,
      PackageVersion: '1.0.1'
    })
  })
  expect(res.status).toBe(201)
}

describe('example-promote.yml (workflow_dispatch)', () => {
  let sb: DemoSandbox
  beforeAll(async () => {
    sb = await startDemoSandbox(FAST)
    await createRelease(sb, '1.0.1')
  })
  afterAll(() => sb.close())

  describe('promoting 1.0.1 to Dev', () => {
    let result: WorkflowResult
    let before: ReturnType<typeof created>
    beforeAll(async () => {
      before = created(sb)
      result = await runPromoteExample(sb, { release_number: '1.0.1', environment: 'Dev' })
    })

    it('deploys, then runs the smoke tests, both successfully', () => {
      expect(result.conclusion).toBe('success')
      expect(result.runName).toBe('Promote Random Quotes 1.0.1 to Dev')
      expect(step(job(result, 'deploy'), 'deploy').outputs.task_state).toBe('Success')
      expect(job(result, 'smoke-tests').outputs.result).toBe('Passed')
    })

    it('creates exactly one deployment and one GoCD run', () => {
      expect(before).toEqual({ ...NOTHING, releases: 1 })
      expect(created(sb)).toEqual({ ...NOTHING, releases: 1, deployments: 1, pipelineRuns: 1 })
    })

    it('the deployment of 1.0.1 to Dev succeeded in Octopus', () => {
      const [task] = JSON.parse(step(job(result, 'deploy'), 'deploy').outputs.server_tasks) as { serverTaskId: string; environmentName: string }[]
      expect(task.environmentName).toBe('Dev')
      expect(sb.octopus.task(task.serverTaskId)?.State).toBe('Success')
      const deployment = sb.octopus.store.deployments.find((d) => d.TaskId === task.serverTaskId)
      expect(sb.octopus.store.releases.find((r) => r.Id === deployment?.ReleaseId)?.Version).toBe('1.0.1')
    })

    it('the GoCD run got the release number and environment as variables and passed every stage', async () => {
      const counter = Number(step(job(result, 'smoke-tests'), 'gocd').outputs.counter)
      const run = sb.gocd.state.run(SMOKE_PIPELINE, counter)
      expect(run?.environmentVariables).toEqual([
        { name: 'RELEASE_NUMBER', value: '1.0.1', secure: false },
        { name: 'OCTOPUS_ENVIRONMENT', value: 'Dev', secure: false }
      ])
      expect(run?.comment).toMatch(/^Random Quotes 1\.0\.1 in Dev, from http.*\/actions\/runs\/\d+$/)
      const instance = await fetch(`${sb.gocd.goUrl}/api/pipelines/${SMOKE_PIPELINE}/${counter}`, { headers: gocdHeaders(sb.gocd.token) })
      const stages = ((await instance.json()) as { stages: { name: string; result: string }[] }).stages
      expect(stages.map((s) => [s.name, s.result])).toEqual([
        ['smoke', 'Passed'],
        ['report', 'Passed']
      ])
    })

    it('reports the smoke tests in the job summary without showing a token', () => {
      expect(job(result, 'smoke-tests').summary).toContain('- Smoke tests: Passed (http')
      const text = everything(result)
      for (const secret of Object.values(sb.secrets)) expect(text).not.toContain(secret)
    })
  })

  it('a deployment the lifecycle refuses fails the workflow and the smoke tests do not run', async () => {
    await createRelease(sb, '1.0.2')
    const before = created(sb)
    const result = await runPromoteExample(sb, { release_number: '1.0.2', environment: 'Prod' })
    expect(result.conclusion).toBe('failure')
    const deploy = step(job(result, 'deploy'), 'deploy')
    expect(deploy.outcome).toBe('failure')
    expect(deploy.annotations.map((a) => a.message).join('\n')).toMatch(/cannot be deployed to environment 'Prod'/)
    expect(job(result, 'smoke-tests').result).toBe('skipped')
    expect(created(sb)).toEqual(before)
  })

  it('an environment that is not one of the choice options is rejected before anything runs', async () => {
    const before = created(sb)
    await expect(runPromoteExample(sb, { release_number: '1.0.1', environment: 'Staging' })).rejects.toThrow(DispatchInputError)
    await expect(runPromoteExample(sb, { release_number: '1.0.1', environment: 'Staging' })).rejects.toThrow(/Staging/)
    expect(created(sb)).toEqual(before)
  })
})
