import { afterEach, describe, expect, it } from '@jest/globals'
import { startOctopusFake, type OctopusFake } from '../../../../sandbox/octopus/index.js'
import { leakForms } from '../../../helpers/test-context.js'
import { createRelease } from '../../../helpers/octopus-release.js'
import { deployments, runDeploy } from './helpers.js'

const PROFILE = { queueMs: 1000, durationMs: 4000, cancelMs: 1000 }

describe('deploy action: timeouts, faults, legacy servers, secrets', () => {
  let fake: OctopusFake | undefined
  afterEach(async () => {
    await fake?.close()
    fake = undefined
  })

  it('on its own timeout says so plainly and leaves the tasks running', async () => {
    fake = await startOctopusFake({ taskProfile: { ...PROFILE, durationMs: 3_600_000 } })
    await createRelease(fake, 'Random Quotes', '1.0.0')
    const { t, code } = await runDeploy(fake, { project: 'Random Quotes', release_number: '1.0.0', environments: 'Dev', timeout: '2m' })
    expect(code).toBe(1)
    expect(t.failures[0]).toContain("timed out after 2m ('timeout') while waiting for: Dev Executing 0%.")
    expect(t.failures[0]).toContain(`The task keeps running in Octopus: ${fake.url}/app#/Spaces-1/tasks/ServerTasks-1`)
    expect(t.failures[0]).toContain("raise 'timeout', or set 'cancel_on_timeout: true'")
    expect(fake.task('ServerTasks-1')!.State).toBe('Executing')
    expect(t.outputs.task_state).toBe('Executing')
    expect(t.summary.text()).toContain('The unfinished tasks keep running in Octopus.')
    // progress during the long wait: heartbeats, and polls backing off after the first 30 s
    expect(t.logger.text()).toMatch(/Waiting for 1 of 1 deployment \(\d+s elapsed\): Dev Executing/)
    const polls = fake.server.log.entries.filter((e) => e.method === 'GET' && /\/tasks$/.test(e.path)).length
    expect(polls).toBeLessThan(60)
  })

  it('cancels the tasks on timeout when asked, even if the cancel answer is lost', async () => {
    fake = await startOctopusFake({ taskProfile: { ...PROFILE, durationMs: 3_600_000 } })
    await createRelease(fake, 'Random Quotes', '1.0.0')
    fake.server.faults.next('POST', /\/tasks\/ServerTasks-2\/cancel$/, { kind: 'lost-response' })
    const { t, code } = await runDeploy(fake, { project: 'Random Quotes', release_number: '1.0.0', environments: 'Dev\nTest', timeout: '45s', cancel_on_timeout: 'true' })
    expect(code).toBe(1)
    expect(t.failures[0]).toContain("timed out after 45s ('timeout') while waiting for: Dev Executing 0%; Test Executing 0%.")
    expect(t.failures[0]).toContain("The unfinished tasks were canceled ('cancel_on_timeout')")
    expect(fake.task('ServerTasks-1')!.State).toBe('Canceled')
    expect(fake.task('ServerTasks-2')!.State).toBe('Canceled')
    expect(t.outputs.task_state).toBe('Canceled')
    expect(t.logger.text()).toContain('Asked Octopus to cancel Test (ServerTasks-2).')
    expect(fake.server.log.entries.filter((e) => e.method === 'POST' && /cancel$/.test(e.path))).toHaveLength(2)
  })

  it('survives faults while creating and polling without creating a second deployment', async () => {
    fake = await startOctopusFake({ taskProfile: PROFILE })
    await createRelease(fake, 'Random Quotes', '1.0.0')
    const faults = fake.server.faults
    faults.next('POST', /\/deployments\/create\/untenanted\/v1$/, { kind: 'lost-response' })
    faults.next('GET', /\/tasks$/, { kind: 'status', status: 503 }, 2)
    faults.next('GET', /\/tasks$/, { kind: 'reset' }, 1)
    faults.next('GET', /\/tasks$/, { kind: 'status', status: 429, headers: { 'Retry-After': '1' } }, 1)
    faults.next('GET', /\/details$/, { kind: 'status', status: 502 }, 1)
    const { t, code } = await runDeploy(fake, { project: 'Random Quotes', release_number: '1.0.0', environments: 'Dev\nTest' })
    expect(t.failures).toEqual([])
    expect(code).toBe(0)
    expect(fake.server.faults.fired.map((f) => f.kind)).toEqual(['lost-response', 'status', 'status', 'reset', 'status', 'status'])
    expect(deployments(fake)).toHaveLength(2)
    expect(fake.server.ledger.duplicates('deployment')).toEqual([])
    expect(fake.server.log.entries.filter((e) => e.method === 'POST' && /create\/untenanted/.test(e.path))).toHaveLength(1)
    expect(t.logger.text()).toContain('The deployment request reached Octopus: found Deployments-1, Deployments-2; not sending it again.')
    expect(JSON.parse(t.outputs.server_tasks).map((x: { state: string }) => x.state)).toEqual(['Success', 'Success'])
  })

  it('when Octopus stays unreachable while waiting, fails with the server answer and says where the deployments are', async () => {
    fake = await startOctopusFake({ taskProfile: PROFILE })
    await createRelease(fake, 'Random Quotes', '1.0.0')
    fake.server.faults.add({ method: 'GET', path: /\/tasks$/, fault: { kind: 'status', status: 503, body: { ErrorMessage: 'Octopus is in maintenance mode' } } })
    const { t, code } = await runDeploy(fake, { project: 'Random Quotes', release_number: '1.0.0', environments: 'Dev\nDev' })
    expect(code).toBe(1)
    expect(t.failures[0]).toContain('Octopus answered 503 to GET')
    expect(t.failures[0]).toContain('Octopus is in maintenance mode')
    expect(t.logger.text()).toContain(`The deployments were created and may still be running in Octopus: Dev ${fake.url}/app#/Spaces-1/tasks/ServerTasks-1`)
    expect(JSON.parse(t.outputs.server_tasks)).toEqual([expect.objectContaining({ serverTaskId: 'ServerTasks-1', state: null })])
    expect(t.summary.text()).toContain('Waiting for the deployments failed')
    // 'Dev' twice is one deployment
    expect(deployments(fake)).toHaveLength(1)
  })

  it('deploys on a legacy server (2022.1) with POST deployments per environment and tenant, reconciling a lost answer', async () => {
    fake = await startOctopusFake({ version: 'legacy', taskProfile: PROFILE })
    await createRelease(fake, 'Random Quotes', '1.0.0')
    fake.server.faults.next('POST', /\/deployments$/, { kind: 'lost-response' })
    const { t, code } = await runDeploy(fake, { project: 'Random Quotes', release_number: '1.0.0', environments: 'Dev\nTest', skip_steps: 'Random quotes deployment status' })
    expect(t.failures).toEqual([])
    expect(code).toBe(0)
    expect(t.logger.text()).toContain('(legacy API, Octopus 2022.1.2386)')
    expect(fake.server.log.entries.some((e) => /create\/untenanted/.test(e.path))).toBe(false)
    expect(deployments(fake).map((d) => d.environment)).toEqual(['Dev', 'Test'])
    expect(fake.server.ledger.duplicates('deployment')).toEqual([])
    expect(fake.store.deployments[1].SkipActions).toHaveLength(1)
    expect(t.outputs.task_state).toBe('Success')

    await createRelease(fake, 'Random Quotes SaaS', '3.1.0')
    const tenanted = await runDeploy(fake, { project: 'Random Quotes SaaS', release_number: '3.1.0', environment: 'Dev', tenants: '*' })
    expect(tenanted.t.failures).toEqual([])
    expect(JSON.parse(tenanted.t.outputs.server_tasks).map((x: { tenantName: string }) => x.tenantName)).toEqual(['Acme', 'Globex', 'Initech'])
    const tagged = await runDeploy(fake, { project: 'Random Quotes SaaS', release_number: '3.1.0', environment: 'Test', tenant_tags: 'Region/US' })
    expect(JSON.parse(tagged.t.outputs.server_tasks).map((x: { tenantName: string }) => x.tenantName)).toEqual(['Globex', 'Initech'])
    const notConnected = await runDeploy(fake, { project: 'Random Quotes SaaS', release_number: '3.1.0', environment: 'Prod', tenants: 'Initech' })
    expect(notConnected.t.failures[0]).toContain(
      "No tenant to deploy Random Quotes SaaS to: Initech selected no tenant connected to the project in Prod. Initech in Prod: not connected to project 'Random Quotes SaaS' in environment 'Prod' (connected in Dev, Test)."
    )
  })

  it('on a legacy server, reports the deployments created before a later environment was refused', async () => {
    fake = await startOctopusFake({ version: 'legacy', taskProfile: PROFILE })
    await createRelease(fake, 'Random Quotes Maintenance', '1.0.0')
    const { t, code } = await runDeploy(fake, { project: 'Random Quotes Maintenance', release_number: '1.0.0', environments: 'Dev\nTest', variables: 'Change Ticket=CHG-7' })
    expect(code).toBe(1)
    expect(t.failures[0]).toContain("cannot be deployed to environment 'Test'")
    expect(t.failures[0]).toContain(`Created before this failure, and running in Octopus: Dev (Deployments-1) ${fake.url}/app#/Spaces-1/tasks/ServerTasks-1`)
    expect(JSON.parse(t.outputs.server_tasks)).toEqual([expect.objectContaining({ environmentName: 'Dev', state: null })])
    expect(deployments(fake).map((d) => d.environment)).toEqual(['Dev'])
  })

  it('never shows the API key: not in logs, errors, outputs or the summary', async () => {
    const apiKey = 'API-LEAKCHECK7QZX9RW2PLMN4KJ8'
    fake = await startOctopusFake({ apiKey, taskProfile: PROFILE })
    fake.setTaskProfile('Test', { outcome: 'Failed' })
    await createRelease(fake, 'Random Quotes', '1.0.0')
    const failed = await runDeploy(fake, { project: 'Random Quotes', release_number: '1.0.0', environments: 'Dev\nTest' })
    expect(failed.code).toBe(1)
    expect(failed.t.masked).toContain(apiKey)
    for (const form of leakForms(apiKey)) expect(failed.t.visibleText()).not.toContain(form)

    const wrongKey = 'API-WRONGKEY5T6Y7U8I9O0P1A2S3'
    const refused = await runDeploy(fake, { project: 'Random Quotes', release_number: '1.0.0', environments: 'Dev', api_key: wrongKey })
    expect(refused.code).toBe(1)
    expect(refused.t.failures[0]).toContain('401')
    expect(refused.t.failures[0]).toContain('The API key is invalid or expired')
    for (const form of leakForms(wrongKey)) expect(refused.t.visibleText()).not.toContain(form)
  })
})
