/**
 * The built bundle run the way the runner runs it (child process, the GitHub fake's runner environment, INPUT_*),
 * on this Node and Node 24: outputs in GITHUB_OUTPUT, the summary in GITHUB_STEP_SUMMARY, the runtime token masked.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startGithubFake, type GithubFake } from '../../../sandbox/github/index.js'
import { nodeBinaries } from '../../helpers/node-versions.js'
import { runBundle as runFile } from '../../helpers/run-bundle.js'
import { bundlePath } from '../../helpers/repo.js'


/** The bundle in a child process; stdout and stderr together, as the job log shows them. */
async function runBundle(node: string, file: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string }> {
  const r = await runFile(node, file, env)
  return { code: r.code, stdout: r.stdout + r.stderr }
}

const bundle = bundlePath('upload-artifact')

describe('upload-artifact bundle end to end (GitHub fake runner environment)', () => {
  let fake: GithubFake
  beforeAll(async () => {
    fake = await startGithubFake()
  })
  afterAll(() => fake.close())

  it.each(nodeBinaries().map((n) => [n.label, n.path] as const))('uploads an artifact under %s', async (label, node) => {
    const name = `bundle-${label.replace(/[^a-z0-9]+/gi, '-')}`
    const runner = await fake.runnerEnv()
    const out = join(runner.env.GITHUB_WORKSPACE, 'out')
    // runBundle starts the bundle in this repository (not the workspace), so the patterns are absolute.
    Object.assign(runner.env, { INPUT_PATH: `${out}\n!${out}/**/*.tmp`, INPUT_NAME: name, INPUT_RETENTION_DAYS: '5' })
    mkdirSync(join(out, 'sub'), { recursive: true })
    writeFileSync(join(out, 'a.txt'), 'alpha')
    writeFileSync(join(out, 'sub/b.txt'), 'beta')
    writeFileSync(join(out, 'sub/c.tmp'), 'temp')
    const res = await runBundle(node, bundle, runner.env)
    expect(res.stdout).not.toMatch(/::error::/)
    expect(res.code).toBe(0)
    const outputs = runner.outputs()
    const id = Number(outputs.artifact_id)
    const stored = [...fake.artifacts.artifacts.values()].find((a) => a.id === id)!
    expect(stored).toMatchObject({ name, finalized: true, digest: `sha256:${outputs.artifact_digest}` })
    expect(outputs.artifact_url).toMatch(new RegExp(`/actions/runs/${runner.env.GITHUB_RUN_ID}/artifacts/${id}$`))
    expect(readFileSync(runner.files.stepSummary, 'utf8')).toContain('sub/b.txt')
    expect(res.stdout).toContain('::add-mask::')
    // The token reaches stdout only inside the ::add-mask:: command that tells the runner to mask it.
    const token = runner.env.ACTIONS_RUNTIME_TOKEN
    expect(res.stdout).toContain(`::add-mask::${token}`)
    expect(res.stdout.split('\n').filter((l) => l.includes(token) && !l.startsWith('::add-mask::'))).toEqual([])
  }, 120_000)
})
