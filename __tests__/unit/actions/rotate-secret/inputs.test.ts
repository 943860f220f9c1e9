import { describe, expect, it } from '@jest/globals'
import { ConfigurationError } from '../../../../src/core/errors.js'
import { InputReader } from '../../../../src/core/inputs.js'
import { SecretRegistry } from '../../../../src/core/secrets.js'
import { parseInputs } from '../../../../src/actions/rotate-secret/inputs.js'

function read(inputs: Record<string, string>, env: Record<string, string> = {}) {
  const masked: string[] = []
  const reader = new InputReader((n) => inputs[n] ?? '', { env, secrets: new SecretRegistry((v) => masked.push(v)) })
  return { parse: () => parseInputs(reader), masked }
}

const base = { source: 'random', secret_name: 'DEPLOY_TOKEN', github_token: 'ghp_abcdefghijklmnop0123' }

describe('rotate-secret inputs', () => {
  it('defaults: the current repository, revoke previous, keep none, 32 alphanumeric characters', () => {
    const { parse, masked } = read(base, { GITHUB_REPOSITORY: 'octo-org/app', GITHUB_API_URL: 'https://ghes.example.com/api/v3/' })
    const inputs = parse()
    expect(inputs.targets).toEqual([{ kind: 'repo', owner: 'octo-org', repo: 'app' }])
    expect(inputs).toMatchObject({ source: 'random', revokePrevious: true, keepPrevious: 0, dryRun: false, length: 32, charset: 'alphanumeric' })
    expect(inputs.githubApiUrl).toBe('https://ghes.example.com/api/v3')
    expect(masked).toContain('ghp_abcdefghijklmnop0123')
  })

  it('reads the token from GH_TOKEN and masks a given value at once', () => {
    const { parse, masked } = read({ source: 'value', secret_name: 'X_Y', value: 'given-value-123', targets: 'repo:o/r' }, { GH_TOKEN: 'ghp_fromenv_0123456789' })
    expect(parse().githubToken).toBe('ghp_fromenv_0123456789')
    expect(masked).toEqual(expect.arrayContaining(['ghp_fromenv_0123456789', 'given-value-123']))
  })

  it('parses every target kind and org visibility settings', () => {
    const { parse } = read({
      ...base,
      targets: 'repo:o/r\nenvironment:o/r/prod eu/blue\norg:o\ndependabot:o/r\n# a comment\n',
      selected_repositories: 'r, other'
    })
    const inputs = parse()
    expect(inputs.targets.map((t) => t.kind)).toEqual(['repo', 'environment', 'org', 'dependabot'])
    expect(inputs.targets[2]).toEqual({ kind: 'org', org: 'o', visibility: 'selected', selectedRepositories: ['r', 'other'] })
  })

  it('reports every problem at once, naming inputs and env fallbacks, never echoing secrets', () => {
    const { parse } = read({
      source: 'magic',
      secret_name: 'GITHUB_THING',
      targets: 'repo:o/r\nrepo:O/R\nnope:o/r',
      visibility: 'all',
      selected_repositories: 'r',
      keep_previous: '-1',
      length: '8',
      charset: 'emoji',
      dry_run: 'yes',
      value: 'should-not-be-echoed'
    })
    let err: ConfigurationError | undefined
    try {
      parse()
    } catch (e) {
      err = e as ConfigurationError
    }
    expect(err).toBeInstanceOf(ConfigurationError)
    const text = err!.message
    expect(text).toMatch(/'source' must be one of octopus_api_key, gocd_access_token, random, value/)
    expect(text).toMatch(/'github_token' \(or the GH_TOKEN environment variable\) is required/)
    expect(text).toMatch(/'secret_name' must not start with GITHUB_/)
    expect(text).toMatch(/lists repo:O\/R twice/)
    expect(text).toMatch(/unknown kind "nope"/)
    expect(text).toMatch(/'selected_repositories' needs 'visibility: selected'/)
    expect(text).toMatch(/'keep_previous' must be at least 0/)
    expect(text).toMatch(/'length' must be at least 16/)
    expect(text).toMatch(/'charset' must be one of alphanumeric, hex, base64url/)
    expect(text).toMatch(/'dry_run' must be true or false/)
    expect(text).not.toContain('should-not-be-echoed')
  })

  it('needs targets when GITHUB_REPOSITORY is not set, a value for source value, and org targets for visibility', () => {
    const { parse } = read({ ...base, source: 'value', visibility: 'private' })
    expect(() => parse()).toThrow(/'targets' \(or the GITHUB_REPOSITORY environment variable\) is required[\s\S]*'value' is required when source is value/)
    const { parse: p2 } = read({ ...base, targets: 'repo:o/r', visibility: 'all' })
    expect(() => p2()).toThrow(/apply to org targets only/)
  })

  it('octopus_api_key reads the shared Octopus connection inputs with their env fallbacks', () => {
    const { parse, masked } = read(
      { ...base, source: 'octopus_api_key', targets: 'repo:o/r', expires_in_days: '90' },
      { OCTOPUS_URL: 'https://octopus.example.com/api', OCTOPUS_API_KEY: 'API-ABCDEFGHIJKLMNOP' }
    )
    const inputs = parse()
    expect(inputs.octopus).toMatchObject({ server: 'https://octopus.example.com', auth: { kind: 'apiKey', apiKey: 'API-ABCDEFGHIJKLMNOP' } })
    expect(inputs.expiresInDays).toBe(90)
    expect(inputs.gocd).toBeUndefined()
    expect(masked).toContain('API-ABCDEFGHIJKLMNOP')
  })

  it('gocd_access_token needs username and password: GoCD refuses its token APIs to token auth', () => {
    const ok = read({ ...base, source: 'gocd_access_token', targets: 'repo:o/r', server: 'https://gocd.example.com', username: 'deployer', password: 'pa55-word-xyz' })
    expect(ok.parse().gocd).toMatchObject({ server: 'https://gocd.example.com/go', auth: { kind: 'basic', username: 'deployer' } })
    expect(ok.masked).toContain('pa55-word-xyz')
    const token = read({ ...base, source: 'gocd_access_token', targets: 'repo:o/r', server: 'https://gocd.example.com' }, { GOCD_TOKEN: '0123456789abcdef0123456789abcdef01234567' })
    expect(() => token.parse()).toThrow(/needs 'username' \(or the GOCD_USERNAME environment variable\) and 'password' .*refuses its access-token APIs .*remove 'token' \/ GOCD_TOKEN/)
    const half = read({ ...base, source: 'gocd_access_token', targets: 'repo:o/r', server: 'https://gocd.example.com', username: 'deployer' })
    expect(() => half.parse()).toThrow(/^invalid configuration: input 'password' \(or the GOCD_PASSWORD environment variable\) is required when/)
  })

  it('the connection inputs of the other source are read but never complained about', () => {
    const { parse } = read({ ...base, targets: 'repo:o/r' }, { GOCD_TOKEN: 'x', OCTOPUS_API_KEY: 'not-an-api-key' })
    expect(parse().octopus).toBeUndefined()
  })
})
