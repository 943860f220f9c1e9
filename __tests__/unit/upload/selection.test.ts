import { describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { commonAncestor, selectFiles } from '../../../src/upload/selection.js'

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sel-'))
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true })
    writeFileSync(join(dir, name), content)
  }
  return dir
}

const names = async (patterns: string[], includeHiddenFiles = false) => (await selectFiles(patterns, { includeHiddenFiles })).files.map((f) => f.name)

describe('file selection (the official upload-artifact rules)', () => {
  const dir = tree({
    'dist/app.js': 'app',
    'dist/app.js.map': 'map',
    'dist/lib/util.js': 'util',
    'dist/.env': 'SECRET=1',
    'dist/.cache/x.bin': 'x',
    'docs/readme.md': 'readme',
    'other/z.txt': 'z'
  })
  mkdirSync(join(dir, 'dist/empty'))

  it('a directory takes everything below it, relative to that directory; hidden files and empty directories are left out', async () => {
    const sel = await selectFiles([join(dir, 'dist')], { includeHiddenFiles: false })
    expect(sel.root).toBe(join(dir, 'dist'))
    expect(sel.files.map((f) => f.name)).toEqual(['app.js', 'app.js.map', 'lib/util.js'])
    expect(sel.totalBytes).toBe(3 + 3 + 4)
  })

  it('include_hidden_files takes dot files and dot directories too', async () => {
    expect(await names([join(dir, 'dist')], true)).toEqual(['.cache/x.bin', '.env', 'app.js', 'app.js.map', 'lib/util.js'])
  })

  it('wildcards and ! excludes', async () => {
    expect(await names([join(dir, 'dist/**/*.js')])).toEqual(['app.js', 'lib/util.js'])
    expect(await names([join(dir, 'dist'), `!${join(dir, 'dist/**/*.map')}`])).toEqual(['app.js', 'lib/util.js'])
  })

  it('several patterns: paths relative to the least common ancestor of the search paths', async () => {
    const sel = await selectFiles([join(dir, 'dist/lib'), join(dir, 'docs/readme.md')], { includeHiddenFiles: false })
    expect(sel.root).toBe(dir)
    expect(sel.files.map((f) => f.name)).toEqual(['dist/lib/util.js', 'docs/readme.md'])
  })

  it('one file named directly is stored without its directories', async () => {
    const sel = await selectFiles([join(dir, 'docs/readme.md')], { includeHiddenFiles: false })
    expect(sel.root).toBe(join(dir, 'docs'))
    expect(sel.files.map((f) => f.name)).toEqual(['readme.md'])
  })

  it('follows symbolic links (stored under the link path, read from the target); broken links are skipped', async () => {
    const d = tree({ 'real/data.txt': 'data' })
    mkdirSync(join(d, 'out'))
    symlinkSync(join(d, 'real/data.txt'), join(d, 'out/link.txt'))
    symlinkSync(join(d, 'real'), join(d, 'out/linked-dir'))
    symlinkSync(join(d, 'missing'), join(d, 'out/broken'))
    const sel = await selectFiles([join(d, 'out')], { includeHiddenFiles: false })
    expect(sel.files.map((f) => [f.name, f.source])).toEqual([
      ['link.txt', join(d, 'real/data.txt')],
      ['linked-dir/data.txt', join(d, 'real/data.txt')]
    ])
  })

  it('no match gives an empty selection', async () => {
    expect(await names([join(dir, 'nothing-here/*.zip')])).toEqual([])
  })

  it('reports paths that differ only in case', async () => {
    const d = tree({ 'a/Read.txt': '1', 'a/read.txt': '2' })
    expect((await selectFiles([join(d, 'a')], { includeHiddenFiles: false })).caseCollisions).toEqual(['read.txt'])
  })

  it('commonAncestor works segment by segment', () => {
    expect(commonAncestor(['/a/bc/d', '/a/b/e'])).toBe('/a')
    expect(commonAncestor(['/x', '/y'])).toBe('/')
  })
})
