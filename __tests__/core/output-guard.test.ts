/**
 * The runner runtime end to end in a child process (`__tests__/fixtures/runtime/probe.ts` on `runAction`): hostile
 * text printed through every path the suite and its libraries have never becomes a runner command, the secret is
 * masked before anything else and never printed, and the job summary is escaped and redacted. Plus the guard's own
 * rules on a captured stream.
 */
import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { join, resolve } from 'node:path'
import { OutputGuard } from '../../src/core/output-guard.js'
import { derivedForms } from '../../src/core/secrets.js'
import { runnerFiles } from '../helpers/runner-env.js'
import { INJECTIONS, MARKER, hostile } from '../helpers/hostile-text.js'
import { foreignCommands, readRunnerOutput } from '../helpers/runner-commands.js'

const repo = resolve(import.meta.dirname, '../..')
const SECRET = 'probe-secret-7Hq2Lx9Vb4'
const LIBRARY_SECRET = 'library-signature-3Jd8Kw'

function captured(): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = []
  const stream = { write: (chunk: string | Uint8Array) => (chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString()), true) }
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => chunks.join('') }
}

describe('OutputGuard', () => {
  it('neutralises what is written around it, passes trusted writes and the commands a library issues through @actions/core', () => {
    const out = captured()
    const guard = new OutputGuard((t) => t.split(SECRET).join('***')).install([out.stream])
    out.stream.write(`text ${hostile('x')} ${SECRET}\n`)
    out.stream.write(Buffer.from(`::stop-commands::${MARKER}\n`))
    out.stream.write('::debug::library debug%0A::add-mask::not-a-command\n')
    out.stream.write(`::add-mask::${LIBRARY_SECRET}\n`)
    out.stream.write(`::set-output name=x::${MARKER}\n`)
    guard.trusted(() => out.stream.write(`::add-mask::${SECRET}\n`))
    guard.restore()
    out.stream.write('::after-restore::\n')
    const commands = readRunnerOutput(out.text()).commands.map((c) => [c.command, c.data])
    expect(commands).toEqual([
      ['debug', 'library debug\n::add-mask::not-a-command'],
      ['add-mask', LIBRARY_SECRET],
      ['add-mask', SECRET]
    ])
    expect(out.text()).toContain('text x')
    expect(out.text().split('\n')[0]).not.toContain(SECRET)
    expect(out.text()).toContain('::after-restore::')
  })
})

describe('the runner runtime (runAction) with hostile text everywhere', () => {
  const run = (text: string) => {
    const runner = runnerFiles()
    const res = spawnSync(process.execPath, ['--import', 'tsx', join(repo, '__tests__/fixtures/runtime/probe.ts')], {
      cwd: repo,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...runner.env, PROBE_TEXT: Buffer.from(text).toString('base64'), PROBE_SECRET: SECRET, PROBE_LIBRARY_SECRET: LIBRARY_SECRET }
    })
    return { res, runner }
  }

  it.each([
    ['all injections in one value', hostile('Ops')],
    ['a value that starts with a command', `::add-mask::${MARKER}-start`],
    ['stop-commands as a user name', `##[stop-commands]${MARKER}`]
  ])('prints no command the action did not write (%s)', (_label, text) => {
    const { res, runner } = run(text)
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
    const summary = runner.summary()
    expect(summary).not.toContain(SECRET)
    expect(summary).toContain('<p>***</p>')
    expect(summary).not.toMatch(/<img|href="javascript/i)
    expect(summary).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(runner.outputs().echo).toBe(text)
  }, 60_000)

  it('masks what a library masks and leaves the value out of the log', () => {
    const { res } = run(INJECTIONS[0])
    expect(res.stdout).toContain(`::add-mask::${LIBRARY_SECRET}\n`)
    expect(res.stdout).not.toContain(`\\::add-mask::${LIBRARY_SECRET}`)
  }, 60_000)
})
