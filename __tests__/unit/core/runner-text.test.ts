import { describe, expect, it } from '@jest/globals'
import { MAX_LINE_LENGTH, RunnerTextFilter, neutralise, oneLine } from '../../../src/core/runner-text.js'
import { INJECTIONS, MARKER, hostile } from '../../helpers/hostile-text.js'
import { foreignCommands, readRunnerOutput } from '../../helpers/runner-commands.js'

const commandsIn = (text: string) => readRunnerOutput(text).commands

describe('the runner-output reader (test helper)', () => {
  it('sees every injection when the text is printed as it is', () => {
    for (const injection of INJECTIONS.filter((i) => !/zero-width|split-|url-encoded|ansi/.test(i)))
      expect({ injection, commands: commandsIn(`project ${injection}\n`).length }).toEqual({ injection, commands: 1 })
  })

  it('reads lines split on \\r, \\n and \\r\\n, `::` after .NET whitespace, and legacy commands anywhere', () => {
    expect(commandsIn('a\r::add-mask::x\r\n  ::debug::y\n\u3000::group::z\nsome text ##[warning]w').map((c) => [c.command, c.data])).toEqual([
      ['add-mask', 'x'],
      ['debug', 'y'],
      ['group', 'z'],
      ['warning', 'w']
    ])
  })

  it('skips what the runner skips: unknown names, a backslash before the command, zero-width characters inside names', () => {
    expect(commandsIn('::not-a-command::x\n\\::add-mask::x\n##\\[add-mask]x\n::add\u200b-mask::x\n\u200b::add-mask::x')).toEqual([])
  })

  it('unescapes data and properties and honours stop-commands', () => {
    const out = commandsIn('::warning title=a%3Ab%2Cc::line1%0Aline2 %25\n::stop-commands::tok\n::add-mask::ignored\n##[tok]\n::add-mask::after')
    expect(out.map((c) => [c.command, c.data, c.properties, c.resume ?? false])).toEqual([
      ['warning', 'line1\nline2 %', { title: 'a:b,c' }, false],
      ['stop-commands', 'tok', {}, false],
      ['tok', '', {}, true],
      ['add-mask', 'after', {}, false]
    ])
  })

  it('reports foreign commands, injected masks, bad stop tokens and output that ends stopped', () => {
    const policy = { marker: MARKER }
    expect(foreignCommands('::add-mask::secret\n::group::g\n::endgroup::\n', policy)).toEqual([])
    expect(foreignCommands(`::set-output name=x::1\n`, policy)).toHaveLength(2)
    expect(foreignCommands(`::add-mask::${MARKER}-x\n`, policy)).toHaveLength(2)
    expect(foreignCommands(`::stop-commands::${MARKER}\n`, policy)).toHaveLength(3)
    expect(foreignCommands('::stop-commands::0123456789abcdef0123456789abcdef\n::0123456789abcdef0123456789abcdef::\n', policy)).toEqual([])
    expect(foreignCommands('::add-mask::other\n', { ...policy, masks: ['secret'] })).toHaveLength(1)
  })
})

describe('neutralise', () => {
  it('leaves ordinary text, tabs, colour escapes and our own line breaks alone', () => {
    const text = 'Deploying Random Quotes 1.2.3 to Production\n  - step: 50%\tdone\n\x1b[32mgreen\x1b[0m (12:00:01) a::b #1 [x]'
    expect(neutralise(text)).toBe(text)
  })

  it('makes every injection inert and keeps the value recognisable', () => {
    for (const injection of INJECTIONS) {
      const shown = neutralise(`Using space 'Ops${injection}' (Spaces-1)`)
      expect({ injection, commands: commandsIn(`${shown}\n`) }).toEqual({ injection, commands: [] })
      expect(shown).toContain("Using space 'Ops")
      expect(shown).toContain(MARKER)
    }
  })

  it('escapes a leading `::` with a backslash and breaks `##[` everywhere', () => {
    expect(neutralise('::add-mask::x')).toBe('\\::add-mask::x')
    expect(neutralise('a\n \u00a0::error::x')).toBe('a\n \u00a0\\::error::x')
    expect(neutralise('x ##[group]y ###[z')).toBe('x ##\\[group]y ###\\[z')
    expect(neutralise('not at the start: ::x::')).toBe('not at the start: ::x::')
  })

  it('shows a lone \\r, control characters, line separators and bidi overrides as escapes', () => {
    expect(neutralise('a\rb\r\nc')).toBe('a\\rb\nc')
    expect(neutralise('nul\x00 esc\x1b[2K bell\x07 del\x7f nel\u0085 ls\u2028 ps\u2029 rlo\u202e')).toBe(
      'nul\\u0000 esc\\u001b[2K bell\\u0007 del\\u007f nel\\u0085 ls\\u2028 ps\\u2029 rlo\\u202e'
    )
  })

  it('cuts a line longer than the limit, saying so, and keeps the following lines', () => {
    const shown = neutralise(`${'x'.repeat(MAX_LINE_LENGTH + 10)}\nnext`).split('\n')
    expect(shown[0].startsWith('x'.repeat(MAX_LINE_LENGTH))).toBe(true)
    expect(shown[0]).toMatch(/cut: a log line is limited to 65536 characters\)$/)
    expect(shown[1]).toBe('next')
  })

  it('is idempotent (text neutralised twice looks the same)', () => {
    const once = neutralise(hostile('Ops'))
    expect(neutralise(once)).toBe(once)
  })

  it('oneLine shows line breaks as \\n', () => {
    expect(oneLine('a\nb\r\nc\rd')).toBe('a\\nb\\nc\\rd')
    expect(oneLine('::add-mask::x')).toBe('\\::add-mask::x')
  })
})

describe('RunnerTextFilter (text written in pieces)', () => {
  /** A small deterministic generator (mulberry32), so a failure can be replayed. */
  function random(seed: number): () => number {
    let a = seed
    return () => {
      a = (a + 0x6d2b79f5) | 0
      let t = Math.imul(a ^ (a >>> 15), 1 | a)
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296
    }
  }
  const PIECES = [':', '::', '#', '##', '[', ']', ' ', '\t', '\u00a0', '\u2028', '\u0085', '\u200b', '\r', '\n', '\r\n', 'add-mask', 'stop-commands', 'warning', 'x', '%0A', '\x1b', '\x00']

  it('never lets a command through, however the text is cut into writes (2,000 random cases)', () => {
    const next = random(15)
    for (let n = 0; n < 2000; n++) {
      let text = ''
      for (let i = 0, len = 1 + Math.floor(next() * 30); i < len; i++) text += PIECES[Math.floor(next() * PIECES.length)]
      const filter = new RunnerTextFilter()
      let out = ''
      for (let at = 0; at < text.length; ) {
        const size = 1 + Math.floor(next() * 4)
        out += filter.write(text.slice(at, at + size))
        at += size
      }
      expect({ text, commands: commandsIn(out) }).toEqual({ text, commands: [] })
    }
  })

  it('catches `::` and `##[` split across writes', () => {
    const f = new RunnerTextFilter()
    expect([f.write('  :'), f.write(':add-mask::x')].join('')).toBe('  :\\:add-mask::x')
    const g = new RunnerTextFilter()
    expect([g.write('a #'), g.write('#'), g.write('[add-mask]x')].join('')).toBe('a ##\\[add-mask]x')
    const h = new RunnerTextFilter()
    expect([h.write('done\n'), h.write('::error::x')].join('')).toBe('done\n\\::error::x')
  })
})
