import { afterEach, describe, expect, it } from '@jest/globals'
import { ApiError } from '../../../src/core/errors.js'
import { MemoryLogger } from '../../helpers/memory-logger.js'
import { SecretRegistry } from '../../../src/core/secrets.js'
import { acceptHeader, GocdClient } from '../../../src/gocd/client.js'
import { getHealthMessages } from '../../../src/gocd/health.js'
import { getHistoryPage, newestCounter, runsAfter } from '../../../src/gocd/history.js'
import { getPipelineInstance } from '../../../src/gocd/instance.js'
import { commentOnInstance, getPipelineStatus, getTriggerOptions, schedulePipeline, unpausePipeline } from '../../../src/gocd/pipelines.js'
import { cancelStage, getStageInstance } from '../../../src/gocd/stages.js'
import { getCurrentUser } from '../../../src/gocd/users.js'
import { Router, startFakeServer, type FakeServer } from '../../../sandbox/common/index.js'
import { startGocdFake, type GocdFake } from '../../../sandbox/gocd/index.js'
import { rejectionOf } from '../../helpers/rejection.js'
import { gocdClient } from './helpers.js'

const noUpdate = { environmentVariables: [], materials: [], updateMaterials: true }

describe('GoCD client core against the GoCD fake', () => {
  let fake: GocdFake
  afterEach(() => fake.close())

  it('sends the exact versioned Accept header of each route and passes the fake gate', async () => {
    fake = await startGocdFake({ speed: 0, scheduleDelayMs: 0 })
    const { client } = gocdClient(fake)
    expect((await getCurrentUser(client)).login_name).toBe('demo')
    expect(await newestCounter(client, 'up42')).toBe(2)
    expect((await getPipelineInstance(client, 'up42', 1)).counter).toBe(1)
    expect((await getTriggerOptions(client, 'up42')).materials).toHaveLength(1)
    expect(await getPipelineStatus(client, 'up42')).toMatchObject({ paused: false, schedulable: true })
    expect(await getHealthMessages(client)).toEqual([])
    expect(await getStageInstance(client, { pipeline: 'up42', pipelineCounter: 1, stage: 'up42_stage', stageCounter: 1 })).toMatchObject({ counter: 1 })
    const accepts = Object.fromEntries(fake.server.log.entries.map((e) => [e.path, e.headers.accept]))
    expect(accepts).toEqual({
      '/go/api/current_user': 'application/vnd.go.cd.v1+json',
      '/go/api/pipelines/up42/history': 'application/vnd.go.cd.v1+json',
      '/go/api/pipelines/up42/1': 'application/vnd.go.cd.v1+json',
      '/go/api/pipelines/up42/trigger_options': 'application/vnd.go.cd.v1+json',
      '/go/api/pipelines/up42/status': 'application/vnd.go.cd.v1+json',
      '/go/api/server_health_messages': 'application/vnd.go.cd.v1+json',
      '/go/api/stages/up42/1/up42_stage/1': 'application/vnd.go.cd.v3+json'
    })
  })

  it('sends JSON with Content-Type and body-less writes with X-GoCD-Confirm', async () => {
    fake = await startGocdFake({ speed: 0, scheduleDelayMs: 0, defaultStagePlan: { outcome: 'pass', durationMs: 10_000 } })
    const { client } = gocdClient(fake)
    const res = await schedulePipeline(client, 'up42', noUpdate)
    // With the server's Date: the whole second in which GoCD accepted the trigger, on its clock.
    expect(res).toEqual({ accepted: { message: 'Request to schedule pipeline up42 accepted' }, acceptedAt: Math.floor(fake.clock.now() / 1000) * 1000 })
    fake.pause('deploy-service')
    expect(await unpausePipeline(client, 'deploy-service')).toEqual({ message: "Pipeline 'deploy-service' unpaused successfully." })
    fake.sync()
    expect(await commentOnInstance(client, 'up42', 3, 'from CI')).toEqual({ message: 'Comment successfully updated.' })
    expect(await cancelStage(client, { pipeline: 'up42', pipelineCounter: 3, stage: 'up42_stage', stageCounter: 1 })).toEqual({
      message: 'Stage cancelled successfully.'
    })
    const posts = fake.server.log.entries.filter((e) => e.method === 'POST')
    expect(posts.map((e) => [e.path, e.headers['content-type'], e.headers['x-gocd-confirm'], e.body])).toEqual([
      ['/go/api/pipelines/up42/schedule', 'application/json', undefined, { update_materials_before_scheduling: true }],
      ['/go/api/pipelines/deploy-service/unpause', undefined, 'true', undefined],
      ['/go/api/pipelines/up42/3/comment', 'application/json', undefined, { comment: 'from CI' }],
      ['/go/api/stages/up42/3/up42_stage/1/cancel', undefined, 'true', undefined]
    ])
    expect(posts.map((e) => e.headers.accept)).toEqual([
      'application/vnd.go.cd.v1+json',
      'application/vnd.go.cd.v1+json',
      'application/vnd.go.cd.v1+json',
      'application/vnd.go.cd.v3+json'
    ])
  })

  it('always states update_materials_before_scheduling, also when false', async () => {
    fake = await startGocdFake({ speed: 0, scheduleDelayMs: 0 })
    const { client } = gocdClient(fake)
    await schedulePipeline(client, 'up42', { ...noUpdate, updateMaterials: false })
    expect(fake.server.log.filter('POST', /schedule$/)[0].body).toEqual({ update_materials_before_scheduling: false })
  })

  it.each(['token', 'basic'] as const)('authenticates with %s and schedules as the demo user', async (mode) => {
    fake = await startGocdFake({ speed: 0, scheduleDelayMs: 0 })
    const { client, secrets } = gocdClient(fake, mode)
    expect((await getCurrentUser(client)).login_name).toBe('demo')
    await schedulePipeline(client, 'up42', noUpdate)
    expect((await getPipelineInstance(client, 'up42', 3)).build_cause).toMatchObject({ approver: 'demo', trigger_forced: true, trigger_message: 'Forced by Demo User' })
    if (mode === 'basic') expect(secrets.has(Buffer.from(`${fake.username}:${fake.password}`).toString('base64'))).toBe(true)
    else expect(secrets.has(fake.token)).toBe(true)
  })

  it('works without credentials when security is disabled, and explains the not-required 401', async () => {
    fake = await startGocdFake({ speed: 0, scheduleDelayMs: 0, securityEnabled: false })
    const anonymous = gocdClient(fake, 'none').client
    expect((await getCurrentUser(anonymous)).login_name).toBe('anonymous')
    const err = await rejectionOf<ApiError>(getCurrentUser(gocdClient(fake, 'token').client))
    expect(err.status).toBe(401)
    expect(err.message).toContain('Bearer authentication credentials are not required, since security has been disabled on this server.')
    expect(err.message).toContain('remove the token / username and password inputs')
  })

  it('passes 401 messages on verbatim with a hint for each way of authenticating', async () => {
    fake = await startGocdFake({ speed: 0, scheduleDelayMs: 0 })
    const none = await rejectionOf<ApiError>(getCurrentUser(gocdClient(fake, 'none').client))
    expect(none.message).toMatch(/answered 401 to GET .*\/go\/api\/current_user: You are not authenticated!\nThis GoCD server requires authentication/)
    const secrets = new SecretRegistry()
    const wrongClient = new GocdClient({ connection: { server: fake.goUrl, auth: { kind: 'basic', username: 'demo', password: 'wrong-password-1' }, tls: {} }, logger: new MemoryLogger(), secrets })
    const bad = await rejectionOf<ApiError>(getCurrentUser(wrongClient))
    expect(bad.serverMessage).toMatch(/^Invalid credentials\. Either your username and password are incorrect/)
    expect(bad.message).toContain('Check the username and password inputs')
    const badToken = new GocdClient({ connection: { server: fake.goUrl, auth: { kind: 'token', token: 'f'.repeat(40) }, tls: {} }, logger: new MemoryLogger(), secrets })
    const tokenErr = await rejectionOf<ApiError>(getCurrentUser(badToken))
    expect(tokenErr.serverMessage).toBe('Invalid Personal Access Token.')
    expect(tokenErr.message).toContain('Check the token input (GOCD_TOKEN)')
    expect(tokenErr.message).not.toContain('f'.repeat(40))
  })

  it('explains that access-token APIs refuse bearer authentication', async () => {
    fake = await startGocdFake({ speed: 0, scheduleDelayMs: 0 })
    const err = await rejectionOf<ApiError>(gocdClient(fake, 'token').client.get('/api/current_user/access_tokens', 1))
    expect(err.status).toBe(403)
    expect(err.message).toContain('Unsupported operation: Accessing this API using access token is forbidden.\nGoCD does not accept access tokens for this API: use username and password')
  })

  it('explains a 404 for an unknown API route as a server URL problem', async () => {
    fake = await startGocdFake({ speed: 0, scheduleDelayMs: 0 })
    const { client } = gocdClient(fake)
    const err = await rejectionOf<ApiError>(client.get('/api/pipelines/up42/history/0/extra', 1))
    expect(err.status).toBe(404)
    expect(err.serverMessage).toBe('The url you are trying to reach appears to be incorrect.')
    expect(err.message).toContain('check that the server input')
  })

  it('refuses an /api route without a version, and versions outside 1..11', async () => {
    fake = await startGocdFake({ speed: 0, scheduleDelayMs: 0 })
    const { client } = gocdClient(fake)
    await expect(client.request({ path: '/api/version', version: null })).rejects.toThrow('needs an API version')
    expect(() => acceptHeader(12)).toThrow('1..11')
    expect(fake.server.log.entries).toHaveLength(0)
  })

  it('pages through history by following the next links', async () => {
    fake = await startGocdFake({ speed: 0, scheduleDelayMs: 0, seedRuns: 25 })
    const { client } = gocdClient(fake)
    const first = await getHistoryPage(client, 'up42')
    expect(first.pipelines.map((p) => p.counter)).toEqual([25, 24, 23, 22, 21, 20, 19, 18, 17, 16])
    const after = await runsAfter(client, 'up42', 12)
    expect(after.map((p) => p.counter)).toEqual([25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13])
    expect(fake.server.log.filter('GET', /history$/)).toHaveLength(3)
  })
})

describe('GoCD client core: response headers', () => {
  let server: FakeServer
  afterEach(() => server.close())

  it('logs GoCD deprecation headers once as a warning', async () => {
    const router = new Router().get('/go/api/version', () => ({
      status: 200,
      headers: { 'X-GoCD-API-Deprecated-In': '26.1.0', 'X-GoCD-API-Removal-In': '27.1.0', Link: '<https://x/go/api/version>; Accept="application/vnd.go.cd.v2+json"; rel="successor-version"' },
      body: { version: '26.1.0' }
    }))
    server = await startFakeServer({ router })
    const logger = new MemoryLogger()
    const client = new GocdClient({ connection: { server: `${server.url}/go`, auth: { kind: 'none' }, tls: {} }, logger, secrets: new SecretRegistry() })
    await client.get('/api/version', 1)
    await client.get('/api/version', 1)
    const warnings = logger.lines.filter((l) => l.level === 'warning').map((l) => l.message)
    expect(warnings).toEqual([
      'GoCD marks GET /api/version as deprecated: 26.1.0; 27.1.0 (successor: <https://x/go/api/version>; Accept="application/vnd.go.cd.v2+json"; rel="successor-version")'
    ])
  })
})
