import { describe, expect, it } from '@jest/globals'
import { ConfigurationError } from '../../../src/core/errors.js'
import { InputReader, envInputSource } from '../../../src/core/inputs.js'
import { SecretRegistry } from '../../../src/core/secrets.js'

function reader(values: Record<string, string>, env: Record<string, string> = {}, secrets?: SecretRegistry) {
  return new InputReader((n) => values[n] ?? '', { env, secrets })
}

describe('InputReader', () => {
  it('reads inputs the way the runner passes them (INPUT_<NAME>)', () => {
    const source = envInputSource({ INPUT_SERVER: 'https://a', 'INPUT_RELEASE_NUMBER': '1.0', 'INPUT_MY_INPUT': 'x' })
    expect(source('server')).toBe('https://a')
    expect(source('release_number')).toBe('1.0')
    expect(source('my input')).toBe('x')
    expect(source('missing')).toBe('')
  })

  it('falls back to the environment variable and says so when both are missing', () => {
    expect(reader({}, { OCTOPUS_URL: 'https://env.example' }).url('server', { env: 'OCTOPUS_URL', required: true })).toBe('https://env.example')
    const r = reader({})
    r.url('server', { env: 'OCTOPUS_URL', required: true })
    expect(r.problems).toEqual([
      "input 'server' (or the OCTOPUS_URL environment variable) is required: set it in 'with:' or set OCTOPUS_URL"
    ])
  })

  it('prefers the input over the environment', () => {
    expect(reader({ server: 'https://input' }, { OCTOPUS_URL: 'https://env' }).url('server', { env: 'OCTOPUS_URL' })).toBe('https://input')
  })

  it('collects every problem and reports them together', () => {
    const r = reader({ wait: 'yes', timeout: 'soon', count: 'many', mode: 'sideways', vars: 'novalue' })
    r.required('project')
    r.boolean('wait', true)
    r.duration('timeout')
    r.integer('count')
    r.enumOf('mode', ['fast', 'slow'] as const)
    r.map('vars')
    let error: unknown
    try {
      r.finish()
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(ConfigurationError)
    const problems = (error as ConfigurationError).problems
    expect(problems).toHaveLength(6)
    expect(problems.join('\n')).toMatch(/'project' is required/)
    expect(problems.join('\n')).toMatch(/'wait' must be true or false \(got "yes"\)/)
    expect(problems.join('\n')).toMatch(/'timeout' must be a duration/)
    expect(problems.join('\n')).toMatch(/'count' must be a whole number/)
    expect(problems.join('\n')).toMatch(/'mode' must be one of fast, slow/)
    expect(problems.join('\n')).toMatch(/'vars' line 1/)
    expect((error as Error).message).toMatch(/^invalid configuration \(6 problems\):\n {2}- /)
  })

  it('gives defaults for empty optional inputs and parses good values', () => {
    const r = reader({ wait: 'FALSE', timeout: '10m', mode: 'SLOW', envs: 'Dev\nTest' })
    expect(r.boolean('wait', true)).toBe(false)
    expect(r.boolean('other', true)).toBe(true)
    expect(r.duration('timeout')).toBe(600_000)
    expect(r.enumOf('mode', ['fast', 'slow'] as const)).toBe('slow')
    expect(r.list('envs')).toEqual(['Dev', 'Test'])
    expect(r.list('none')).toEqual([])
    expect(r.string('greeting', { default: 'hi' })).toBe('hi')
    expect(() => r.finish()).not.toThrow()
  })

  it('treats whitespace-only values as empty', () => {
    const r = reader({ project: '   \n ' })
    expect(r.required('project')).toBe('')
    expect(r.problems).toHaveLength(1)
  })

  it('registers secrets when read (input or env) and never echoes them in problems', () => {
    const masked: string[] = []
    const secrets = new SecretRegistry((v) => masked.push(v))
    const r = reader({ api_key: '  API-ABCDEFGH12345  ' }, { GOCD_PASSWORD: 'pw-from-env-123' }, secrets)
    expect(r.string('api_key', { secret: true })).toBe('API-ABCDEFGH12345')
    r.string('password', { env: 'GOCD_PASSWORD', secret: true })
    expect(masked).toContain('API-ABCDEFGH12345')
    expect(masked).toContain('pw-from-env-123')
    const bad = reader({ secret_flag: 'hunter2-secret' }, {}, secrets)
    bad.boolean('secret_flag', false, { secret: true })
    expect(bad.problems.join()).not.toContain('hunter2')
  })

  it('checks mutually exclusive and at-least-one groups', () => {
    const r = reader({})
    r.exclusive({ release_notes: 'x', release_notes_file: 'y' })
    r.exclusive({ a: 'x', b: undefined })
    r.atLeastOne({ environments: [], tenants: [] }, 'say where to deploy')
    r.atLeastOne({ environments: ['Dev'], tenants: [] })
    expect(r.problems).toEqual([
      "inputs 'release_notes' and 'release_notes_file' cannot be used together: give only one",
      "one of the inputs 'environments', 'tenants' is required: say where to deploy"
    ])
  })

  it('records the names it read (for the metadata invariant)', () => {
    const r = reader({})
    r.string('a')
    r.boolean('b', false)
    r.list('c')
    expect([...r.read]).toEqual(['a', 'b', 'c'])
  })
})

describe('InputReader length bounds', () => {
  it('rejects an oversized value, naming the input, without echoing it', () => {
    const r = new InputReader((n) => (n === 'release_number' ? 'x'.repeat(100_000) : ''), { env: {} })
    expect(r.string('release_number', { maxLength: 200 })).toBeUndefined()
    expect(r.problems).toEqual(["input 'release_number' is too long: 100000 characters, at most 200"])
  })
  it('accepts a value at the bound', () => {
    const r = new InputReader(() => 'x'.repeat(200), { env: {} })
    expect(r.string('project', { maxLength: 200 })).toHaveLength(200)
    expect(r.problems).toEqual([])
  })
})
