import { afterEach, describe, expect, it } from '@jest/globals'
import type { GocdFake } from '../../../../sandbox/gocd/index.js'
import { leakForms } from '../../../helpers/test-context.js'
import { startFake, trigger } from './harness.js'

const SECURE = 'Zq9-secure-var-VALUE-4411'

describe('trigger-gocd-pipeline: authentication and secrets', () => {
  let fake: GocdFake
  afterEach(() => fake.close())

  it.each([
    ['token', true, 'demo'],
    ['basic', true, 'demo'],
    ['none', false, 'anonymous']
  ] as const)('authenticates with %s (security %s) and recognises the run by approver %s', async (auth, securityEnabled, approver) => {
    fake = await startFake({ securityEnabled, scheduleDelayMs: 0 })
    const { t, code } = await trigger(fake, { pipeline: 'up42', wait: 'false' }, { auth })
    expect(t.failures).toEqual([])
    expect(code).toBe(0)
    expect(fake.state.run('up42', 3)?.approver).toBe(approver)
    expect(t.outputs.counter).toBe('3')
  })

  it('reads the credentials from GOCD_URL / GOCD_USERNAME / GOCD_PASSWORD', async () => {
    fake = await startFake({ scheduleDelayMs: 0 })
    const { t, code } = await trigger(fake, { server: '', pipeline: 'up42', wait: 'false' }, {
      auth: 'none',
      env: { GOCD_URL: fake.url, GOCD_USERNAME: fake.username, GOCD_PASSWORD: fake.password }
    })
    expect(t.failures).toEqual([])
    expect(code).toBe(0)
    expect(t.masked).toContain(fake.password)
    expect(t.masked).toContain(Buffer.from(`${fake.username}:${fake.password}`).toString('base64'))
  })

  it('explains missing credentials when GoCD security is on', async () => {
    fake = await startFake()
    const { t, code } = await trigger(fake, { pipeline: 'up42' }, { auth: 'none' })
    expect(code).toBe(1)
    expect(t.failures[0]).toBe(
      `trigger-gocd-pipeline failed: GoCD answered 401 to GET ${fake.goUrl}/api/current_user: You are not authenticated!\nThis GoCD server requires authentication: set the token input (or GOCD_TOKEN) to a personal access token, or username and password (GOCD_USERNAME, GOCD_PASSWORD).`
    )
    expect(t.summary.text()).toContain('GoCD up42: not triggered')
    expect(t.summary.text()).toContain('You are not authenticated!')
  })

  it('passes a 403 on verbatim with the permission it needs', async () => {
    fake = await startFake()
    fake.addCompletedRuns('audited-release', 1)
    const { t, code } = await trigger(fake, { pipeline: 'audited-release' })
    expect(code).toBe(1)
    expect(t.failures[0]).toContain('You are not authorized to perform this action.')
    expect(t.failures[0]).toContain('demo needs operate permission on the pipeline group of audited-release')
  })

  it('passes a 404 for an unknown pipeline on verbatim with a hint', async () => {
    fake = await startFake()
    const { t, code } = await trigger(fake, { pipeline: 'no-such-pipeline' })
    expect(code).toBe(1)
    expect(t.failures[0]).toContain("Pipeline with name 'no-such-pipeline' was not found!")
    expect(t.failures[0]).toContain('Check the pipeline input (no-such-pipeline)')
  })

  it.each(['token', 'basic'] as const)('never shows a credential or secure value (%s), whatever the outcome', async (auth) => {
    fake = await startFake()
    fake.setStagePlan('deploy-service', 'build', { outcome: 'fail', durationMs: 2000 })
    const { t, code } = await trigger(
      fake,
      { pipeline: 'deploy-service', secure_environment_variables: `API_TOKEN=${SECURE}`, environment_variables: `RELEASE_NOTES=token is ${SECURE}` },
      { auth }
    )
    expect(code).toBe(1)
    const visible = t.visibleText()
    const secrets = auth === 'token' ? [fake.token, SECURE] : [fake.password, Buffer.from(`${fake.username}:${fake.password}`).toString('base64'), SECURE]
    for (const secret of secrets) for (const form of leakForms(secret)) expect(visible).not.toContain(form)
    expect(visible).toContain('RELEASE_NOTES=token is ***')
  })
})
