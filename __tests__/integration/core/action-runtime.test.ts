/**
 * The runner runtime end to end in a child process (`__tests__/fixtures/runtime/probe.ts` on `runAction`): hostile
 * text printed through every path the suite and its libraries have (the logger at every level, a group title,
 * quoted log lines, `@actions/core` and `console` as a library uses them, the summary, the failure message) never
 * becomes a runner command, the secret is masked before anything else and never printed, and the job summary is
 * escaped and redacted.
 */
import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { derivedForms } from '../../../src/core/secrets.js'
import { runnerEnv } from '../../../tools/workflow-runner/runner-env.js'
import { INJECTIONS, MARKER, hostile } from '../../helpers/hostile-text.js'
import { REPO_ROOT, fixturePath } from '../../helpers/repo.js'
import { foreignCommands, readRunnerOutput } from '../../helpers/runner-commands.js'

const SECRET = 'probe-secret-7Hq2Lx9Vb4'
const LIBRARY_SECRET = 'library-signature-3Jd8Kw'

describe('the runner runtime (runAction) with hostile text everywhere', () => {
  const run = (text: string) => {
    const runner = runnerEnv()
    const res = spawnSync(process.execPath, ['--import', 'tsx', fixturePath('runtime', 'probe.ts')], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...runner.env, PROBE_TEXT: Buffer.from(text).toString('base64'), PROBE_SECRET: SECRET, PROBE_LIBRARY_SECRET: LIBRARY_SECRET }
    })
    const [summary, outputs] = [runner.summary(), runner.outputs()]
    runner.dispose()
    return { res, summary, outputs }
  }

  it.each([
    ['all injections in one value', hostile('Ops')],
    ['a value that starts with a command', `::add-mask::${MARKER}-start`],
    ['stop-commands as a user name', `##[stop-commands]${MARKER}`]
  ])('prints no command the action did not write (%s)', (_label, text) => {
    const { res, summary, outputs } = run(text)
    expect(res.status).toBe(1)
    const output = res.stdout + res.stderr
    expect(foreignCommands(output, { marker: MARKER, masks: [...derivedForms(SECRET), LIBRARY_SECRET], allow: ['add-mask', 'group', 'endgroup', 'debug', 'warning', 'error', 'stop-commands'] })).toEqual([])
    // The secret is masked before any hostile text is printed, and never printed itself.
    const lines = output.split(/\r\n|\r|\n/)
    expect(lines.findIndex((l) => l === `::add-mask::${SECRET}`)).toBeLessThan(lines.findIndex((l) => l.includes(MARKER)))
    expect(output.split(`::add-mask::${SECRET}`).join('')).not.toContain(SECRET)
    // Every path printed something readable.
    for (const what of ['info: ', 'quoted ', 'library info: ', 'console.log: ', 'console.error: ', 'probe failed: failure: ']) expect(output).toContain(what)
    const commands = readRunnerOutput(output).commands
    expect(commands.filter((c) => c.command === 'stop-commands')).toHaveLength(1)
    expect(commands.some((c) => c.command === 'error' && c.data.startsWith('probe failed: failure: '))).toBe(true)
    // The summary: heading and link text escaped, no javascript: link, the secret redacted.
    expect(summary).not.toContain(SECRET)
    expect(summary).toContain('<p>***</p>')
    expect(summary).not.toMatch(/<img|href="javascript/i)
    expect(summary).toContain('&lt;img src=x onerror=alert(1)&gt;')
    // (The file-command reader, like the runner's, reads the heredoc line by line: CRLF comes back as LF.)
    expect(outputs.echo).toBe(text.replace(/\r\n/g, '\n'))
  }, 60_000)

  it('masks what a library masks and leaves the value out of the log', () => {
    const { res } = run(INJECTIONS[0])
    expect(res.stdout).toContain(`::add-mask::${LIBRARY_SECRET}\n`)
    expect(res.stdout).not.toContain(`\\::add-mask::${LIBRARY_SECRET}`)
  }, 60_000)
})
