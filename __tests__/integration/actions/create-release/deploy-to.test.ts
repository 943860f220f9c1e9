/**
 * `deploy_to`: create-release hands the new release to the deploy action's code (`deployRelease`), which creates
 * the deployments, waits for them and adds its outputs and summary. The tutorial's snippet works unchanged.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { LEGACY_VERSION, SEED, startOctopusFake, type OctopusFake } from '../../../../sandbox/octopus/index.js'
import { releasesCreated, runCreateRelease } from './harness.js'

let fake: OctopusFake | undefined
afterEach(async () => {
  await fake?.close()
  fake = undefined
})

async function start(version?: string): Promise<OctopusFake> {
  fake = await startOctopusFake({ version, taskProfile: { queueMs: 1000, durationMs: 4000 } })
  return fake
}

/** The tutorial's `with:` block, with the fake's address and key in place of the secrets. */
function tutorialInputs(f: OctopusFake): Record<string, string> {
  return { api_key: f.apiKey, project: 'Random Quotes', server: f.url, deploy_to: 'Dev', packages: 'Deploy container to Kubernetes:randomquotes:1.0.1' }
}

describe.each([
  ['2025 (executions API)', undefined],
  ['2022.1 (legacy flow)', LEGACY_VERSION]
])('create-release with deploy_to on Octopus %s', (_label, version) => {
  it('selects tenants by tags as Octopus does (AND across tag sets) plus named tenants', async () => {
    const f = await start(version)
    const r = await runCreateRelease(f, { project: SEED.tenantedProject, deploy_to: 'Dev', tenants: 'Globex', tenant_tags: 'Tier/Gold\nRegion/US' })
    expect(r.failures).toEqual([])
    expect(JSON.parse(r.outputs.server_tasks).map((t: { tenantName: string }) => t.tenantName).sort()).toEqual(['Globex', 'Initech'])
    expect(r.summary.text()).toContain('Tags <code>Tier/Gold AND Region/US</code> matched <b>Initech</b>')
  })

  it('runs the tutorial snippet: creates the release, deploys it to Dev and waits', async () => {
    const f = await start(version)
    const r = await runCreateRelease(f, tutorialInputs(f))
    expect(r.failures).toEqual([])
    expect(releasesCreated(f)).toHaveLength(1)
    expect(f.server.ledger.count('deployment')).toBe(1)
    expect(r.outputs.release_number).toBe(releasesCreated(f)[0].version)
    expect(r.outputs.task_state).toBe('Success')
    const tasks = JSON.parse(r.outputs.server_tasks)
    expect(tasks).toEqual([expect.objectContaining({ environmentName: 'Dev', tenantName: null, state: 'Success' })])
    expect(f.task(tasks[0].serverTaskId)?.State).toBe('Success')
    expect(r.outputs.deployment_urls).toMatch(/\/app#\/Spaces-1\/projects\/random-quotes\/deployments\/releases\/.+\/deployments\/Deployments-\d+/)
    const summary = r.summary.text()
    expect(summary).toContain(`Octopus release ${r.outputs.release_number} of Random Quotes`)
    expect(summary).toMatch(/Dev/)
    expect(r.visibleText()).not.toContain(f.apiKey)
  })

  it('fails naming the environment when the deployment fails, after setting the release outputs', async () => {
    const f = await start(version)
    f.setTaskProfile('Dev', { outcome: 'Failed' })
    const r = await runCreateRelease(f, tutorialInputs(f))
    expect(r.code).toBe(1)
    expect(r.failures[0]).toMatch(/Dev: Failed/)
    expect(r.outputs.release_id).toMatch(/^Releases-/)
    expect(r.outputs.task_state).toBe('Failed')
  })
})

describe('create-release with deploy_to: deployment options', () => {
  it('passes prompted variables (split at the first separator)', async () => {
    const f = await start()
    const r = await runCreateRelease(f, { project: SEED.promptedProject, deploy_to: 'Dev', variables: `${SEED.promptedVariable}=CHG-42:a` })
    expect(r.failures).toEqual([])
    const body = f.server.log.filter('POST', /deployments\/create\/untenanted\/v1$/)[0].body as { Variables: Record<string, string> }
    expect(body.Variables).toEqual({ [SEED.promptedVariable]: 'CHG-42:a' })
  })

  it('a lost answer to the release and to the deployment request creates exactly one of each', async () => {
    const f = await start()
    f.server.faults.next('POST', /\/releases\/create\/v1$/, { kind: 'lost-response' })
    f.server.faults.next('POST', /\/deployments\/create\/untenanted\/v1$/, { kind: 'lost-response' })
    const r = await runCreateRelease(f, tutorialInputs(f))
    expect(r.failures).toEqual([])
    expect(f.server.faults.fired.map((x) => x.kind)).toEqual(['lost-response', 'lost-response'])
    expect(releasesCreated(f)).toHaveLength(1)
    expect(f.server.ledger.count('deployment')).toBe(1)
    expect(r.outputs.task_state).toBe('Success')
  })

  it('does not wait with wait: false', async () => {
    const f = await start()
    const r = await runCreateRelease(f, { project: SEED.project, deploy_to: 'Dev', wait: 'false' })
    expect(r.failures).toEqual([])
    expect(r.outputs.task_state).toBe('')
    expect(JSON.parse(r.outputs.server_tasks)).toHaveLength(1)
  })

  it('deploys a tenanted project to every connected tenant with tenants: *', async () => {
    const f = await start()
    const r = await runCreateRelease(f, { project: SEED.tenantedProject, deploy_to: 'Dev', tenants: '*' })
    expect(r.failures).toEqual([])
    expect(JSON.parse(r.outputs.server_tasks).map((t: { tenantName: string }) => t.tenantName).sort()).toEqual(['Acme', 'Globex', 'Initech'])
  })

  it('reports the lifecycle rejection verbatim, keeping the created release', async () => {
    const f = await start()
    const r = await runCreateRelease(f, { project: SEED.project, deploy_to: 'Prod' })
    expect(r.code).toBe(1)
    expect(r.failures[0]).toMatch(/cannot be deployed to environment 'Prod'/)
    expect(releasesCreated(f)).toHaveLength(1)
    expect(r.outputs.release_number).toBeTruthy()
  })

  it('times out and cancels with cancel_on_timeout', async () => {
    const f = await start()
    f.setTaskProfile('Dev', { durationMs: 3_600_000 })
    const r = await runCreateRelease(f, { project: SEED.project, deploy_to: 'Dev', timeout: '60s', cancel_on_timeout: 'true' })
    expect(r.code).toBe(1)
    expect(r.failures[0]).toMatch(/timed out after 1m/)
    const task = JSON.parse(r.outputs.server_tasks)[0].serverTaskId
    expect(['Cancelling', 'Canceled']).toContain(f.task(task)?.State)
  })
})
