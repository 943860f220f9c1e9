/**
 * The built bundle (dist/create-release/index.js) run as the runner runs it: a child process with INPUT_* variables
 * and the GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, under Node 20 and Node 24, against the Octopus fake. Covers the
 * tutorial's snippet unchanged (create, deploy to Dev, wait) and proves the API key is masked and never printed.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { sandboxTls } from '../../../sandbox/common/tls.js'
import { SEED, startOctopusFake, type OctopusFake } from '../../../sandbox/octopus/index.js'
import { nodeBinaries } from '../../helpers/node-versions.js'
import { startTestProxy } from '../../helpers/proxy.js'
import { runnerEnv } from '../../../tools/workflow-runner/runner-env.js'
import { runBundle } from '../../helpers/run-bundle.js'
import { bundlePath, fixturePath, REPO_ROOT } from '../../helpers/repo.js'

const bundle = bundlePath('create-release')
const nodes = nodeBinaries()

let fake: OctopusFake
beforeAll(async () => {
  // Tasks take 1.5 s of fake time, which runs 10x faster than real time.
  fake = await startOctopusFake({ clockSpeed: 10, taskProfile: { queueMs: 500, durationMs: 1000 } })
}, 60_000)
afterAll(() => fake.close())

/** The tutorial step's `with:` block, its `${{ }}` expressions replaced by what the runner would pass. */
function tutorialStep(values: Record<string, string>): Record<string, string> {
  const [step] = parse(readFileSync(fixturePath('create-release', 'tutorial-step.yml'), 'utf8')) as { with: Record<string, string> }[]
  return Object.fromEntries(
    Object.entries(step.with).map(([k, v]) => [
      k,
      String(v).replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_m, expr: string) => {
        if (!(expr in values)) throw new Error(`no value for \${{ ${expr} }}`)
        return values[expr]
      })
    ])
  )
}

/** What a user sees in the job log: everything but the mask commands. */
function visible(stdout: string, stderr: string): string {
  return (stdout + stderr)
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n')
}

describe('the create-release bundle end to end', () => {
  it('declares every input the tutorial step uses', () => {
    const meta = parse(readFileSync(join(REPO_ROOT, 'actions/create-release/action.yml'), 'utf8')) as { inputs: Record<string, unknown> }
    const used = Object.keys(tutorialStep({ 'secrets.OCTOPUS_API_TOKEN': 'k', 'secrets.OCTOPUS_SERVER_URL': 's', 'steps.determine_version.outputs.semVer': 'v' }))
    expect(used.filter((k) => !(k in meta.inputs))).toEqual([])
  })

  it.each(nodes.map((n) => [n.label, n.path] as const))('runs the tutorial snippet under %s', async (_label, node) => {
    const runner = runnerEnv({ inputs: tutorialStep({ 'secrets.OCTOPUS_API_TOKEN': fake.apiKey, 'secrets.OCTOPUS_SERVER_URL': fake.url, 'steps.determine_version.outputs.semVer': '1.0.1' }) })
    const res = await runBundle(node, bundle, runner.env)
    expect(res.stderr).toBe('')
    expect(res.code).toBe(0)
    const outputs = runner.outputs()
    expect(outputs.release_number).toMatch(/^\d+\.\d+\.\d+/)
    expect(outputs.release_id).toMatch(/^Releases-\d+$/)
    expect(outputs.release_url).toBe(`${fake.url}/app#/${fake.spaceId}/projects/random-quotes/deployments/releases/${outputs.release_number}`)
    expect(outputs.channel).toBe('Default')
    expect(outputs.task_state).toBe('Success')
    expect(JSON.parse(outputs.server_tasks)[0]).toMatchObject({ environmentName: 'Dev', state: 'Success' })
    expect(runner.summary()).toContain(`Octopus release ${outputs.release_number} of Random Quotes`)
    expect(runner.summary()).toContain('<code>1.0.1</code>')
    expect(res.stdout).toContain(`::add-mask::${fake.apiKey}`)
    expect(visible(res.stdout, res.stderr)).not.toContain(fake.apiKey)
    expect(runner.summary()).not.toContain(fake.apiKey)
  }, 120_000)

  it('fails with a clear message and no secret for an unknown key and project', async () => {
    const wrongKey = 'API-BUNDLEWRONGKEY0123456789AB'
    const runner = runnerEnv({ inputs: { api_key: wrongKey, project: SEED.project, server: `${fake.url}/api/` } })
    const res = await runBundle(nodes[0].path, bundle, runner.env)
    expect(res.code).toBe(1)
    const text = visible(res.stdout, res.stderr)
    expect(text).toMatch(/::error::create-release failed: Octopus answered 401 to GET .*\/api\/spaces\/all.*API key is invalid or expired/)
    expect(text).not.toContain(wrongKey)
    expect(text).not.toMatch(/\n\s+at /)
    expect(runner.outputs()).toEqual({})
  }, 60_000)

  it('lists every input problem at once', async () => {
    const runner = runnerEnv({ inputs: { server: 'octopus.example.com', ignore_existing: 'maybe', release_notes: 'a', release_notes_file: 'b' } })
    const res = await runBundle(nodes[0].path, bundle, runner.env)
    expect(res.code).toBe(1)
    expect(res.stdout).toMatch(/::error::create-release failed: invalid configuration \(\d+ problems\):/)
    for (const name of ['server', 'project', 'ignore_existing', 'release_notes_file']) expect(res.stdout).toContain(`'${name}'`)
  }, 60_000)
})

describe('the create-release bundle on a self-hosted runner behind a proxy', () => {
  it('tunnels through HTTPS_PROXY to a server with a private CA given in ca_certificate', async () => {
    const tls = sandboxTls()
    const secure = await startOctopusFake({ tls: { key: tls.key, cert: tls.cert } })
    const proxy = await startTestProxy()
    try {
      const runner = runnerEnv({ inputs: { api_key: secure.apiKey, project: SEED.project, server: secure.url, ca_certificate: tls.ca, release_number: '1.2.3' } })
      const res = await runBundle(nodes[0].path, bundle, { ...runner.env, HTTPS_PROXY: proxy.url })
      expect(visible(res.stdout, res.stderr)).not.toContain(secure.apiKey)
      expect(res.code).toBe(0)
      expect(runner.outputs().release_number).toBe('1.2.3')
      expect(proxy.seen).toContain(`CONNECT 127.0.0.1:${new URL(secure.url).port}`)
    } finally {
      await proxy.close()
      await secure.close()
    }
  }, 60_000)
})
