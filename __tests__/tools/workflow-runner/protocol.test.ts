/**
 * The runner protocol pieces: workflow-command decoding (escapes, properties, stop-commands), file-command parsing
 * (heredocs, errors), and the masker (multi-line secrets, longest value first).
 */
import { describe, expect, it } from '@jest/globals'
import { parseKeyValueFile } from '../../../tools/workflow-runner/runner-env.js'
import { Masker } from '../../../tools/workflow-runner/masker.js'
import { CommandGate, parseCommand } from '../../../tools/workflow-runner/workflow-commands.js'

describe('workflow commands', () => {
  it('decodes messages and properties as the runner does', () => {
    expect(parseCommand('::error file=a%2Cb.ts,line=3,title=x%3Ay::100%25 broken%0Anext line')).toEqual({
      name: 'error',
      properties: { file: 'a,b.ts', line: '3', title: 'x:y' },
      message: '100% broken\nnext line'
    })
    expect(parseCommand('::add-mask::s3cr3t')).toEqual({ name: 'add-mask', properties: {}, message: 's3cr3t' })
    expect(parseCommand('plain :: text')).toBeUndefined()
  })

  it('treats commands as text between stop-commands and its token', () => {
    const gate = new CommandGate()
    expect(gate.accept('::stop-commands::pause-1')).toBeUndefined()
    expect(gate.accept('::add-mask::not-a-mask')).toBeUndefined()
    expect(gate.accept('::pause-1::')).toBeUndefined()
    expect(gate.accept('::warning::back')).toEqual({ name: 'warning', properties: {}, message: 'back' })
  })
})

describe('file commands', () => {
  it('reads name=value lines and heredocs', () => {
    expect(parseKeyValueFile('a=1\nb=x=y\nmulti<<EOF_1\nline 1\n\nline 3\nEOF_1\nc=\n', 'GITHUB_OUTPUT')).toEqual({ a: '1', b: 'x=y', multi: 'line 1\n\nline 3', c: '' })
  })

  it('rejects an unterminated heredoc and a line without =', () => {
    expect(() => parseKeyValueFile('x<<END\nvalue\n', 'GITHUB_OUTPUT')).toThrow("GITHUB_OUTPUT: matching delimiter not found 'END'")
    expect(() => parseKeyValueFile('just-a-name\n', 'GITHUB_ENV')).toThrow("GITHUB_ENV: invalid format 'just-a-name'")
  })
})

describe('masker', () => {
  it('masks whole values, each line of a multi-line secret, longest first', () => {
    const m = new Masker()
    m.add('abc')
    m.add('abcdef')
    m.add('first line\nsecond line')
    m.add('  ')
    expect(m.mask('abcdef abc x')).toBe('*** *** x')
    expect(m.mask('got second line only')).toBe('got *** only')
    expect(m.mask('spaces  stay')).toBe('spaces  stay')
    expect(m.touches('xx abc')).toBe(true)
    expect(m.touches('nothing')).toBe(false)
  })
})
