import { describe, expect, it } from '@jest/globals'
import { ConfigurationError } from '../../../src/core/errors.js'
import { InputReader } from '../../../src/core/inputs.js'
import { SecretRegistry } from '../../../src/core/secrets.js'
import { readGocdConnection, withGoContext } from '../../../src/gocd/connection.js'
import { rejectionOf } from '../../helpers/rejection.js'

function read(inputs: Record<string, string>, env: Record<string, string> = {}) {
  const secrets = new SecretRegistry()
  const reader = new InputReader((n) => inputs[n] ?? '', { env, secrets })
  const run = () => {
    const conn = readGocdConnection(reader)
    reader.finish()
    return conn
  }
  return { reader, secrets, run }
}

describe('readGocdConnection', () => {
  it.each([
    ['https://gocd.example.com', 'https://gocd.example.com/go'],
    ['https://gocd.example.com/', 'https://gocd.example.com/go'],
    ['https://gocd.example.com/go', 'https://gocd.example.com/go'],
    ['https://gocd.example.com/go/', 'https://gocd.example.com/go'],
    ['https://gocd.example.com:8154/go/api', 'https://gocd.example.com:8154/go'],
    ['https://ci.example.com/tools/go', 'https://ci.example.com/tools/go'],
    ['http://10.0.0.5:8153/GO', 'http://10.0.0.5:8153/GO']
  ])('normalises server %s to %s', (input, expected) => {
    expect(read({ server: input }).run().server).toBe(expected)
    expect(withGoContext(expected)).toBe(expected)
  })

  it('falls back to GOCD_URL, GOCD_TOKEN and masks the token at once', () => {
    const { run, secrets } = read({}, { GOCD_URL: 'https://gocd.example.com', GOCD_TOKEN: 'tok-0123456789abcdef' })
    const conn = run()
    expect(conn).toMatchObject({ server: 'https://gocd.example.com/go', auth: { kind: 'token', token: 'tok-0123456789abcdef' } })
    expect(secrets.has('tok-0123456789abcdef')).toBe(true)
  })

  it('reads username and password (env fallbacks) and masks the password', () => {
    const { run, secrets } = read({ server: 'https://g' }, { GOCD_USERNAME: 'ci-bot', GOCD_PASSWORD: 'pw-abcdefgh' })
    expect(run().auth).toEqual({ kind: 'basic', username: 'ci-bot', password: 'pw-abcdefgh' })
    expect(secrets.has('pw-abcdefgh')).toBe(true)
  })

  it('lets credentials given in with: decide over the environment', () => {
    const env = { GOCD_TOKEN: 'tok-from-env-0123456', GOCD_USERNAME: 'env-user', GOCD_PASSWORD: 'pw-from-env-0123' }
    // username and password in with: win over an exported GOCD_TOKEN
    expect(read({ server: 'https://g', username: 'rotator', password: 'pw-input-0123' }, env).run().auth).toEqual({
      kind: 'basic',
      username: 'rotator',
      password: 'pw-input-0123'
    })
    // a username in with: still takes its password from GOCD_PASSWORD
    expect(read({ server: 'https://g', username: 'rotator' }, env).run().auth).toEqual({ kind: 'basic', username: 'rotator', password: 'pw-from-env-0123' })
    // a token in with: is not mixed with GOCD_USERNAME / GOCD_PASSWORD
    expect(read({ server: 'https://g', token: 'tok-input-0123456' }, env).run().auth).toEqual({ kind: 'token', token: 'tok-input-0123456' })
    // nothing in with: and both kinds in the environment is still ambiguous
    expect(() => read({ server: 'https://g' }, env).run()).toThrow(/not both/)
  })

  it('means no authentication when no credential is given', () => {
    expect(read({ server: 'https://g' }).run().auth).toEqual({ kind: 'none' })
  })

  it('reports every problem together, naming inputs and env fallbacks, without echoing secrets', async () => {
    const { run } = read({ token: 'tok-SECRET-123456', username: 'bob', password: 'pw-SECRET-123456', insecure_skip_tls_verify: 'yes' })
    const err = await rejectionOf<ConfigurationError>(Promise.resolve().then(run))
    expect(err).toBeInstanceOf(ConfigurationError)
    expect(err.problems).toEqual([
      "input 'server' (or the GOCD_URL environment variable) is required: set it in 'with:' or set GOCD_URL",
      'input \'insecure_skip_tls_verify\' must be true or false (got "yes")',
      "give either 'token' (or the GOCD_TOKEN environment variable) or 'username' (or the GOCD_USERNAME environment variable) with 'password' (or the GOCD_PASSWORD environment variable), not both"
    ])
    expect(err.message).not.toContain('SECRET')
  })

  it('needs both username and password', async () => {
    const a = await rejectionOf<ConfigurationError>(Promise.resolve().then(read({ server: 'https://g', username: 'bob' }).run))
    expect(a.problems).toEqual([
      "input 'password' (or the GOCD_PASSWORD environment variable) is required when 'username' (or the GOCD_USERNAME environment variable) is given"
    ])
    const b = await rejectionOf<ConfigurationError>(Promise.resolve().then(read({ server: 'https://g', password: 'pw-123456' }).run))
    expect(b.problems[0]).toMatch(/^input 'username' .* is required when 'password'/)
  })

  it('reads every connection input even when they are empty', () => {
    const { reader } = read({})
    try {
      readGocdConnection(reader)
    } catch {
      // only the names read matter
    }
    expect([...reader.read].sort()).toEqual(['ca_certificate', 'insecure_skip_tls_verify', 'password', 'server', 'token', 'username'])
  })

  it('rejects a server URL with credentials', async () => {
    const err = await rejectionOf<ConfigurationError>(Promise.resolve().then(read({ server: 'https://bob:pw@gocd.example.com' }).run))
    expect(err.problems[0]).toMatch(/^input 'server' .* must not contain credentials/)
  })
})
