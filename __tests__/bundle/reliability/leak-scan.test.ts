/**
 * Leak scan: every action's main scenario and a failure scenario through the BUILT bundle, with debug logging on
 * (RUNNER_DEBUG=1, the most output an action gives) and distinctive credentials. None may appear in the job log
 * (stdout without the `::add-mask::` lines, and stderr), the outputs, GITHUB_ENV or the job summary, in plain,
 * base64 or URL-encoded form. (The bad-input, chaos and crash suites scan their runs the same way.)
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runner as runnerFiles } from './helpers/runner.js'
import { createRelease } from '../../helpers/octopus-release.js'
import { hasBundle, runBundle, visibleLog, type ActionName } from './helpers/bundle-run.js'
import { startFakes, type Fakes } from './helpers/fakes.js'
import { scanRun } from './helpers/leaks.js'

const API_KEY = 'API-LEAKSCANOCTOPUS9F3K7V2Q'
const WRONG_KEY = 'API-LEAKSCANWRONGKEY4M8N1X'
const GOCD_PASSWORD = 'leak-scan-Pa55word!&=+/ünï'
const SECURE = 'leak-scan-secure-value:with/slash+plus='
const VALUE = 'leak-scan-rotated-VALUE-3c9e7a1f'

let fakes: Fakes
let dir: string
beforeAll(async () => {
  fakes = await startFakes({ octopusApiKey: API_KEY })
  fakes.gocd.addUser({ login: 'leakcheck', password: GOCD_PASSWORD, displayName: 'Leak Check', email: null, admin: true })
  await createRelease(fakes.octopus, 'Random Quotes', '1.0.0')
  dir = mkdtempSync(join(tmpdir(), 'leak-scan-'))
  writeFileSync(join(dir, 'app.txt'), 'leak scan artifact\n')
})
afterAll(async () => {
  await fakes.close()
  rmSync(dir, { recursive: true, force: true })
})

interface Scenario {
  name: string
  action: ActionName
  inputs: () => Record<string, string>
  secrets: () => string[]
  /** Exit code expected: the failure scenarios must fail (with the secret in the request). */
  code: 0 | 1
}

const octopus = () => ({ server: fakes.octopus.url, api_key: API_KEY })
const gocdBasic = () => ({ server: fakes.gocd.goUrl, username: 'leakcheck', password: GOCD_PASSWORD })
const github = () => ({ github_token: fakes.github.token, github_api_url: fakes.github.apiUrl, targets: `repo:${fakes.github.owner}/${fakes.github.repo}` })

const SCENARIOS: Scenario[] = [
  { name: 'create-release creates and deploys', action: 'create-release', inputs: () => ({ ...octopus(), project: 'Random Quotes', deploy_to: 'Dev' }), secrets: () => [API_KEY], code: 0 },
  { name: 'create-release with a wrong key', action: 'create-release', inputs: () => ({ ...octopus(), api_key: WRONG_KEY, project: 'Random Quotes' }), secrets: () => [WRONG_KEY, API_KEY], code: 1 },
  { name: 'deploy deploys and waits', action: 'deploy', inputs: () => ({ ...octopus(), project: 'Random Quotes', release_number: '1.0.0', environments: 'Dev' }), secrets: () => [API_KEY], code: 0 },
  { name: 'deploy with a wrong key', action: 'deploy', inputs: () => ({ ...octopus(), api_key: WRONG_KEY, project: 'Random Quotes', release_number: '1.0.0', environments: 'Dev' }), secrets: () => [WRONG_KEY, API_KEY], code: 1 },
  {
    name: 'trigger-gocd-pipeline with a secure variable',
    action: 'trigger-gocd-pipeline',
    inputs: () => ({ ...gocdBasic(), pipeline: 'deploy-service', wait_for: 'build', secure_environment_variables: `API_TOKEN=${SECURE}` }),
    secrets: () => [GOCD_PASSWORD, SECURE],
    code: 0
  },
  { name: 'trigger-gocd-pipeline with a wrong password', action: 'trigger-gocd-pipeline', inputs: () => ({ ...gocdBasic(), password: `${GOCD_PASSWORD}x`, pipeline: 'up42' }), secrets: () => [`${GOCD_PASSWORD}x`, GOCD_PASSWORD], code: 1 },
  {
    name: 'upload-artifact to Octopus',
    action: 'upload-artifact',
    inputs: () => ({ ...octopus(), destination: 'octopus', path: join(dir, 'app.txt'), package_id: 'Leak.Scan', package_version: '1.0.0' }),
    secrets: () => [API_KEY],
    code: 0
  },
  {
    name: 'upload-artifact to GoCD',
    action: 'upload-artifact',
    inputs: () => ({ ...gocdBasic(), destination: 'gocd', path: join(dir, 'app.txt'), pipeline: 'up42', pipeline_counter: '1', stage: 'up42_stage', job: 'up42_job' }),
    secrets: () => [GOCD_PASSWORD],
    code: 0
  },
  { name: 'rotate-secret with a given value', action: 'rotate-secret', inputs: () => ({ ...github(), source: 'value', value: VALUE, secret_name: 'LEAK_SCAN' }), secrets: () => [VALUE, fakes.github.token], code: 0 },
  {
    name: 'rotate-secret of an Octopus key',
    action: 'rotate-secret',
    inputs: () => ({ ...github(), ...octopus(), source: 'octopus_api_key', secret_name: 'LEAK_SCAN_KEY' }),
    secrets: () => [API_KEY, fakes.github.token, fakes.github.readSecret({ repo: `${fakes.github.owner}/${fakes.github.repo}` }, 'LEAK_SCAN_KEY') ?? ''],
    code: 0
  },
  { name: 'rotate-secret with a wrong GitHub token', action: 'rotate-secret', inputs: () => ({ ...github(), github_token: `${fakes.github.token}0`, source: 'value', value: VALUE, secret_name: 'LEAK_SCAN' }), secrets: () => [VALUE, `${fakes.github.token}0`], code: 1 }
]

describe('no credential leaks from any bundle, with debug logging on', () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', async (_n, s) => {
    if (!hasBundle(s.action)) throw new Error(`dist/${s.action}/index.js is missing`)
    const runner = runnerFiles(s.inputs())
    runner.env.RUNNER_DEBUG = '1'
    const res = await runBundle(s.action, runner.env, 60_000)
    expect(res.code === s.code ? s.code : `exit ${res.code}: ${visibleLog(res).slice(-800)}`).toBe(s.code)
    const secrets = s.secrets().filter(Boolean)
    expect(secrets.length).toBeGreaterThan(0)
    expect(scanRun(res, runner, secrets)).toEqual([])
  }, 60_000)
})
