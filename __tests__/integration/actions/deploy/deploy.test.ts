import { afterEach, describe, expect, it } from '@jest/globals'
import { startOctopusFake, type OctopusFake } from '../../../../sandbox/octopus/index.js'
import { createRelease } from '../../../helpers/octopus-release.js'
import { deployments, runDeploy } from './helpers.js'

const PROFILE = { queueMs: 1000, durationMs: 4000, cancelMs: 1000 }

describe('deploy action against the Octopus fake (executions API)', () => {
  let fake: OctopusFake | undefined
  afterEach(async () => {
    await fake?.close()
    fake = undefined
  })

  it('deploys an untenanted release to several environments and waits for all of them', async () => {
    fake = await startOctopusFake({ taskProfile: PROFILE })
    await createRelease(fake, 'Random Quotes', '1.0.0')
    const { t, code } = await runDeploy(fake, { project: 'Random Quotes', release_number: '1.0.0', environments: 'Dev\nTest' })
    expect(t.failures).toEqual([])
    expect(code).toBe(0)
    const tasks = JSON.parse(t.outputs.server_tasks)
    expect(tasks.map((x: { environmentName: string; state: string }) => [x.environmentName, x.state])).toEqual([
      ['Dev', 'Success'],
      ['Test', 'Success']
    ])
    expect(tasks[0]).toEqual({
      serverTaskId: 'ServerTasks-1',
      deploymentId: 'Deployments-1',
      environmentName: 'Dev',
      tenantName: null,
      state: 'Success',
      url: `${fake.url}/app#/Spaces-1/tasks/ServerTasks-1`
    })
    expect(t.outputs.task_state).toBe('Success')
    expect(t.outputs.release_number).toBe('1.0.0')
    expect(t.outputs.deployment_urls.split('\n')).toEqual([
      `${fake.url}/app#/Spaces-1/projects/random-quotes/deployments/releases/1.0.0/deployments/Deployments-1`,
      `${fake.url}/app#/Spaces-1/projects/random-quotes/deployments/releases/1.0.0/deployments/Deployments-2`
    ])
    // one batched task query per poll, whatever the number of tasks
    const polls = fake.server.log.entries.filter((e) => e.method === 'GET' && /\/tasks$/.test(e.path))
    expect(polls.length).toBeGreaterThan(2)
    expect(polls.every((p) => p.query.ids === 'ServerTasks-1,ServerTasks-2' || p.query.ids === 'ServerTasks-1' || p.query.ids === 'ServerTasks-2')).toBe(true)
    expect(polls[0].query.ids).toBe('ServerTasks-1,ServerTasks-2')
    // the log of each task in its own groups, each line printed once
    const groups = t.logger.lines.filter((l) => l.level === 'group').map((l) => l.message)
    expect(groups).toContain('Octopus task log: Dev (ServerTasks-1) — Success')
    const text = t.logger.text()
    expect(text.match(/Task started/g)).toHaveLength(2)
    expect(text.match(/Executing step "Deploy container to Kubernetes"/g)).toHaveLength(2)
    expect(text).toContain('Dev: Queued → Executing')
    expect(t.summary.text()).toContain('<td>Test</td><td>✅ Success</td>')
    expect(deployments(fake)).toHaveLength(2)
  })

  it('release_number latest deploys the newest release', async () => {
    fake = await startOctopusFake({ taskProfile: PROFILE })
    await createRelease(fake, 'Random Quotes', '1.0.0')
    await createRelease(fake, 'Random Quotes', '1.2.0')
    const { t, code } = await runDeploy(fake, { project: 'Random Quotes', release_number: 'latest', environment: 'Dev', wait: 'false' })
    expect(code).toBe(0)
    expect(t.outputs.release_number).toBe('1.2.0')
    expect(t.outputs.task_state).toBe('')
    expect(JSON.parse(t.outputs.server_tasks)[0]).toMatchObject({ environmentName: 'Dev', state: null })
    expect(t.logger.text()).toContain("Not waiting for the deployments ('wait' is false)")
    expect(fake.server.log.entries.some((e) => /\/tasks$/.test(e.path))).toBe(false)
  })

  it('tenanted by names, by * (only tenants connected to the environment) and by tag', async () => {
    fake = await startOctopusFake({ taskProfile: PROFILE })
    await createRelease(fake, 'Random Quotes SaaS', '3.1.0')
    const byName = await runDeploy(fake, { project: 'Random Quotes SaaS', release_number: '3.1.0', environment: 'Dev', tenants: 'Acme\nGlobex' })
    expect(byName.t.failures).toEqual([])
    expect(JSON.parse(byName.t.outputs.server_tasks).map((x: { tenantName: string }) => x.tenantName)).toEqual(['Acme', 'Globex'])
    expect(byName.t.summary.text()).toContain('<td>Dev</td><td>Acme</td><td>✅ Success</td>')

    const byTag = await runDeploy(fake, { project: 'Random Quotes SaaS', release_number: '3.1.0', environment: 'Dev', tenant_tags: 'Tier/Gold' })
    expect(byTag.t.failures).toEqual([])
    expect(JSON.parse(byTag.t.outputs.server_tasks).map((x: { tenantName: string }) => x.tenantName).sort()).toEqual(['Acme', 'Initech'])

    const testAll = await runDeploy(fake, { project: 'Random Quotes SaaS', release_number: '3.1.0', environment: 'Test', tenants: '*' })
    expect(testAll.t.failures).toEqual([])
    expect(JSON.parse(testAll.t.outputs.server_tasks).map((x: { tenantName: string }) => x.tenantName).sort()).toEqual(['Acme', 'Globex', 'Initech'])

    // Initech is not connected to Prod, so '*' means Acme and Globex there
    const prodAll = await runDeploy(fake, { project: 'Random Quotes SaaS', release_number: '3.1.0', environment: 'Prod', tenants: '*' })
    expect(prodAll.t.failures).toEqual([])
    expect(prodAll.t.outputs.task_state).toBe('Success')
    expect(deployments(fake).map((d) => `${d.environment}/${d.tenant}`).sort()).toEqual(
      ['Dev/Acme', 'Dev/Globex', 'Dev/Acme', 'Dev/Initech', 'Test/Acme', 'Test/Globex', 'Test/Initech', 'Prod/Acme', 'Prod/Globex'].sort()
    )
  })

  it('passes prompted variables, and explains a missing one', async () => {
    fake = await startOctopusFake({ taskProfile: PROFILE })
    await createRelease(fake, 'Random Quotes Maintenance', '1.0.0')
    const missing = await runDeploy(fake, { project: 'Random Quotes Maintenance', release_number: '1.0.0', environments: 'Dev' })
    expect(missing.code).toBe(1)
    expect(missing.t.failures[0]).toContain("Please provide a value for the required prompted variable 'Change Ticket'.")
    expect(missing.t.failures[0]).toContain("Pass the value in the 'variables' input")
    expect(deployments(fake)).toHaveLength(0)

    const ok = await runDeploy(fake, { project: 'Random Quotes Maintenance', release_number: '1.0.0', environments: 'Dev', variables: 'Change Ticket=CHG-42: db:5432' })
    expect(ok.t.failures).toEqual([])
    const d = fake.store.deployments[0]
    expect(d.FormValues['Change Ticket']).toBe('CHG-42: db:5432')
    expect(d.FormValues['Maintenance Window']).toBe('30')
  })

  it('passes a lifecycle rejection through verbatim with a hint, creating nothing', async () => {
    fake = await startOctopusFake({ taskProfile: PROFILE })
    await createRelease(fake, 'Random Quotes', '1.0.0')
    const { t, code } = await runDeploy(fake, { project: 'Random Quotes', release_number: '1.0.0', environments: 'Prod' })
    expect(code).toBe(1)
    expect(t.failures[0]).toContain(
      "deploy failed: Octopus answered 400 to POST " // the request that was refused
    )
    expect(t.failures[0]).toContain("Release '1.0.0' of project 'Random Quotes' cannot be deployed to environment 'Prod'")
    expect(t.failures[0]).toContain('deploy it to the earlier phases first (for example Test before Prod)')
    expect(deployments(fake)).toHaveLength(0)
  })

  it('fails naming the environment and the server message when one of several tasks fails', async () => {
    fake = await startOctopusFake({ taskProfile: PROFILE })
    fake.setTaskProfile('Test', { outcome: 'Failed' })
    await createRelease(fake, 'Random Quotes', '1.0.0')
    const { t, code } = await runDeploy(fake, { project: 'Random Quotes', release_number: '1.0.0', environments: 'Dev\nTest' })
    expect(code).toBe(1)
    expect(t.failures[0]).toContain('Random Quotes 1.0.0: 1 of 2 deployments did not succeed')
    expect(t.failures[0]).toContain(
      'Test: Failed — The deployment failed because one or more steps failed. Please see the deployment log for details. (task log: '
    )
    expect(t.failures[0]).not.toContain('Dev:')
    expect(t.outputs.task_state).toBe('Failed')
    expect(JSON.parse(t.outputs.server_tasks).map((x: { state: string }) => x.state)).toEqual(['Success', 'Failed'])
    expect(t.logger.text()).toContain('ERROR The step "Deploy container to Kubernetes" failed')
    expect(t.summary.text()).toContain('<h3>Failures</h3>')
  })

  it('says a manual intervention is waiting (with the portal link), then continues once it is submitted', async () => {
    fake = await startOctopusFake({ taskProfile: PROFILE })
    await createRelease(fake, 'Random Quotes', '1.0.0')
    expect((await runDeploy(fake, { project: 'Random Quotes', release_number: '1.0.0', environments: 'Test' })).code).toBe(0)
    let submitted = false
    const { t, code } = await runDeploy(
      fake,
      { project: 'Random Quotes', release_number: '1.0.0', environments: 'Prod' },
      {
        onSleep: (ctx) => {
          if (!submitted && ctx.logger.text().includes('Prod is waiting for a manual intervention')) {
            const task = [...fake!.engine.tasks.values()].find((x) => fake!.pendingInterruptions(x.Id).length)!
            fake!.submitInterruption(task.Id, 'Proceed', 'looks good')
            submitted = true
          }
        }
      }
    )
    expect(t.failures).toEqual([])
    expect(code).toBe(0)
    expect(submitted).toBe(true)
    const warnings = t.logger.lines.filter((l) => l.level === 'warning').map((l) => l.message)
    expect(warnings).toEqual([
      `Prod is waiting for a manual intervention. The deployment will not continue until someone responds in Octopus: ${fake.url}/app#/Spaces-1/tasks/ServerTasks-2`
    ])
    const text = t.logger.text()
    expect(text).toContain('Prod: "Manual intervention required: Deployment Sign Off" — Open the application and confirm it meets all the requirements.')
    expect(text).toContain('Prod: the interruption was answered; the deployment continues.')
    expect(text).toContain('Manual intervention submitted: Proceed (looks good)')
    expect(t.outputs.task_state).toBe('Success')
  })
})
