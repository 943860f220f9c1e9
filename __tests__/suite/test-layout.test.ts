/**
 * The test layout (jest.config.js): every test file runs in exactly one jest project, so a file added or moved to a
 * folder no project covers cannot silently stop running; and the unit tests mirror `src/` one to one.
 */
import { describe, expect, it } from '@jest/globals'
import { existsSync, readdirSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { pathToFileURL } from 'node:url'
import { REPO_ROOT } from '../helpers/repo.js'

interface ProjectConfig {
  displayName: string
  testRegex: string[]
  testPathIgnorePatterns: string[]
}

const SKIP = new Set(['node_modules', 'dist', 'lib', 'coverage', '.git'])

/** Every `*.test.ts` in the repository, outside dependencies, build output and the fixtures. */
function testFiles(dir = REPO_ROOT): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) {
      if (!SKIP.has(entry.name) && relative(REPO_ROOT, path) !== join('__tests__', 'fixtures')) out.push(...testFiles(path))
    } else if (entry.name.endsWith('.test.ts')) out.push(path)
  }
  return out
}

async function projects(): Promise<ProjectConfig[]> {
  const config = (await import(pathToFileURL(join(REPO_ROOT, 'jest.config.js')).href)) as { default: { projects: ProjectConfig[] } }
  return config.default.projects
}

/** The projects jest would run a file in: a testRegex matches the absolute path and no ignore pattern does. */
function projectsOf(file: string, all: ProjectConfig[]): string[] {
  return all
    .filter((p) => p.testRegex.some((r) => new RegExp(r).test(file)))
    .filter((p) => !p.testPathIgnorePatterns.some((r) => new RegExp(r.replace('<rootDir>', REPO_ROOT)).test(file)))
    .map((p) => p.displayName)
}

describe('test layout', () => {
  it('runs every test file in exactly one jest project', async () => {
    const all = await projects()
    expect(all.map((p) => p.displayName)).toEqual(['unit', 'integration', 'bundle'])
    const files = testFiles()
    expect(files.length).toBeGreaterThan(100)
    const wrong = files
      .map((f) => ({ file: relative(REPO_ROOT, f), in: projectsOf(f, all) }))
      .filter((f) => f.in.length !== 1)
      .map((f) => `${f.file}: ${f.in.length === 0 ? 'in no project (move it under unit/, integration/, sandbox/, conformance/, tools/ or bundle/)' : `in ${f.in.join(' and ')}`}`)
    expect(wrong).toEqual([])
  })

  it('mirrors src/ in the unit tests: __tests__/unit/<path>.test.ts tests src/<path>.ts', () => {
    const unitRoot = join(REPO_ROOT, '__tests__', 'unit')
    const orphans = testFiles(unitRoot)
      .map((f) => relative(unitRoot, f).split(sep).join('/'))
      .filter((f) => !existsSync(join(REPO_ROOT, 'src', f.replace(/\.test\.ts$/, '.ts'))))
    expect(orphans).toEqual([])
  })

  it('reports a test file outside the project folders as in no project', async () => {
    const all = await projects()
    expect(projectsOf(join(REPO_ROOT, '__tests__', 'core', 'http.test.ts'), all)).toEqual([])
    expect(projectsOf(join(REPO_ROOT, 'src', 'core', 'http.test.ts'), all)).toEqual([])
    expect(projectsOf(join(REPO_ROOT, '__tests__', 'fixtures', 'x', 'a.test.ts'), all)).toEqual([])
    expect(projectsOf(join(REPO_ROOT, '__tests__', 'unit', 'core', 'http.test.ts'), all)).toEqual(['unit'])
    expect(projectsOf(join(REPO_ROOT, '__tests__', 'sandbox', 'gocd', 'reads.test.ts'), all)).toEqual(['integration'])
    expect(projectsOf(join(REPO_ROOT, '__tests__', 'bundle', 'smoke.test.ts'), all)).toEqual(['bundle'])
  })
})
