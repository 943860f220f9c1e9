/** The demo's pure helpers: the terminal rendering of job summaries and the check for missing action bundles. */
import { describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { missingBundles } from '../../../demo/build.js'
import { renderSummary } from '../../../demo/render-summary.js'

describe('renderSummary', () => {
  it('renders headings, paragraphs, lists, tables (cells without end tags too), links and entities as text', () => {
    const html = [
      '<h2>Octopus release 1.4.1 of Random Quotes</h2>',
      '<p>Release <a href="http://o/app#/r?a=1&amp;b=2">Random Quotes 1.4.1</a>, 1 deployment.</p>',
      '<ul><li>Result: ✅ Passed</li><li>Variables: <code>RELEASE_NUMBER</code></li></ul>',
      '<table><tr><th>Stage</th><th>Job</th><th>Result</th></tr><tr><td><a href="http://g/s">smoke #1</a></td><td><td>Passed</td><td></tr></table>',
      '### Random Quotes 1.4.1 &lt;main&gt;',
      '- Smoke tests: Passed'
    ].join('\n')
    expect(renderSummary(html).split('\n')).toEqual([
      '## Octopus release 1.4.1 of Random Quotes',
      'Release Random Quotes 1.4.1 (http://o/app#/r?a=1&b=2), 1 deployment.',
      '- Result: ✅ Passed',
      '- Variables: RELEASE_NUMBER',
      '  Stage | Job | Result',
      '  smoke #1 (http://g/s) |  | Passed',
      '### Random Quotes 1.4.1 <main>',
      '- Smoke tests: Passed'
    ])
  })

  it('shows a link whose text is its address once', () => {
    expect(renderSummary('<p><a href="http://x/1">http://x/1</a></p>')).toBe('http://x/1')
  })
})

describe('missingBundles', () => {
  it('lists the JavaScript actions whose runs.main does not exist, ignoring composite actions', () => {
    const root = mkdtempSync(join(tmpdir(), 'demo-build-'))
    const action = (name: string, yaml: string) => {
      mkdirSync(join(root, 'actions', name), { recursive: true })
      writeFileSync(join(root, 'actions', name, 'action.yml'), yaml)
    }
    action('built', "runs:\n  using: node24\n  main: '../../dist/built/index.js'\n")
    action('unbuilt', "runs:\n  using: node24\n  main: '../../dist/unbuilt/index.js'\n")
    action('chain', 'runs:\n  using: composite\n  steps: []\n')
    mkdirSync(join(root, 'dist', 'built'), { recursive: true })
    writeFileSync(join(root, 'dist', 'built', 'index.js'), '')
    expect(missingBundles(root)).toEqual([join(root, 'dist', 'unbuilt', 'index.js')])
  })
})
