import { describe, expect, it } from '@jest/globals'
import { parseInputs } from '../../../../src/actions/deploy/inputs.js'
import { ConfigurationError } from '../../../../src/core/errors.js'
import { InputReader } from '../../../../src/core/inputs.js'
import { rejectionOf } from '../../../helpers/rejection.js'

const reader = (inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}) => new InputReader((n) => inputs[n] ?? '', { env })

describe('deploy parseInputs', () => {
  it('reports every missing input together, each naming its env fallback', async () => {
    const err = await rejectionOf<ConfigurationError>(Promise.resolve().then(() => parseInputs(reader({}))))
    expect(err).toBeInstanceOf(ConfigurationError)
    expect(err.problems).toEqual([
      expect.stringContaining("input 'server' (or the OCTOPUS_URL environment variable) is required"),
      expect.stringContaining("set 'api_key' (or the OCTOPUS_API_KEY environment variable)"),
      "input 'project' is required",
      "input 'release_number' is required",
      expect.stringContaining("input 'environments' is required")
    ])
  })

  it('takes the connection from the environment and a single environment for tenanted deployments', () => {
    const parsed = parseInputs(
      reader(
        { project: 'Random Quotes SaaS', release_number: 'latest', environment: 'Prod', tenants: '*', timeout: '10m' },
        { OCTOPUS_URL: 'https://octopus.example.com/api/', OCTOPUS_API_KEY: 'API-ABC123', OCTOPUS_SPACE: 'Spaces-2' }
      )
    )
    expect(parsed.connection.server).toBe('https://octopus.example.com')
    expect(parsed.connection.space).toBe('Spaces-2')
    expect(parsed.environments).toEqual(['Prod'])
    expect(parsed.options.tenants).toEqual(['*'])
    expect(parsed.options.timeoutMs).toBe(600_000)
    expect(parsed.releaseNumber).toBe('latest')
  })

  it('rejects environments together with environment, and bad values, in one report', () => {
    expect(() =>
      parseInputs(
        reader({
          server: 'https://octopus.example.com',
          api_key: 'API-ABC123',
          project: 'P',
          release_number: '1.0.0',
          environments: 'Dev\nTest',
          environment: 'Prod',
          show_task_log: 'yes',
          poll_interval: '0s'
        })
      )
    ).toThrow(
      new ConfigurationError([
        "input 'poll_interval' must be at least 1s (got \"0s\")",
        "input 'show_task_log' must be true or false (got \"yes\")",
        "inputs 'environments' and 'environment' cannot be used together: give only one"
      ])
    )
  })
})
