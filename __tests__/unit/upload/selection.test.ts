import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
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
    const sel = await selectFiles([join(d, 'out')], { includeHiddenFiles: false, workspace: d })
    expect(sel.files.map((f) => [f.name, f.source])).toEqual([
      ['link.txt', join(d, 'real/data.txt')],
      ['linked-dir/data.txt', join(d, 'real/data.txt')]
    ])
    expect(sel.refused).toEqual([])
  })

  describe('what a link may reach', () => {
    const outside = tree({ 'secret.txt': 'not for upload', 'dir/key.pem': 'key' })
    const workspace = tree({ 'dist/app.js': 'app', 'real/data.txt': 'data' })
    symlinkSync(join(outside, 'secret.txt'), join(workspace, 'dist/outside.txt'))
    symlinkSync(join(outside, 'dir'), join(workspace, 'dist/outside-dir'))
    symlinkSync('/proc/self/environ', join(workspace, 'dist/environ'))
    symlinkSync(join(workspace, 'real/data.txt'), join(workspace, 'dist/inside.txt'))
    symlinkSync(outside, join(workspace, 'linked-out'))
    const select = (patterns: string[]) => selectFiles(patterns, { includeHiddenFiles: false, workspace })

    it('links inside the workspace are followed; links out of it, and into /proc, are refused with the reason', async () => {
      const sel = await select([join(workspace, 'dist')])
      expect(sel.files.map((f) => f.name)).toEqual(['app.js', 'inside.txt'])
      expect(sel.refused.map((r) => [r.path.slice(workspace.length + 1), r.reason]).sort()).toEqual([
        ['dist/environ', expect.stringMatching(/^a link to \/proc\/\d+\/environ, in \/proc, which is never read$/)],
        ['dist/outside-dir/key.pem', `a link to ${join(outside, 'dir/key.pem')}, outside the workspace`],
        ['dist/outside.txt', `a link to ${join(outside, 'secret.txt')}, outside the workspace`]
      ])
    })

    it('a named directory that is a link out of the workspace is refused too', async () => {
      const sel = await select([join(workspace, 'linked-out')])
      expect(sel.files).toEqual([])
      expect(sel.refused.map((r) => r.reason)).toEqual([
        `a link to ${join(outside, 'dir/key.pem')}, outside the workspace`,
        `a link to ${join(outside, 'secret.txt')}, outside the workspace`
      ])
    })

    it('a path named outside the workspace may be uploaded, but its links may not leave it', async () => {
      const named = tree({ 'out/a.txt': 'a' })
      symlinkSync(join(outside, 'secret.txt'), join(named, 'out/leak.txt'))
      const sel = await select([join(named, 'out')])
      expect(sel.files.map((f) => f.name)).toEqual(['a.txt'])
      expect(sel.refused.map((r) => r.path)).toEqual([join(named, 'out/leak.txt')])
    })

    it('/proc, /sys and /dev are never read, even when named', async () => {
      const sel = await select(['/proc/self/environ'])
      expect(sel.files).toEqual([])
      expect(sel.refused[0].reason).toMatch(/in \/proc, which is never read$/)
    })

    it('only regular files are read: a named pipe is refused', async () => {
      const d = tree({ 'out/a.txt': 'a' })
      execFileSync('mkfifo', [join(d, 'out/pipe')])
      const sel = await selectFiles([join(d, 'out')], { includeHiddenFiles: false, workspace: d })
      expect(sel.files.map((f) => f.name)).toEqual(['a.txt'])
      expect(sel.refused).toEqual([{ path: join(d, 'out/pipe'), reason: 'a named pipe, not a regular file' }])
    })
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
