import { afterEach, describe, expect, it } from '@jest/globals'
import { addTagSet } from '../../../../sandbox/octopus/builders.js'
import { startOctopusFake, type OctopusFake } from '../../../../sandbox/octopus/index.js'
import { createRelease } from '../../../helpers/octopus-release.js'
import { deployments, runDeploy } from './helpers.js'

const PROFILE = { queueMs: 1000, durationMs: 4000, cancelMs: 1000 }

describe('deploy action: options and refusals', () => {
  let fake: OctopusFake | undefined
  afterEach(async () => {
    await fake?.close()
    fake = undefined
  })

  it('sends the deployment options with the executions API, and schedules with deploy_at', async () => {
    // A frozen clock: only the action's poll sleeps move it, so "starts in about 120s" does not depend on load.
    fake = await startOctopusFake({ clockSpeed: 0, taskProfile: PROFILE })
    await createRelease(fake, 'Random Quotes', '1.0.0')
    const runAt = new Date(fake.clock.now() + 120_000).toISOString()
    const { t, code } = await runDeploy(fake, {
      project: 'Random Quotes',
      release_number: '1.0.0',
      environments: 'Test',
      skip_steps: 'Random quotes deployment status',
      specific_machines: 'Kubernetes Test',
      force_package_redeployment: 'true',
      use_guided_failure: 'false',
      deploy_at: runAt
    })
    expect(t.failures).toEqual([])
    expect(code).toBe(0)
    const body = fake.server.log.entries.find((e) => e.method === 'POST' && /create\/untenanted/.test(e.path))!.body as Record<string, unknown>
    expect(body).toMatchObject({
      ProjectName: 'Random Quotes',
      ReleaseVersion: '1.0.0',
      EnvironmentNames: ['Test'],
      SkipStepNames: ['Random quotes deployment status'],
      SpecificMachineNames: ['Kubernetes Test'],
      ForcePackageRedeployment: true,
      UseGuidedFailure: false,
      RunAt: runAt
    })
    const d = fake.store.deployments[0]
    expect(d.QueueTime).toBe(runAt)
    expect(d.SkipActions).toHaveLength(1)
    expect(t.logger.text()).toMatch(/Test: Queued \(expected to start in about 120s\)/)
    expect(fake.task(d.TaskId)!.startedAt).toBeGreaterThanOrEqual(Date.parse(runAt))
  })

  it('says plainly when a guided failure waits for a person until the timeout', async () => {
    fake = await startOctopusFake({ taskProfile: PROFILE })
    fake.setTaskProfile('Dev', { outcome: 'Failed' })
    await createRelease(fake, 'Random Quotes', '1.0.0')
    const { t, code } = await runDeploy(fake, { project: 'Random Quotes', release_number: '1.0.0', environments: 'Dev', use_guided_failure: 'true', timeout: '1m' })
    expect(code).toBe(1)
    const warnings = t.logger.lines.filter((l) => l.level === 'warning').map((l) => l.message)
    expect(warnings[0]).toBe(
      `Dev is waiting for a guided failure decision (retry, ignore or fail). The deployment will not continue until someone responds in Octopus: ${fake.url}/app#/Spaces-1/tasks/ServerTasks-1`
    )
    expect(t.logger.text()).toContain('Dev: "Guided failure: Deploy container to Kubernetes" — The step "Deploy container to Kubernetes" failed. Choose to retry, ignore or fail.')
    expect(t.failures[0]).toContain('while waiting for: Dev Executing')
    expect(t.failures[0]).toContain('waiting for a guided failure decision (retry, ignore or fail)')
    expect(t.failures[0]).toContain('Someone has to respond to the interruption in Octopus')
    expect(t.summary.text()).toContain('<h3>Waiting for a person</h3>')
    expect(fake.pendingInterruptions('ServerTasks-1')).toHaveLength(1)
  })

  it('names unknown environments with suggestions, and tenancy mismatches, before creating anything', async () => {
    fake = await startOctopusFake({ taskProfile: PROFILE })
    await createRelease(fake, 'Random Quotes', '1.0.0')
    await createRelease(fake, 'Random Quotes SaaS', '3.1.0')
    const typo = await runDeploy(fake, { project: 'Random Quotes', release_number: '1.0.0', environments: 'Tset' })
    expect(typo.t.failures[0]).toContain("The Octopus environment 'Tset' was not found in space 'Default'")
    expect(typo.t.failures[0]).toContain("Did you mean 'Test'?")
    const noTenants = await runDeploy(fake, { project: 'Random Quotes SaaS', release_number: '3.1.0', environment: 'Dev' })
    expect(noTenants.t.failures[0]).toContain("The Octopus project 'Random Quotes SaaS' only deploys to tenants: set 'tenants'")
    const tenantsOnUntenanted = await runDeploy(fake, { project: 'Random Quotes', release_number: '1.0.0', environment: 'Dev', tenants: 'Acme' })
    expect(tenantsOnUntenanted.t.failures[0]).toContain("The Octopus project 'Random Quotes' is not tenanted")
    const unknownRelease = await runDeploy(fake, { project: 'Random Quotes', release_number: '9.9.9', environments: 'Dev' })
    expect(unknownRelease.t.failures[0]).toContain("Release '9.9.9' of the Octopus project 'Random Quotes' was not found. Newest releases: 1.0.0.")
    expect(deployments(fake)).toHaveLength(0)
  })

  it('fails clearly when no tenant carries the tag (Octopus itself deploys nothing without an error)', async () => {
    fake = await startOctopusFake({ taskProfile: PROFILE })
    await createRelease(fake, 'Random Quotes SaaS', '3.1.0')
    addTagSet(fake.store, fake.spaceId, 'Plan', ['Trial'])
    const { t, code } = await runDeploy(fake, { project: 'Random Quotes SaaS', release_number: '3.1.0', environment: 'Dev', tenant_tags: 'Plan/Trial' })
    expect(code).toBe(1)
    expect(t.failures[0]).toContain("'tenant_tags' (Plan/Trial) matched no tenant of project 'Random Quotes SaaS': no tenant connected to the project carries 'Plan/Trial'.")
    expect(t.failures[0]).toContain('Nothing was deployed')
    expect(deployments(fake)).toHaveLength(0)
    expect(fake.server.log.filter('POST', /deployments/)).toHaveLength(0)
  })

  it('reads the camelCase deploymentId/serverTaskId some server versions answered', async () => {
    fake = await startOctopusFake({ taskProfile: PROFILE })
    fake.knobs.camelCaseDeploymentTasks = true
    await createRelease(fake, 'Random Quotes', '1.0.0')
    const { t, code } = await runDeploy(fake, { project: 'Random Quotes', release_number: '1.0.0', environments: 'Dev' })
    expect(t.failures).toEqual([])
    expect(code).toBe(0)
    expect(JSON.parse(t.outputs.server_tasks)).toEqual([expect.objectContaining({ serverTaskId: 'ServerTasks-1', deploymentId: 'Deployments-1', state: 'Success' })])
  })

  it('refuses update_variable_snapshot on a legacy server instead of ignoring it', async () => {
    fake = await startOctopusFake({ version: 'legacy', taskProfile: PROFILE })
    await createRelease(fake, 'Random Quotes', '1.0.0')
    const { t, code } = await runDeploy(fake, { project: 'Random Quotes', release_number: '1.0.0', environments: 'Dev', update_variable_snapshot: 'true' })
    expect(code).toBe(1)
    expect(t.failures[0]).toContain("'update_variable_snapshot' needs Octopus 2022.3 or later (this server is 2022.1.2386)")
    expect(deployments(fake)).toHaveLength(0)
  })
})
