import { describe, expect, it } from '@jest/globals'
import { parseTarget, secretNameProblem, targetLabel } from '../../../src/github/targets.js'

const org = { visibility: 'private' as const, selectedRepositories: [] }

describe('secret targets', () => {
  it('parses every kind, keeping spaces and slashes of environment names', () => {
    expect(parseTarget('repo:octo-org/app', org)).toEqual({ kind: 'repo', owner: 'octo-org', repo: 'app' })
    expect(parseTarget('dependabot: octo-org/app.js', org)).toEqual({ kind: 'dependabot', owner: 'octo-org', repo: 'app.js' })
    expect(parseTarget('environment:octo-org/app/deploy/prod space', org)).toEqual({
      kind: 'environment',
      owner: 'octo-org',
      repo: 'app',
      environment: 'deploy/prod space'
    })
    expect(parseTarget('org:octo-org', { visibility: 'selected', selectedRepositories: ['app'] })).toEqual({
      kind: 'org',
      org: 'octo-org',
      visibility: 'selected',
      selectedRepositories: ['app']
    })
  })

  it('labels targets stably', () => {
    expect(targetLabel(parseTarget('ENV:o/r/prod eu', org))).toBe('environment:o/r/prod eu')
    expect(targetLabel(parseTarget('organization:acme', org))).toBe('org:acme')
  })

  it.each([
    ['octo-org/app', /has no kind/],
    ['repo:octo-org', /owner\/name/],
    ['repo:octo-org/app/extra', /owner\/name/],
    ['repo:-bad/app', /not a valid GitHub account name/],
    ['environment:octo-org/app', /environment:owner\/name\/environment name/],
    ['org:bad org', /not a valid organization name/],
    ['gist:octo-org/app', /unknown kind "gist"/]
  ])('rejects %s', (spec, message) => {
    expect(() => parseTarget(spec, org)).toThrow(message)
  })

  it("checks GitHub's secret name rules", () => {
    expect(secretNameProblem('OCTOPUS_API_KEY')).toBeUndefined()
    expect(secretNameProblem('_private9')).toBeUndefined()
    expect(secretNameProblem('MY-SECRET')).toMatch(/letters, digits and underscores/)
    expect(secretNameProblem('9LIVES')).toMatch(/digit/)
    expect(secretNameProblem('github_token')).toMatch(/GITHUB_/)
  })
})
