import { describe, expect, it } from '@jest/globals'
import { ConfigurationError } from '../../../src/core/errors.js'
import { InputReader } from '../../../src/core/inputs.js'
import { SecretRegistry } from '../../../src/core/secrets.js'
import { readOctopusConnection } from '../../../src/octopus/connection.js'

const KEY = 'API-CONNECTIONTEST0123456789AB'
const TOKEN = 'eyJhbGciOiJQUzI1NiJ9.connection-test-token.sig'

function read(inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}) {
  const secrets = new SecretRegistry()
  const reader = new InputReader((n) => inputs[n] ?? '', { env, secrets })
  const result = readOctopusConnection(reader)
  return { result, secrets, finish: () => reader.finish(), problems: reader.problems }
}

describe('readOctopusConnection', () => {
  it('normalises the server URL: trailing slash and pasted /api removed, virtual directory kept', () => {
    expect(read({ server: 'https://octo.example.com/api/', api_key: KEY }).result.server).toBe('https://octo.example.com')
    expect(read({ server: 'https://example.com/octopus/api', api_key: KEY }).result.server).toBe('https://example.com/octopus')
    expect(read({}, { OCTOPUS_URL: 'https://env.example.com/', OCTOPUS_API_KEY: KEY }).result.server).toBe('https://env.example.com')
  })

  it('reads the API key from the input or OCTOPUS_API_KEY and masks it at once', () => {
    const a = read({ server: 'https://o', api_key: KEY })
    expect(a.result.auth).toEqual({ kind: 'apiKey', apiKey: KEY, source: 'input' })
    expect(a.secrets.has(KEY)).toBe(true)
    const b = read({ server: 'https://o' }, { OCTOPUS_API_KEY: KEY })
    expect(b.result.auth).toEqual({ kind: 'apiKey', apiKey: KEY, source: 'env' })
  })

  it('uses OCTOPUS_ACCESS_TOKEN (masked) when no credential input is given', () => {
    const r = read({ server: 'https://o' }, { OCTOPUS_ACCESS_TOKEN: TOKEN })
    expect(r.result.auth).toEqual({ kind: 'accessToken', accessToken: TOKEN })
    expect(r.secrets.has(TOKEN)).toBe(true)
    expect(r.problems).toEqual([])
  })

  it('signs in with OIDC when service_account_id is given, even if env credentials exist', () => {
    const r = read({ server: 'https://o', service_account_id: 'b7d5c5a6-0000-4000-8000-000000000001' }, { OCTOPUS_API_KEY: KEY })
    expect(r.result.auth).toEqual({ kind: 'oidc', serviceAccountId: 'b7d5c5a6-0000-4000-8000-000000000001' })
    expect(r.problems).toEqual([])
  })

  it('rejects two credentials and no credential, naming inputs and env variables', () => {
    expect(read({ server: 'https://o', api_key: KEY, service_account_id: 'x' }).problems.join()).toMatch(/'api_key' and 'service_account_id' cannot be used together/)
    expect(read({ server: 'https://o' }, { OCTOPUS_API_KEY: KEY, OCTOPUS_ACCESS_TOKEN: TOKEN }).problems.join()).toMatch(/both OCTOPUS_API_KEY and OCTOPUS_ACCESS_TOKEN/)
    const none = read({})
    expect(() => none.finish()).toThrow(ConfigurationError)
    expect(none.problems.join('\n')).toMatch(/'server' \(or the OCTOPUS_URL environment variable\) is required/)
    expect(none.problems.join('\n')).toMatch(/credential is required.*OCTOPUS_API_KEY.*service_account_id.*OCTOPUS_ACCESS_TOKEN/)
  })

  it('rejects a value that is not an API key without echoing it', () => {
    const wrong = 'ghp_thisIsAGithubTokenNotAnOctopusKey'
    const r = read({ server: 'https://o', api_key: wrong })
    expect(r.problems.join()).toMatch(/does not look like an Octopus API key/)
    expect(r.problems.join()).not.toContain(wrong)
  })

  it('reads the space (OCTOPUS_SPACE fallback) and the TLS inputs', () => {
    expect(read({ server: 'https://o', api_key: KEY, space: 'Spaces-2' }).result.space).toBe('Spaces-2')
    expect(read({ server: 'https://o', api_key: KEY }, { OCTOPUS_SPACE: 'Operations' }).result.space).toBe('Operations')
    expect(read({ server: 'https://o', api_key: KEY }).result.space).toBeUndefined()
    expect(read({ server: 'https://o', api_key: KEY, insecure_skip_tls_verify: 'true' }).result.tls.insecureSkipTlsVerify).toBe(true)
    expect(read({ server: 'https://o', api_key: KEY, insecure_skip_tls_verify: 'yes' }).problems.join()).toMatch(/insecure_skip_tls_verify.*true or false/)
  })
})
