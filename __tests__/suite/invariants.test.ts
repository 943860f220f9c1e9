/**
 * Invariants over every actions/<name>/action.yml (and the fixture action, which proves the checks work):
 * node24, main pointing at an existing bundle, documented inputs and outputs, snake_case names, and the inputs the
 * code reads equal the inputs the metadata declares.
 */
import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { InputReader } from '../../src/core/inputs.js'
import { compareInputs, inputsReadBy, javascriptActions, listActions, type ActionMeta } from '../helpers/action-metadata.js'
import { REPO_ROOT } from '../helpers/repo.js'

const repo = REPO_ROOT
const fixtureRoot = join(repo, '__tests__/fixtures/suite')

async function parseInputsOf(root: string, name: string): Promise<(r: InputReader) => unknown> {
  const mod = (await import(pathToFileURL(join(root, 'src/actions', name, 'inputs.ts')).href)) as { parseInputs?: (r: InputReader) => unknown }
  if (typeof mod.parseInputs !== 'function') throw new Error(`src/actions/${name}/inputs.ts must export parseInputs(reader)`)
  return mod.parseInputs
}

function checkMetadata(action: ActionMeta, root: string): string[] {
  const problems: string[] = []
  const m = action.meta
  for (const key of ['name', 'description', 'author'] as const) if (!m[key]) problems.push(`missing ${key}`)
  if (!m.branding?.icon || !m.branding?.color) problems.push('missing branding icon/color')
  if (m.runs.using !== 'node24') problems.push(`runs.using is ${m.runs.using}, expected node24`)
  const expected = `../../dist/${action.name}/index.js`
  if (m.runs.main !== expected) problems.push(`runs.main is ${m.runs.main}, expected ${expected}`)
  if (!existsSync(join(root, 'dist', action.name, 'index.js'))) problems.push(`dist/${action.name}/index.js does not exist (run npm run build)`)
  for (const [name, spec] of Object.entries(m.inputs ?? {})) {
    if (!/^[a-z][a-z0-9_]*$/.test(name)) problems.push(`input '${name}' is not snake_case`)
    if (!spec?.description?.trim()) problems.push(`input '${name}' has no description`)
    // The runner refuses to load an action.yml with an expression in a description ("Unrecognized named-value").
    if (spec?.description?.includes('${{')) problems.push(`input '${name}' has an expression in its description`)
  }
  for (const [name, spec] of Object.entries(m.outputs ?? {})) {
    if (!/^[a-z][a-z0-9_]*$/.test(name)) problems.push(`output '${name}' is not snake_case`)
    if (!spec?.description?.trim()) problems.push(`output '${name}' has no description`)
  }
  return problems
}

describe.each([
  ['suite', repo],
  ['fixture', fixtureRoot]
])('%s actions', (_label, root) => {
  const actions = javascriptActions(root)

  if (root === fixtureRoot) {
    it('the fixture exists (the checks below are proven on it)', () => expect(actions.map((a) => a.name)).toEqual(['hello']))
  }

  for (const action of actions) {
    it(`${action.name}: metadata is complete and points at its bundle`, () => {
      expect(checkMetadata(action, root)).toEqual([])
    })

    it(`${action.name}: declared inputs are exactly the inputs the code reads`, async () => {
      const read = inputsReadBy(await parseInputsOf(root, action.name))
      expect(compareInputs(Object.keys(action.meta.inputs ?? {}), read)).toEqual({ declaredNotRead: [], readNotDeclared: [] })
    })
  }
})

describe('the invariant checks catch drift', () => {
  const [hello] = javascriptActions(fixtureRoot)

  it('a declared input that the code never reads', async () => {
    const read = inputsReadBy(await parseInputsOf(fixtureRoot, 'hello'))
    const declared = [...Object.keys(hello.meta.inputs ?? {}), 'forgotten_input']
    expect(compareInputs(declared, read).declaredNotRead).toEqual(['forgotten_input'])
  })

  it('an input the code reads that the metadata does not declare', async () => {
    const read = inputsReadBy(await parseInputsOf(fixtureRoot, 'hello'))
    const declared = Object.keys(hello.meta.inputs ?? {}).filter((n) => n !== 'loud')
    expect(compareInputs(declared, read).readNotDeclared).toEqual(['loud'])
  })

  it('metadata problems', () => {
    const broken: ActionMeta = {
      ...hello,
      name: 'hello',
      meta: {
        ...hello.meta,
        runs: { using: 'node20', main: 'dist/index.js' },
        inputs: { 'Bad-Name': { description: '' }, ref: { description: 'defaults to ${{ github.sha }}' } }
      }
    }
    expect(checkMetadata(broken, join(repo, 'no-such-root'))).toEqual([
      'runs.using is node20, expected node24',
      'runs.main is dist/index.js, expected ../../dist/hello/index.js',
      'dist/hello/index.js does not exist (run npm run build)',
      "input 'Bad-Name' is not snake_case",
      "input 'Bad-Name' has no description",
      "input 'ref' has an expression in its description"
    ])
  })
})

describe('composite actions', () => {
  for (const action of listActions(repo).filter((a) => a.meta.runs.using === 'composite')) {
    it(`${action.name} uses only local actions of this suite by path`, () => {
      const text = readFileSync(action.file, 'utf8')
      for (const m of text.matchAll(/uses:\s*(\S+)/g)) expect(m[1]).toMatch(/^\.\/actions\/[a-z-]+$/)
    })
  }
})

describe('tests never import an action entry point', () => {
  it('no test file imports src/actions/*/index', () => {
    const grep = spawnSync('grep', ['-rlE', "from '.*src/actions/[a-z-]+/index(\\.js)?'", join(repo, '__tests__')], { encoding: 'utf8' })
    expect(grep.stdout.trim()).toBe('')
  })
})
