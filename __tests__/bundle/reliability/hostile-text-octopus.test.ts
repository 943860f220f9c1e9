/**
 * Server text cannot steer the runner (issue 15, finding 2): the Octopus actions' bundles against the Octopus fake
 * behind the hostile proxy, which appends runner commands to every string it serves (names, messages, the root
 * document's `Application`, task logs), and with hostile names seeded into the fake itself (step names reach the
 * task log, a user name `##[stop-commands]…` reaches rotate-secret's log). Each run's output is read the way the
 * runner reads it: only the action's own commands, its masks first, nothing secret visible, no markup in the summary.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startHostileProxy, type HostileProxy } from '../../../sandbox/hostile/index.js'
import { startGithubFake, type GithubFake } from '../../../sandbox/github/index.js'
import { SEED, startOctopusFake, type OctopusFake } from '../../../sandbox/octopus/index.js'
import { LONG_LINE, MARKER, SERVER_PAYLOAD, hostile } from '../../helpers/hostile-text.js'
import { commandsOf, expectOnlyOwnCommands, runHostile } from './helpers/hostile-runs.js'

/** A hostile project name short enough for an input (names are bounded to 200 characters). */
const PROJECT = `Quotes\n::add-mask::${MARKER}-p ##[stop-commands]${MARKER}x\r::error::${MARKER}-p`

let octo: OctopusFake
let proxy: HostileProxy
beforeAll(async () => {
  octo = await startOctopusFake({ clockSpeed: 20, taskProfile: { queueMs: 200, durationMs: 1000 } })
  proxy = await startHostileProxy({ upstream: octo.url })
  octo.addProject({ name: PROJECT, lifecycle: SEED.lifecycle, steps: [{ name: hostile('Deploy') }, { name: `\n::add-mask::${MARKER}-step` }] })
}, 60_000)
afterAll(async () => {
  await proxy.close()
  await octo.close()
})

/** Task fields the action follows the task by. */
const TASK_FIELDS = /^(Id|.*Id|Links|State|.*Time|OccurredAt|Category|IsCompleted|HasPendingInterruptions|.*Percentage)$/

const connection = () => ({ server: proxy.url, api_key: octo.apiKey })

describe('Octopus server text on the runner log', () => {
  it('deploy: every string the server sends carries commands; the run fails on the renamed project with a readable message', async () => {
    proxy.use({ kind: 'inject', payload: SERVER_PAYLOAD })
    const run = await runHostile('deploy', { ...connection(), project: SEED.project, release_number: 'latest', environments: 'Dev' })
    expect(run.code).toBe(1)
    expectOnlyOwnCommands(run, { known: [octo.apiKey] })
    const failure = commandsOf(run).find((c) => c.command === 'error')!
    expect(failure.data).toMatch(/^deploy failed: /)
    expect(failure.data).toContain(SEED.project)
  }, 120_000)

  it('create-release with deploy_to: hostile project, step names and task logs; the task log is quoted between fresh stop-commands tokens', async () => {
    // Every text field of the task answers; what the action must read to follow the task (state, times, ids) is left.
    proxy.use({ kind: 'inject', payload: SERVER_PAYLOAD, match: { path: /\/tasks\b/i }, skipKeys: TASK_FIELDS })
    const run = await runHostile('create-release', { ...connection(), project: PROJECT, release_number: '1.0.0', deploy_to: 'Dev' })
    expect(commandsOf(run).filter((c) => c.command === 'error')).toEqual([])
    expect(run.code).toBe(0)
    expectOnlyOwnCommands(run, { known: [octo.apiKey] })
    expect(run.output).toContain(`Quotes`)
    const stops = commandsOf(run).filter((c) => c.command === 'stop-commands')
    expect(stops.length).toBeGreaterThan(0)
    expect(new Set(stops.map((s) => s.data)).size).toBe(stops.length)
    expect(run.runner.outputs().task_state).toBe('Success')
    expect(run.runner.summary()).toContain('Octopus release 1.0.0 of Quotes')
  }, 120_000)

  it("create-release with deploy_to: the harness's own injection payload, and a task log line longer than the log keeps", async () => {
    proxy.use(
      { kind: 'inject', match: { path: /\/tasks\b/i }, skipKeys: TASK_FIELDS },
      { kind: 'inject', payload: LONG_LINE, match: { path: /\/tasks\b/i }, keys: /^MessageText$/ }
    )
    const run = await runHostile('create-release', { ...connection(), project: PROJECT, release_number: '1.0.1', deploy_to: 'Dev' })
    expect(run.code).toBe(0)
    expectOnlyOwnCommands(run, { known: [octo.apiKey] }, 'hostile')
    expect(run.output).toContain('(cut: a log line is limited to 65536 characters)')
    expect(run.output).toContain('hostile group')
    expect(Math.max(...run.output.split('\n').map((l) => l.length))).toBeLessThan(66_000)
  }, 120_000)
})

describe('rotate-secret and an Octopus user named ##[stop-commands]', () => {
  let github: GithubFake
  beforeAll(async () => {
    github = await startGithubFake()
  })
  afterAll(() => github.close())

  it('the new key is masked the moment it exists and the runner processes that mask: the stop-commands name is inert', async () => {
    proxy.reset()
    const admin = octo.store.users.find((u) => u.Username === 'admin')!
    admin.Username = `##[stop-commands]${MARKER}x`
    admin.DisplayName = `\n::stop-commands::${MARKER}y`
    try {
      const run = await runHostile(
        'rotate-secret',
        { source: 'octopus_api_key', secret_name: 'OCTOPUS_API_KEY', github_token: github.token },
        { GITHUB_API_URL: github.apiUrl, GITHUB_REPOSITORY: 'octo-org/deploy-app', OCTOPUS_URL: proxy.url, OCTOPUS_API_KEY: octo.apiKey }
      )
      expect(commandsOf(run).filter((c) => c.command === 'error')).toEqual([])
      expect(run.code).toBe(0)
      const stored = github.readSecret({}, 'OCTOPUS_API_KEY')!
      expect(stored).toMatch(/^API-/)
      expectOnlyOwnCommands(run, { known: [octo.apiKey, github.token], created: [stored] })
      expect(run.output).toContain(`Octopus user: ##\\[stop-commands]${MARKER}x`)
    } finally {
      admin.Username = 'admin'
    }
  }, 120_000)
})
