/**
 * The CLI as a user runs it (`tsx tools/workflow-runner/cli.ts <workflow> --input k=v --secret K=V`): the live log,
 * the account of jobs, steps and outputs, the summary file, exit codes 0/1/2, and no secret in anything it prints.
 */
import { describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fixtureWorkspace, repoRoot, writeWorkflow } from './helpers.js'

const cli = join(repoRoot, 'tools/workflow-runner/cli.ts')

function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

describe('workflow-runner CLI', () => {
  it('prints the log, the account and the summary, masks secrets, exits 0 on success', async () => {
    const secret = 'cli-secret-3a9f'
    const wf = writeWorkflow(`
name: Greeting
run-name: Greet \${{ inputs.who }} at \${{ vars.PLACE }}
on:
  workflow_dispatch:
    inputs:
      who:
        required: true
jobs:
  hello:
    runs-on: ubuntu-latest
    steps:
      - id: probe
        uses: ./actions/probe
        with:
          message: hi \${{ inputs.who }} from \${{ vars.PLACE }} with \${{ secrets.API_KEY }}
          summary: '## Deployed \${{ inputs.who }}'
      - run: echo "key \${{ secrets.API_KEY }} and env $FROM_ENV"
        env:
          FROM_ENV: \${{ secrets.FROM_ENV }}
`)
    const summaryFile = join(mkdtempSync(join(tmpdir(), 'wf-cli-')), 'summary.md')
    const res = await runCli(
      [wf, '--repo', fixtureWorkspace, '--input', 'who=Mona', '--var', 'PLACE=home', '--secret', `API_KEY=${secret}`, '--secret', 'FROM_ENV', '--summary-file', summaryFile],
      { FROM_ENV: 'env-secret-77' }
    )
    expect(res.stderr).toBe('')
    expect(res.code).toBe(0)
    expect(res.stdout).toContain('  ▶ Run ./actions/probe\n    hi Mona from home with ***\n')
    expect(res.stdout).toContain('    key *** and env ***\n')
    expect(res.stdout).toContain('workflow Greeting — Greet Mona at home (workflow_dispatch): success')
    expect(res.stdout).toContain('  ✓ Run ./actions/probe [probe] success\n      output message = hi Mona from home with ***\n')
    expect(res.stdout).toContain('Job summaries')
    expect(res.stdout).toContain('## Deployed Mona')
    expect(res.stdout).not.toContain(secret)
    expect(res.stdout).not.toContain('env-secret-77')
    expect(readFileSync(summaryFile, 'utf8')).toBe('## Job hello\n\n## Deployed Mona\n')
  })

  it('exits 1 when the workflow fails and 2 when it cannot run', async () => {
    const failed = await runCli([join(fixtureWorkspace, 'workflows/conditions.yml'), '--repo', fixtureWorkspace])
    expect(failed.code).toBe(1)
    expect(failed.stdout).toContain('✗ job build (build): failure')
    expect(failed.stdout).toContain('– job deploy (deploy): skipped')
    const rejected = await runCli([join(fixtureWorkspace, 'workflows/dispatch.yml'), '--repo', fixtureWorkspace, '--input', 'environment=Nowhere'])
    expect(rejected.code).toBe(2)
    expect(rejected.stderr).toContain("required input 'release' not provided")
    expect(rejected.stderr).toContain(`input 'environment': 'Nowhere' is not one of the allowed values`)
    const usage = await runCli(['--input', 'x'])
    expect(usage.code).toBe(2)
    expect(usage.stderr).toContain('--input expects NAME=VALUE')
  })
})
