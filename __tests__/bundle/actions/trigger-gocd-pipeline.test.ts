/**
 * End to end: the committed bundle runs as the runner runs it (child process, INPUT_* variables, file commands)
 * against the GoCD fake in real time, under this Node and Node 24.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startGocdFake, type GocdFake } from '../../../sandbox/gocd/index.js'
import { nodeBinaries } from '../../helpers/node-versions.js'
import { startTestProxy } from '../../helpers/proxy.js'
import { runBundle as runFile, withoutMaskCommands } from '../../helpers/run-bundle.js'
import { runnerEnv } from '../../../tools/workflow-runner/runner-env.js'
import { bundlePath } from '../../helpers/repo.js'

const bundle = bundlePath('trigger-gocd-pipeline')


const runBundle = (node: string, env: Record<string, string>) => runFile(node, bundle, env)
const SECURE = 'bundle-secure-VALUE-93ab'
const visible = withoutMaskCommands

describe('trigger-gocd-pipeline bundle end to end', () => {
  let fake: GocdFake
  beforeAll(async () => {
    fake = await startGocdFake({ scheduleDelayMs: 300, defaultStagePlan: { outcome: 'pass', durationMs: 1500 } })
  })
  afterAll(() => fake.close())

  it.each(nodeBinaries().map((n) => [n.label, n.path] as const))('triggers, waits and writes outputs and summary under %s', async (_label, node) => {
    const runner = runnerEnv({ inputs: {
      server: fake.url,
      pipeline: 'deploy-service',
      wait_for: 'build',
      environment_variables: 'DEPLOY_ENV=production',
      secure_environment_variables: `API_TOKEN=${SECURE}`,
      timeout: '2m'
    } })
    runner.env.GOCD_TOKEN = fake.token
    const res = await runBundle(node, runner.env)
    expect(res.stderr).toBe('')
    expect(res.code).toBe(0)
    const outputs = runner.outputs()
    expect(outputs).toMatchObject({ result: 'Passed', url: `${fake.goUrl}/pipelines/value_stream_map/deploy-service/${outputs.counter}` })
    expect(JSON.parse(outputs.stages)[0]).toMatchObject({ name: 'build', result: 'Passed' })
    expect(runner.summary()).toContain(`GoCD deploy-service ${outputs.label}: Passed`)
    expect(res.stdout).toContain(`::add-mask::${fake.token}`)
    expect(res.stdout).toContain(`::add-mask::${SECURE}`)
    expect(res.stdout).toContain(`deploy-service/${outputs.counter}: stage build #1: Passed`)
    const shown = visible(res.stdout) + runner.summary() + JSON.stringify(outputs)
    expect(shown).not.toContain(fake.token)
    expect(shown).not.toContain(SECURE)
  })

  it('goes through the proxy of a self-hosted runner (HTTP_PROXY)', async () => {
    const proxy = await startTestProxy()
    try {
      const runner = runnerEnv({ inputs: { server: fake.goUrl, token: fake.token, pipeline: 'up42', wait: 'false' } })
      runner.env.HTTP_PROXY = proxy.url
      const res = await runBundle(process.execPath, runner.env)
      expect(res.stdout).not.toContain('::error::')
      expect(res.code).toBe(0)
      // undici tunnels through the proxy with CONNECT, plain HTTP included.
      expect(proxy.seen.length).toBeGreaterThan(0)
      expect(new Set(proxy.seen)).toEqual(new Set([`CONNECT 127.0.0.1:${fake.server.port}`]))
    } finally {
      await proxy.close()
    }
  })

  describe('a second forced run of the same pipeline by the same user next to ours', () => {
    const ledger = () => fake.server.ledger.of('pipeline-run').filter((e) => e.id.startsWith('race-pipeline/'))
    beforeAll(() => {
      fake.addPipeline({ name: 'race-pipeline', stages: [{ name: 'build', jobs: ['compile'] }, { name: 'deploy', jobs: ['ship'] }] })
    })

    it.each([
      // Created (its first stage done) just before GoCD accepted our trigger: a lower counter than ours.
      ['before'],
      // Created right after ours, before the action found ours: a higher counter.
      ['after']
    ] as const)('%s ours: the counter output and the wait are those of our own run', async (position) => {
      // The other run fails, ours passes: the result shows which run the action waited for.
      fake.setStagePlan('race-pipeline', 'build', { outcome: 'pass', durationMs: position === 'after' ? 0 : 1500 })
      fake.raceNextTrigger('race-pipeline', { position, plan: { outcome: 'fail', durationMs: 1500 } })
      const seen = ledger().length
      const runner = runnerEnv({ inputs: { server: fake.goUrl, token: fake.token, pipeline: 'race-pipeline', timeout: '2m' } })
      const res = await runBundle(process.execPath, runner.env)
      expect(res.stdout).not.toContain('::error::')
      expect(res.code).toBe(0)
      const runs = ledger().slice(seen)
      expect(runs.map((e) => (e.detail as { origin?: string }).origin ?? 'ours')).toEqual(position === 'before' ? ['race', 'ours'] : ['ours', 'race'])
      const counterOf = (origin: 'race' | undefined) => runs.find((e) => (e.detail as { origin?: string }).origin === origin)!.id.split('/')[1]
      const ours = counterOf(undefined)
      const outputs = runner.outputs()
      expect(outputs).toMatchObject({ counter: ours, result: 'Passed' })
      expect(res.stdout).toContain(`race-pipeline/${ours}: stage deploy #1: Passed`)
      const other = counterOf('race')
      expect(res.stdout).not.toContain(`race-pipeline/${other}: stage`)
      expect(runner.summary()).toContain(`GoCD race-pipeline ${ours}: Passed`)
    })
  })

  it('fails with a single error line for a paused pipeline', async () => {
    fake.pause('up42', 'release freeze')
    const runner = runnerEnv({ inputs: { server: `${fake.goUrl}/`, pipeline: 'up42', username: fake.username, password: fake.password } })
    const res = await runBundle(process.execPath, runner.env)
    fake.unpause('up42')
    expect(res.code).toBe(1)
    expect(res.stdout).toContain(
      `::error::trigger-gocd-pipeline failed: GoCD answered 409 to POST ${fake.goUrl}/api/pipelines/up42/schedule: Failed to trigger pipeline [up42] { Pipeline up42 is paused }%0Aup42 is paused in GoCD. Set unpause: true`
    )
    expect(visible(res.stdout)).not.toContain(fake.password)
    expect(runner.summary()).toContain('GoCD up42: not triggered')
  })
})
