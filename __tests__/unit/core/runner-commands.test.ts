import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import * as core from '@actions/core'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as ours from '../../../src/core/runner-commands.js'

/** Values a server or a user could put into a message, a secret, an output or a variable. */
const HOSTILE = [
  'plain',
  '',
  '100% done',
  'line one\nline two',
  'windows\r\nline',
  'carriage\ronly',
  '::error::injected',
  '%0A already escaped %25',
  'key=value,other:thing',
  'ünïcödé ✅ 🐙',
  '::stop-commands::token',
  'ghadelimiter_not-the-real-one'
]

/** Captures what a function writes to stdout and the exit code it sets. */
function capture(fn: () => void): { out: string; exitCode: typeof process.exitCode } {
  const chunks: string[] = []
  const saved = process.exitCode
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk))
    return true
  })
  try {
    fn()
    return { out: chunks.join(''), exitCode: process.exitCode }
  } finally {
    spy.mockRestore()
    process.exitCode = saved
  }
}

/** File-command text with the random heredoc delimiters replaced by their order of appearance. */
function normalised(text: string): string {
  let n = 0
  const seen = new Map<string, string>()
  return text.replace(/ghadelimiter_[0-9a-f-]{36}/g, (d) => {
    if (!seen.has(d)) seen.set(d, `DELIM${++n}`)
    return seen.get(d)!
  })
}

describe('runner commands (written out instead of importing @actions/core)', () => {
  let dir: string
  const saved = { ...process.env }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'runner-commands-'))
  })

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true })
    for (const k of ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_STEP_SUMMARY', 'RUNNER_DEBUG']) {
      if (saved[k] === undefined) delete process.env[k]
      else process.env[k] = saved[k]
    }
  })

  it.each(HOSTILE)('write the same workflow commands as @actions/core for %j', (value) => {
    const calls: [string, (c: typeof ours) => void][] = [
      ['debug', (c) => c.debug(value)],
      ['info', (c) => c.info(value)],
      ['warning', (c) => c.warning(value)],
      ['error', (c) => c.error(value)],
      ['warning(Error)', (c) => c.warning(new Error(value))],
      ['startGroup', (c) => c.startGroup(value)],
      ['endGroup', (c) => c.endGroup()],
      ['setSecret', (c) => c.setSecret(value)]
    ]
    for (const [name, call] of calls) {
      const theirs = capture(() => call(core as unknown as typeof ours))
      const mine = capture(() => call(ours))
      expect({ name, out: mine.out }).toEqual({ name, out: theirs.out })
    }
  })

  it.each(HOSTILE)('sets a failure exactly as @actions/core does for %j', (value) => {
    const theirs = capture(() => core.setFailed(value))
    const mine = capture(() => ours.setFailed(value))
    expect(mine).toEqual(theirs)
    expect(mine.exitCode).toBe(1)
  })

  it('append the same outputs and variables to the file commands (delimiters aside), and fall back to commands without files', () => {
    const files = { output: join(dir, 'output'), env: join(dir, 'env') }
    const run = (c: typeof ours, suffix: string) => {
      const output = `${files.output}-${suffix}`
      const env = `${files.env}-${suffix}`
      writeFileSync(output, '')
      writeFileSync(env, '')
      process.env.GITHUB_OUTPUT = output
      process.env.GITHUB_ENV = env
      for (const [i, v] of HOSTILE.entries()) {
        c.setOutput(`out_${i}`, v)
        c.exportVariable(`VAR_${suffix}_${i}`, v)
      }
      c.setOutput('object', { a: [1, 'two'] })
      return normalised(readFileSync(output, 'utf8')) + '\n---\n' + normalised(readFileSync(env, 'utf8')).replaceAll(`VAR_${suffix}_`, 'VAR_')
    }
    expect(run(ours, 'ours')).toEqual(run(core as unknown as typeof ours, 'theirs'))
    expect(process.env[`VAR_ours_3`]).toBe('line one\nline two')

    delete process.env.GITHUB_OUTPUT
    delete process.env.GITHUB_ENV
    for (const v of HOSTILE) {
      expect(capture(() => ours.setOutput('name', v)).out).toEqual(capture(() => core.setOutput('name', v)).out)
      expect(capture(() => ours.exportVariable('NAME', v)).out).toEqual(capture(() => core.exportVariable('NAME', v)).out)
    }
  })

  it('names a missing file as @actions/core does, and frames a value as name<<delimiter, value, delimiter', () => {
    process.env.GITHUB_OUTPUT = join(dir, 'missing')
    expect(() => ours.setOutput('x', 'y')).toThrow(`Missing file at path: ${join(dir, 'missing')}`)
    const message = ours.keyValueMessage('k', 'v')
    const delimiter = /^k<<(ghadelimiter_[0-9a-f-]{36})$/m.exec(message)![1]
    expect(message).toBe(`k<<${delimiter}\nv\n${delimiter}`)
  })

  it('writes and appends the job summary like core.summary, and names the missing variable', async () => {
    const file = join(dir, 'summary')
    writeFileSync(file, '')
    process.env.GITHUB_STEP_SUMMARY = file
    await ours.writeSummary('<h2>one</h2>\n')
    await ours.writeSummary('<p>two</p>\n')
    await core.summary.addRaw('<p>three</p>', true).write()
    expect(readFileSync(file, 'utf8')).toBe('<h2>one</h2>\n<p>two</p>\n<p>three</p>\n')
    await ours.writeSummary('<p>only</p>', { overwrite: true })
    expect(readFileSync(file, 'utf8')).toBe('<p>only</p>')
    delete process.env.GITHUB_STEP_SUMMARY
    await expect(ours.writeSummary('x')).rejects.toThrow('Unable to find environment variable for $GITHUB_STEP_SUMMARY')
  })

  it('reads debug mode from RUNNER_DEBUG as @actions/core does', () => {
    for (const v of ['1', '0', 'true', undefined]) {
      if (v === undefined) delete process.env.RUNNER_DEBUG
      else process.env.RUNNER_DEBUG = v
      expect(ours.isDebug()).toBe(core.isDebug())
    }
  })
})
