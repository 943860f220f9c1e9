/**
 * Runs every bundle the way the runner does (a child process, runner environment, INPUT_* variables) under this
 * Node (20 here) and Node 24: with no inputs each must exit 1 with a clear message about the missing inputs, never a
 * module error. The fixture action is also run end to end against a
 * loopback server to prove outputs, summary and secret masking. (The fixture's bundle is built by the real build
 * script in __tests__/setup/global-setup.mjs.)
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { join } from 'node:path'
import { Router, startFakeServer, type FakeServer } from '../../sandbox/common/index.js'
import { javascriptActions } from '../helpers/action-metadata.js'
import { nodeBinaries } from '../helpers/node-versions.js'
import { runBundle, visibleLog } from '../helpers/run-bundle.js'
import { runnerEnv } from '../../tools/workflow-runner/runner-env.js'
import { REPO_ROOT } from '../helpers/repo.js'

const repo = REPO_ROOT
const fixtureRoot = join(repo, '__tests__/fixtures/suite')

const MODULE_ERRORS = /Cannot find module|ERR_MODULE_NOT_FOUND|ERR_PACKAGE_PATH_NOT_EXPORTED|ERR_REQUIRE_ESM|SyntaxError|is not a function|\n\s+at /

const nodes = nodeBinaries()
const bundles = [
  ...javascriptActions(repo).map((a) => ({ name: a.name, file: join(repo, 'dist', a.name, 'index.js') })),
  { name: 'hello', file: join(fixtureRoot, 'dist/hello/index.js') }
]

describe.each(nodes.map((n) => [n.label, n.path] as const))('bundles under %s', (_label, node) => {
  it.each(bundles.map((b) => [b.name, b.file] as const))('%s fails cleanly on missing inputs', async (name, file) => {
    const runner = runnerEnv()
    const res = await runBundle(node, file, runner.env)
    expect(res.stdout + res.stderr).not.toMatch(MODULE_ERRORS)
    expect(res.stdout).toMatch(new RegExp(`::error::${name} failed: invalid configuration.*is required`))
    expect(res.code).toBe(1)
  })
})

describe('the fixture bundle end to end', () => {
  const TOKEN = 'hello-token-0123456789abcdef'
  let server: FakeServer
  beforeAll(async () => {
    const router = new Router()
      .get('/hello', (req) =>
        req.headers.authorization === `Bearer ${TOKEN}`
          ? { status: 200, body: { message: `${req.query.get('greeting')} world` } }
          : { status: 401, body: { message: `token ${String(req.headers.authorization)} is not valid` } }
      )
    server = await startFakeServer({ router })
  })
  afterAll(() => server.close())

  it.each(nodes.map((n) => [n.label, n.path] as const))('writes outputs and summary under %s', async (_l, node) => {
    const runner = runnerEnv({ inputs: { server: `${server.url}/`, token: TOKEN, greeting: 'hi', loud: 'TRUE' } })
    const res = await runBundle(node, join(fixtureRoot, 'dist/hello/index.js'), runner.env)
    expect(res.code).toBe(0)
    expect(runner.outputs()).toEqual({ message: 'HI WORLD' })
    expect(runner.summary()).toContain('HI WORLD')
  })

  it('masks the token and never prints it, even when the server echoes it back', async () => {
    const runner = runnerEnv({ inputs: { server: server.url, greeting: 'hi' } })
    runner.env.HELLO_TOKEN = `${TOKEN}-wrong`
    const res = await runBundle(nodes[0].path, join(fixtureRoot, 'dist/hello/index.js'), runner.env)
    expect(res.code).toBe(1)
    expect(res.stdout).toContain(`::add-mask::${TOKEN}-wrong`)
    const visible = visibleLog(res)
    expect(visible).toMatch(/::error::hello failed: Hello server answered 401 to GET .*\/hello\?greeting=hi: token Bearer \*\*\* is not valid/)
    expect(visible).not.toContain(TOKEN)
    expect(visible).not.toContain(Buffer.from(`${TOKEN}-wrong`).toString('base64'))
    expect(visible).not.toMatch(/\n\s+at /)
    expect(runner.summary()).toBe('')
  })
})
