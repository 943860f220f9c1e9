import { describe, expect, it } from '@jest/globals'
import { SecretRegistry } from '../../../src/core/secrets.js'
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

describe('SummaryDocument (the runner-backed summary and its in-memory double)', () => {
  it('builds the HTML core.summary builds for text without markup', async () => {
    const { summary } = await import('@actions/core')
    const doc = new MemorySummary()
    doc.addHeading('Deploy', 2).addTable([header('A', 'B'), ['1', '2']]).addList(['x', 'y']).addBreak().addLink('docs', 'https://example.com/a?b=c').addRaw('<p>raw</p>', true)
    summary.emptyBuffer().addHeading('Deploy', 2).addTable([header('A', 'B'), ['1', '2']]).addList(['x', 'y']).addBreak().addLink('docs', 'https://example.com/a?b=c').addRaw('<p>raw</p>', true)
    await doc.write()
    expect(doc.text()).toBe(summary.stringify())
    summary.emptyBuffer()
  })

  it('escapes headings and link texts, and makes only http(s) URLs links', async () => {
    const s = new MemorySummary()
    s.addHeading('<img src=x onerror=alert(1)> & "q"', 9).addLink('<b>x</b>', 'javascript:alert(1)').addLink('ok', 'http://host/a')
    expect(s.text()).toContain('<h1>&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot;</h1>')
    expect(s.text()).toContain('&lt;b&gt;x&lt;/b&gt;')
    expect(s.text()).not.toContain('javascript:')
    expect(s.text()).toContain('<a href="http://host/a">ok</a>')
    expect(link('text', 'data:text/html,<script>')).toBe('text')
    expect(link('text', '/relative')).toBe('text')
    expect(link('"q" <b>', 'https://x/?a="b"')).toBe('<a href="https://x/?a=&quot;b&quot;">&quot;q&quot; &lt;b&gt;</a>')
  })

  it('redacts every registered secret in the written document, like the runner-backed one', async () => {
    const secrets = new SecretRegistry()
    secrets.add('s3cr3t-value-123')
    const s = new MemorySummary(secrets)
    s.addHeading('release s3cr3t-value-123').addRaw(`<p>${Buffer.from('s3cr3t-value-123').toString('base64')}</p>`)
    await s.write()
    expect(s.written).not.toContain('s3cr3t-value-123')
    expect(s.written).not.toContain(Buffer.from('s3cr3t-value-123').toString('base64'))
    expect(s.written).toContain('<h1>release ***</h1>')
  })
})
