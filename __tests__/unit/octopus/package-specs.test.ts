import { describe, expect, it } from '@jest/globals'
import { parsePackageSpec, selectPackageVersions, splitPackageLines, type PackageSlot } from '../../../src/octopus/package-specs.js'

describe('parsePackageSpec', () => {
  it.each([
    ['Deploy:1.0.0', { kind: 'two', key: 'Deploy', version: '1.0.0' }],
    ['randomquotes:2.0.0-beta.1', { kind: 'two', key: 'randomquotes', version: '2.0.0-beta.1' }],
    ['*:1.2.3', { kind: 'two', key: '*', version: '1.2.3' }],
    ['Deploy container to Kubernetes:randomquotes:1.0.1', { kind: 'three', step: 'Deploy container to Kubernetes', ref: 'randomquotes', version: '1.0.1' }],
    [' Deploy : * : 3.0 ', { kind: 'three', step: 'Deploy', ref: '*', version: '3.0' }]
  ])('parses %j', (raw, expected) => {
    expect(parsePackageSpec(raw)).toMatchObject(expected)
  })

  it.each(['1.0.0', 'a:b:c:d', 'Deploy:', ':1.0', 'a::1.0', 'Deploy:1.0 beta'])('rejects %j with the accepted forms', (raw) => {
    expect(() => parsePackageSpec(raw)).toThrow(/StepName:Version|spaces/)
  })
})

describe('splitPackageLines', () => {
  it('takes one selection per line, skipping blanks and comments', () => {
    expect(splitPackageLines('\n  a:1 \n# comment\nb:c:2\n')).toEqual(['a:1', 'b:c:2'])
  })
  it('splits comma-separated selections only when every piece is a selection', () => {
    expect(splitPackageLines('a:1, b:2,c:x:3')).toEqual(['a:1', 'b:2', 'c:x:3'])
    expect(splitPackageLines('Deploy web, part 1:1.0')).toEqual(['Deploy web, part 1:1.0'])
  })
})

describe('selectPackageVersions (legacy flow)', () => {
  const slots: PackageSlot[] = [
    { ActionName: 'Deploy', PackageReferenceName: '', PackageId: 'web' },
    { ActionName: 'Deploy', PackageReferenceName: 'sidecar', PackageId: 'proxy' },
    { ActionName: 'Migrate', PackageReferenceName: '', PackageId: 'db' }
  ]
  const pick = (specs: string[], def?: string) => selectPackageVersions(slots, specs.map(parsePackageSpec), def).map((c) => c.version ?? 'latest')

  it('uses the most specific selection for each slot', () => {
    expect(pick(['*:1.0', 'Deploy:2.0', 'Deploy:sidecar:3.0'])).toEqual(['2.0', '3.0', '1.0'])
    expect(pick(['db:5.0', '*:1.0'])).toEqual(['1.0', '1.0', '5.0'])
    expect(pick(['Migrate:6.0', 'db:5.0'])).toEqual(['latest', 'latest', '6.0'])
  })
  it('falls back to package_version, then to the latest version', () => {
    expect(pick(['Migrate:6.0'], '9.9')).toEqual(['9.9', '9.9', '6.0'])
    expect(pick([])).toEqual(['latest', 'latest', 'latest'])
  })
  it('matches a primary package by its id in the reference position', () => {
    expect(pick(['Deploy:web:4.0'])).toEqual(['4.0', 'latest', 'latest'])
  })
  it('names selections that match nothing, with the packages that exist', () => {
    expect(() => pick(['Deplo:1.0', 'Deploy:nope:1.0'])).toThrow(/"Deplo:1.0", "Deploy:nope:1.0" match no step or package.*Deploy:sidecar \(package proxy\)/)
  })
})
