import { afterEach, describe, expect, it } from '@jest/globals'
import type { GocdFake } from '../../../../sandbox/gocd/index.js'
import { infoLines, startFake, trigger } from './harness.js'

type Lines = { logger: { lines: { level: string; message: string }[] } }
const linesOf = (t: Lines, level: string) => t.logger.lines.filter((l) => l.level === level).map((l) => l.message)
const HINT = 'next stage needing approval'

/** The pipeline config (v11) says which stages are manual before the run gets there; without it, the action goes on as before. */
describe('trigger-gocd-pipeline: the next manual stage from the pipeline config', () => {
  let fake: GocdFake
  afterEach(() => fake.close())

  it('announces the manual stage before the run reaches it, ends the wait there without a grace period, and shows it in the summary and outputs', async () => {
    fake = await startFake()
    fake.setGroupPermissions('deployments', { operate: ['demo'], admins: ['demo'] })
    // A grace period longer than the whole run: only the config can end the wait at the manual stage this early.
    const { t, code, sleeps } = await trigger(fake, { pipeline: 'deploy-service' }, { approvalGraceMs: 600_000 })
    expect(t.failures).toEqual([])
    expect(code).toBe(0)
    expect(t.outputs.result).toBe('AwaitingApproval')
    const runUrl = `${fake.goUrl}/pipelines/value_stream_map/deploy-service/1`
    const lines = infoLines(t)
    const hint = lines.findIndex((l) => l.includes(HINT))
    expect(lines[hint]).toBe(
      `deploy-service/1: ${HINT}: production is a manual stage (pipeline config); the run stops there once integration passes, the wait ends there (result AwaitingApproval). Approve it at ${runUrl}`
    )
    expect(lines.filter((l) => l.includes(HINT))).toHaveLength(1)
    // Announced at the first look at the run, before its first stage had even passed.
    expect(hint).toBeLessThan(lines.indexOf('deploy-service/1: stage build #1: Passed'))
    expect(sleeps.reduce((a, b) => a + b, 0)).toBeLessThan(60_000)
    expect(JSON.parse(t.outputs.stages).map((s: { name: string; approval_type: string | null }) => [s.name, s.approval_type])).toEqual([
      ['build', 'success'],
      ['integration', 'success'],
      ['production', 'manual']
    ])
    const summary = t.summary.text()
    expect(summary).toContain(`Next approval: stage <code>production</code> needs manual approval in GoCD: <a href="${runUrl}">approve it</a>`)
    expect(summary).toContain('Not run (manual)')
    // One config read, with GoCD's v11 Accept header.
    const reads = fake.server.log.entries.filter((e) => e.path === '/go/api/admin/pipelines/deploy-service')
    expect(reads.map((e) => [e.status, e.headers.accept])).toEqual([[200, 'application/vnd.go.cd.v11+json']])
  })

  it('says where the run will stop when the step waits only for earlier stages, and with wait: false', async () => {
    fake = await startFake()
    fake.setGroupPermissions('deployments', { operate: ['demo'], admins: ['demo'] })
    const earlier = await trigger(fake, { pipeline: 'deploy-service', wait_for: 'build' })
    expect(earlier.t.outputs.result).toBe('Passed')
    expect(infoLines(earlier.t).find((l) => l.includes(HINT))).toContain('once integration passes, after the stages this step waits for.')
    fake.clock.advance(60_000)
    const noWait = await trigger(fake, { pipeline: 'deploy-service', wait: 'false' })
    expect(noWait.t.outputs.result).toBe('Unknown')
    expect(noWait.t.summary.text()).toContain('Next approval: stage <code>production</code>')
    expect(JSON.parse(noWait.t.outputs.stages)[2].approval_type).toBe('manual')
  })

  it('goes on without the hint, saying why only in the debug log, when the user may not read the config (403)', async () => {
    fake = await startFake()
    const { t, code } = await trigger(fake, { pipeline: 'deploy-service' }, { approvalGraceMs: 3000 })
    expect(code).toBe(0)
    expect(t.outputs.result).toBe('AwaitingApproval')
    expect([...infoLines(t), ...linesOf(t, 'warning')].filter((l) => l.includes(HINT) || l.includes('pipeline config'))).toEqual([])
    expect(linesOf(t, 'debug').find((l) => l.startsWith('cannot read the pipeline config of deploy-service'))).toContain(
      'GoCD answered 403 to GET'
    )
    expect(JSON.parse(t.outputs.stages)[2].approval_type).toBeNull()
    expect(t.summary.text()).not.toContain('Next approval')
  })

  it.each([
    ['an older server without the v11 API', { status: 404, headers: { 'Content-Type': 'text/plain' }, body: 'The url you are trying to reach appears to be incorrect.' }],
    ['a server or proxy that does not implement it', { status: 501, body: { message: 'Not Implemented' } }]
  ])('goes on without the hint for %s', async (_what, fault) => {
    fake = await startFake()
    fake.setGroupPermissions('deployments', { operate: ['demo'], admins: ['demo'] })
    fake.server.faults.next('GET', '/go/api/admin/pipelines/deploy-service', { kind: 'status', ...fault }, 5)
    const { t, code } = await trigger(fake, { pipeline: 'deploy-service' }, { approvalGraceMs: 3000 })
    expect(code).toBe(0)
    expect(t.outputs.result).toBe('AwaitingApproval')
    expect(infoLines(t).filter((l) => l.includes(HINT))).toEqual([])
    expect(linesOf(t, 'warning')).toHaveLength(1)
    expect(linesOf(t, 'debug').find((l) => l.startsWith('cannot read the pipeline config'))).toContain(`GoCD answered ${fault.status}`)
  })
})
