/** The output guard's rules on a captured stream (the runtime that installs it: integration/core/action-runtime.test.ts). */
import { describe, expect, it } from '@jest/globals'
import { OutputGuard } from '../../../src/core/output-guard.js'
import { MARKER, hostile } from '../../helpers/hostile-text.js'
import { readRunnerOutput } from '../../helpers/runner-commands.js'

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
