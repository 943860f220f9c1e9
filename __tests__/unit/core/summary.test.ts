import { describe, expect, it } from '@jest/globals'
import { header, humanBytes, humanDuration, link, statusCell, statusEmoji } from '../../../src/core/summary.js'
import { MemorySummary } from '../../helpers/memory-summary.js'

describe('summary helpers', () => {
  it('maps states to emoji', () => {
    expect(statusEmoji('Success')).toBe('✅')
    expect(statusEmoji('Failed')).toBe('❌')
    expect(statusEmoji('TimedOut')).toBe('⏱️')
    expect(statusEmoji('Canceled')).toBe('🚫')
    expect(statusEmoji('something-new')).toBe('❔')
    expect(statusCell('Executing')).toBe('🔄 Executing')
  })

  it('formats sizes and durations for people', () => {
    expect(humanBytes(512)).toBe('512 B')
    expect(humanBytes(1536)).toBe('1.5 KiB')
    expect(humanBytes(2 * 1024 ** 3)).toBe('2.0 GiB')
    expect(humanDuration(125_000)).toBe('2m5s')
  })

  it('escapes text in links and builds tables', async () => {
    const s = new MemorySummary()
    s.addHeading('Deploy', 2).addTable([header('Environment', 'State'), ['Dev', statusCell('Success')]]).addRaw(link('<release>', 'https://x/?a=1&b=2'))
    await s.write()
    expect(s.text()).toContain('<h2>Deploy</h2>')
    expect(s.text()).toContain('<th>Environment</th>')
    expect(s.text()).toContain('<td>✅ Success</td>')
    expect(s.text()).toContain('<a href="https://x/?a=1&amp;b=2">&lt;release&gt;</a>')
  })
})
