import { afterEach, describe, expect, it } from '@jest/globals'
import type { GocdFake } from '../../../../sandbox/gocd/index.js'
import { infoLines, startFake, trigger } from './harness.js'

const SECURE = 'Sup3r-S3cret-Value-7d1f'

describe('trigger-gocd-pipeline: variables and materials', () => {
  let fake: GocdFake
  afterEach(() => fake.close())

  it('sends plain and secure variables (pipeline and stage scope) and keeps the secure value out of sight', async () => {
    fake = await startFake()
    const { t, code } = await trigger(fake, {
      pipeline: 'deploy-service',
      wait_for: 'integration',
      environment_variables: 'DEPLOY_ENV=production\nTEST_SUITE=full',
      secure_environment_variables: `API_TOKEN=${SECURE}`
    })
    expect(t.failures).toEqual([])
    expect(code).toBe(0)
    expect(fake.state.run('deploy-service', 1)?.environmentVariables).toEqual([
      { name: 'DEPLOY_ENV', value: 'production', secure: false },
      { name: 'TEST_SUITE', value: 'full', secure: false },
      { name: 'API_TOKEN', value: SECURE, secure: true }
    ])
    expect(fake.server.log.filter('POST', /schedule$/)[0].body).toEqual({
      update_materials_before_scheduling: true,
      environment_variables: [
        { name: 'DEPLOY_ENV', value: 'production', secure: false },
        { name: 'TEST_SUITE', value: 'full', secure: false },
        { name: 'API_TOKEN', value: SECURE, secure: true }
      ]
    })
    expect(t.masked).toContain(SECURE)
    expect(infoLines(t)).toContain('variables: DEPLOY_ENV=production, TEST_SUITE=full, API_TOKEN (secure)')
    expect(t.summary.text()).toContain('<code>API_TOKEN</code> (secure)')
    expect(t.visibleText()).not.toContain(SECURE)
    expect(t.outputs.result).toBe('Passed')
  })

  it('masks a secure pipeline variable passed as a plain one, and warns', async () => {
    fake = await startFake({ scheduleDelayMs: 0 })
    const { t, code } = await trigger(fake, { pipeline: 'deploy-service', wait: 'false', environment_variables: `API_TOKEN=${SECURE}` })
    expect(code).toBe(0)
    expect(t.logger.lines.filter((l) => l.level === 'warning').map((l) => l.message)).toEqual([
      'API_TOKEN is a secure variable of deploy-service: pass it in secure_environment_variables so that GoCD keeps it secure; its value is masked here'
    ])
    expect(t.visibleText()).not.toContain(SECURE)
  })

  it('passes the 422 for an undeclared variable on verbatim, listing the variables the pipeline accepts', async () => {
    fake = await startFake()
    const { t, code } = await trigger(fake, { pipeline: 'deploy-service', environment_variables: 'DEPLOY_ENVIRONMENT=prod' })
    expect(code).toBe(1)
    expect(t.failures[0]).toContain(
      "GoCD answered 422 to POST " + `${fake.goUrl}/api/pipelines/deploy-service/schedule: Request to schedule pipeline rejected { Variable 'DEPLOY_ENVIRONMENT' has not been configured for pipeline 'deploy-service' }`
    )
    expect(t.failures[0]).toContain('Pipeline variables GoCD lists for it: DEPLOY_ENV, RELEASE_NOTES, API_TOKEN (secure).')
    expect(fake.server.ledger.count('pipeline-run')).toBe(0)
    expect(t.summary.text()).toContain('GoCD deploy-service: not triggered')
  })

  it('pins material revisions by URL and by upstream pipeline name, and recognises the run by them', async () => {
    fake = await startFake()
    const { t, code } = await trigger(fake, {
      pipeline: 'deploy-service',
      wait_for: 'first_stage',
      update_materials: 'false',
      materials: 'https://github.com/example/deploy-service=a1b2c3d4e5f60718293a4b5c6d7e8f9012345678\nup42=up42/1/up42_stage/1'
    })
    expect(t.failures).toEqual([])
    expect(code).toBe(0)
    const run = fake.state.run('deploy-service', 1)!
    const config = fake.state.pipeline('deploy-service')!
    expect(run.materialRevisions.map((m) => m.revision)).toEqual(['a1b2c3d4e5f60718293a4b5c6d7e8f9012345678', 'up42/1/up42_stage/1'])
    expect(fake.server.log.filter('POST', /schedule$/)[0].body).toEqual({
      update_materials_before_scheduling: false,
      materials: [
        { fingerprint: config.materials[0].fingerprint, revision: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678' },
        { fingerprint: config.materials[1].fingerprint, revision: 'up42/1/up42_stage/1' }
      ]
    })
    expect(t.outputs.result).toBe('Passed')
    expect(t.summary.text()).toContain('https://github.com/example/deploy-service.git @ <code>a1b2c3d4e5f60718293a4b5c6d7e8f9012345678</code>')
  })

  it('names the materials when a pinned one is not part of the pipeline, before scheduling', async () => {
    fake = await startFake()
    const { t, code } = await trigger(fake, { pipeline: 'up42', materials: 'https://github.com/example/other=abc1234' })
    expect(code).toBe(1)
    expect(t.failures[0]).toMatch(/input 'materials' could not be resolved: 'https:\/\/github.com\/example\/other' is not a material of pipeline up42.\nMaterials of up42 \(from GoCD's trigger options\): https:\/\/github.com\/gocd\/gocd \(Git, fingerprint /)
    expect(fake.server.log.filter('POST', /schedule$/)).toHaveLength(0)
  })

  it('finds its own run when an automatic run appears first', async () => {
    fake = await startFake({ scheduleDelayMs: 3000 })
    let added = false
    const { t, code } = await trigger(fake, { pipeline: 'up42', wait: 'false' }, {
      onSleep: () => {
        if (!added && fake.state.pending.size) {
          added = true
          fake.addCompletedRuns('up42', 1)
        }
      }
    })
    expect(code).toBe(0)
    expect(t.outputs).toMatchObject({ counter: '4', result: 'Unknown' })
    expect(infoLines(t)).toContain('run up42/3 appeared but is not ours: it was triggered by a material change (modified by Jane Doe <jane@example.com>)')
  })
})
