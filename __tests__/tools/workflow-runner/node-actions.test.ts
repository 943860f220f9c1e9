/**
 * JavaScript actions run from their built bundle in a child process, as the runner runs them, against a loopback
 * server: the suite's fixture action `hello` (bundled by script/build.mjs) and the plain-ESM test action `probe`.
 * Masking: secrets and `::add-mask::` values never reach the executor's log, and a job output carrying one is
 * skipped as GitHub does.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Router, startFakeServer, type FakeServer } from '../../../sandbox/common/index.js'
import { node24Path } from '../../helpers/node-versions.js'
import { job, repoRoot, run, step, writeWorkflow } from './helpers.js'

const fixtureRoot = join(repoRoot, '__tests__/fixtures/suite')

/**
 * A private workspace holding actions/hello/action.yml and its bundle dist/hello/: the bundle smoke test rebuilds the
 * shared fixture bundle (removing it first), so this suite copies it once instead of running it in place.
 */
function helloWorkspace(): string {
  const build = () => execFileSync(process.execPath, [join(repoRoot, 'script/build.mjs'), '--root', fixtureRoot], { stdio: 'pipe', timeout: 120_000 })
  const copy = (dir: string) => {
    cpSync(join(fixtureRoot, 'actions/hello'), join(dir, 'actions/hello'), { recursive: true })
    cpSync(join(fixtureRoot, 'dist/hello'), join(dir, 'dist/hello'), { recursive: true })
  }
  const dir = mkdtempSync(join(tmpdir(), 'wf-hello-'))
  if (!existsSync(join(fixtureRoot, 'dist/hello/index.js'))) build()
  try {
    copy(dir)
  } catch {
    build()
    copy(dir)
  }
  return dir
}

const TOKEN = 'wf-runner-token-5f0c2a9e71'
const ADDED_MASK = 'generated-password-8d1e'

const helloWorkflow = writeWorkflow(`
name: Hello
on:
  workflow_dispatch:
    inputs:
      greeting:
        default: hi
      loud:
        type: boolean
        default: true
jobs:
  hello:
    runs-on: ubuntu-latest
    steps:
      - id: hello
        uses: ./actions/hello
        with:
          server: \${{ vars.HELLO_URL }}
          token: \${{ secrets.HELLO_TOKEN }}
          greeting: \${{ inputs.greeting }}
          loud: \${{ inputs.loud }}
      - id: echo
        run: echo "token is \${{ secrets.HELLO_TOKEN }}, message \${{ steps.hello.outputs.message }}"
`)

describe('JavaScript actions and masking', () => {
  let server: FakeServer
  let helloRoot: string
  beforeAll(async () => {
    helloRoot = helloWorkspace()
    const router = new Router()
      .get('/hello', (req) =>
        req.headers.authorization === `Bearer ${TOKEN}`
          ? { status: 200, body: { message: `${req.query.get('greeting')} world` } }
          : { status: 401, body: { message: `token ${String(req.headers.authorization)} is not valid` } }
      )
      .get('/echo-secret', () => ({ status: 200, body: { leaked: ADDED_MASK } }))
    server = await startFakeServer({ router })
  }, 150_000)
  afterAll(() => server.close())

  it('runs the bundled fixture action with INPUT_* from with:, defaults and typed dispatch inputs', async () => {
    const result = await run(helloWorkflow, { repoRoot: helloRoot, vars: { HELLO_URL: server.url }, secrets: { HELLO_TOKEN: TOKEN } })
    expect(result.conclusion).toBe('success')
    const hello = job(result, 'hello')
    expect(step(hello, 'hello').outputs).toEqual({ message: 'HI WORLD' })
    expect(step(hello, 'hello').summary).toContain('HI WORLD')
    expect(step(hello, 'hello').log.join('\n')).toContain('server said: HI WORLD')
    expect(step(hello, 'echo').log).toContain('    token is ***, message HI WORLD')
    expect(result.live.join('\n')).not.toContain(TOKEN)
  })

  it('runs the actions with the Node they declare (node24) when given that binary', async () => {
    const result = await run(helloWorkflow, { repoRoot: helloRoot, vars: { HELLO_URL: server.url }, secrets: { HELLO_TOKEN: TOKEN }, node: node24Path() })
    expect(step(job(result, 'hello'), 'hello').outputs).toEqual({ message: 'HI WORLD' })
    const probe = await run(writeWorkflow('on: workflow_dispatch\njobs:\n  j:\n    runs-on: x\n    steps:\n      - id: p\n        uses: ./actions/probe\n'), { node: node24Path() })
    expect(step(job(probe, 'j'), 'p').outputs.node).toMatch(/^v24\./)
  }, 200_000)

  it('fails the step with the action exit code and masks what the server echoes back', async () => {
    const result = await run(helloWorkflow, {
      repoRoot: helloRoot,
      vars: { HELLO_URL: server.url },
      secrets: { HELLO_TOKEN: `${TOKEN}-wrong` },
      event: { name: 'workflow_dispatch', inputs: { greeting: 'yo', loud: 'false' } }
    })
    expect(result.conclusion).toBe('failure')
    const hello = step(job(result, 'hello'), 'hello')
    expect(hello.outcome).toBe('failure')
    expect(hello.annotations[0].message).toMatch(/^hello failed: Hello server answered 401 to GET .*\/hello\?greeting=yo: token Bearer \*\*\* is not valid/)
    expect(hello.error).toBe('Process completed with exit code 1.')
    expect(step(job(result, 'hello'), 'echo').outcome).toBe('skipped')
    const everything = JSON.stringify(result) + result.live.join('\n')
    expect(everything).not.toContain(TOKEN)
  })

  it('masks ::add-mask:: values from then on and skips job outputs that carry a secret', async () => {
    const wf = writeWorkflow(`
on: workflow_dispatch
jobs:
  mask:
    runs-on: ubuntu-latest
    outputs:
      password: \${{ steps.probe.outputs.body }}
      fine: \${{ steps.probe.outputs.message }}
    steps:
      - run: echo "before the mask ${ADDED_MASK.slice(0, 9)}"
      - id: probe
        uses: ./actions/probe
        with:
          mask: ${ADDED_MASK}
          fetch: \${{ vars.URL }}/echo-secret
          message: not secret
      - run: |
          echo "later: ${ADDED_MASK}"
          echo "::warning::warned about ${ADDED_MASK}"
`)
    const result = await run(wf, { vars: { URL: server.url } })
    expect(result.conclusion).toBe('success')
    const mask = job(result, 'mask')
    const probe = step(mask, 'probe')
    expect(probe.log).toContain('    the masked value is ***')
    expect(probe.log.join('\n')).not.toContain('add-mask')
    expect(JSON.parse(probe.outputs.body)).toEqual({ leaked: ADDED_MASK })
    expect(mask.steps[2].log).toEqual(['    later: ***', '    Warning: warned about ***'])
    expect(mask.steps[2].annotations).toEqual([{ level: 'warning', message: 'warned about ***', properties: {} }])
    expect(mask.outputs).toEqual({ fine: 'not secret' })
    expect(mask.log).toContain("Warning: Skip output 'password' since it may contain secret.")
    expect(result.live.join('\n')).not.toContain(ADDED_MASK)
    expect(result.live.join('\n')).toContain('before the mask generated')
    expect(result.mask(probe.outputs.body)).toBe('{"leaked":"***"}')
  })
})
