/**
 * The demo's main function (what `npm run demo` runs after checking the build), with fast fakes: every workflow
 * succeeds, every check read back from the fakes passes, the account and the Markdown file hold the steps, links and
 * summaries and no secret; and when a deployment fails, the demo says so and reports failure (a non-zero exit).
 */
import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { REPO_ROOT } from '../../../demo/examples.js'
import { runDemo, type DemoOutcome } from '../../../demo/main.js'
import type { DemoSandbox } from '../../../demo/sandbox.js'
import { FAST } from './helpers.js'

async function demo(prepare?: (sb: DemoSandbox) => void): Promise<{ outcome: DemoOutcome; printed: string; markdown: string; secrets: string[] }> {
  const lines: string[] = []
  const markdownFile = join(mkdtempSync(join(tmpdir(), 'demo-test-')), 'last-run.md')
  const secrets: string[] = []
  const outcome = await runDemo({
    print: (t) => lines.push(t),
    markdownFile,
    timing: FAST,
    prepare: (sb) => {
      secrets.push(...Object.values(sb.secrets))
      prepare?.(sb)
    }
  })
  return { outcome, printed: lines.join('\n'), markdown: readFileSync(markdownFile, 'utf8'), secrets }
}

describe('npm run demo (runDemo)', () => {
  it('runs the three examples and verifies everything through the fakes', async () => {
    const { outcome, printed, markdown, secrets } = await demo()
    expect(outcome.runs.map((r) => [r.file, r.conclusion])).toEqual([
      ['.github/workflows/example-release.yml', 'success'],
      ['.github/workflows/example-promote.yml', 'success'],
      ['.github/workflows/example-rotate-secret.yml', 'success']
    ])
    expect(outcome.checks.filter((c) => !c.ok)).toEqual([])
    expect(outcome.checks.map((c) => c.name)).toEqual([
      'Octopus: release 1.4.1 of Random Quotes exists',
      'Octopus: package randomquotes 1.4.1 is in the built-in feed',
      'Octopus: deployment to Dev succeeded',
      'Octopus: deployment to Test succeeded',
      'GoCD: random-quotes-smoke-tests run 1 passed with the release variables',
      'GitHub: workflow artifact site-1.4.1 is listed',
      'GitHub: secret OCTOPUS_API_KEY holds a working Octopus API key',
      'Output: no secret value in the account or the Markdown file'
    ])
    expect(outcome.ok).toBe(true)
    for (const text of [printed, markdown]) {
      expect(text).toContain('Promote Random Quotes 1.4.1 to Test')
      expect(text).toMatch(/release_url.*http:\/\/127\.0\.0\.1:\d+\/app#\/Spaces-1\/projects\/random-quotes\/deployments\/releases\/1\.4\.1/)
      for (const secret of secrets) expect(text).not.toContain(secret)
    }
    expect(printed).toContain('  ┊   ▶ Deploy to Test')
    expect(printed).toContain('Job summary of smoke-tests:')
    expect(printed).toMatch(/│ {3}Test \| ✅ Success \| \d+m?s \| Deployments-2 \(http:\/\/127\.0\.0\.1:\d+\/app#\/Spaces-1\/projects\/random-quotes\/deployments\/releases\/1\.4\.1\/deployments\/Deployments-2\) · task log \(http/)
    expect(printed).toContain('All good: demo finished in')
    expect(markdown).toContain('<h2>Octopus deployment: Random Quotes 1.4.1 ✅</h2>')
    expect(markdown).toContain('## Verification')
  })

  it('reports failure when the Dev deployment fails, and does not promote', async () => {
    // The release and package exist (the composite's upload and create-release steps ran); Dev failed, so no
    // promotion to Test and no GoCD run.
    const { outcome, printed } = await demo((sb) => sb.octopus.setTaskProfile('Dev', { outcome: 'Failed' }))
    expect(outcome.ok).toBe(false)
    expect(outcome.runs.map((r) => r.conclusion)).toEqual(['failure', 'not run', 'success'])
    const failed = outcome.checks.filter((c) => !c.ok).map((c) => c.name)
    expect(failed).toEqual([
      'Octopus: deployment to Dev succeeded',
      'Octopus: deployment to Test succeeded',
      'GoCD: random-quotes-smoke-tests run (not reported) passed with the release variables'
    ])
    expect(outcome.checks.find((c) => c.name === 'Octopus: deployment to Dev succeeded')?.detail).toMatch(/task ServerTasks-1 is Failed/)
    expect(printed).toContain('FAILED: see the ✗ lines above')
  })

  it('the npm run demo entry refuses an unknown argument with exit code 1, before starting anything', () => {
    const tsx = `${REPO_ROOT}/node_modules/.bin/tsx`
    const run = spawnSync(tsx, ['demo/run.ts', '--bogus'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 })
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('demo failed: unknown argument --bogus (use --out FILE, --quiet)')
    expect(run.stdout).toBe('')
  })
})
