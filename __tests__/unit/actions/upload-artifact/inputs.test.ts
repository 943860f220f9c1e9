import { describe, expect, it } from '@jest/globals'
import { parseInputs } from '../../../../src/actions/upload-artifact/inputs.js'
import { ConfigurationError } from '../../../../src/core/errors.js'
import { InputReader } from '../../../../src/core/inputs.js'
import { SecretRegistry } from '../../../../src/core/secrets.js'
import { rejectionOf } from '../../../helpers/rejection.js'

const parse = (inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}, secrets = new SecretRegistry()) =>
  parseInputs(new InputReader((n) => inputs[n] ?? '', { env, secrets }))

const problems = async (inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}) => {
  const err = await rejectionOf<ConfigurationError>(Promise.resolve().then(() => parse(inputs, env)))
  expect(err).toBeInstanceOf(ConfigurationError)
  return err.problems
}

describe('upload-artifact inputs', () => {
  it('defaults: github destination, artifact name, warn, level 6, no hidden files', () => {
    expect(parse({ path: 'dist/\n!dist/**/*.map' })).toEqual({
      path: ['dist/', '!dist/**/*.map'],
      ifNoFilesFound: 'warn',
      includeHiddenFiles: false,
      destination: 'github',
      compressionLevel: 6,
      github: { name: 'artifact', retentionDays: undefined, overwrite: false },
      octopus: undefined,
      gocd: undefined
    })
  })

  it('path lines keep commas (file names may contain them)', () => {
    expect(parse({ path: 'a,b.txt' }).path).toEqual(['a,b.txt'])
  })

  it('reports every problem at once: strict booleans, ranges, enums', async () => {
    expect(
      await problems({ include_hidden_files: 'yes', compression_level: '10', if_no_files_found: 'fail', retention_days: '0', overwrite: 'TRUE ', destination: 'github', name: 'a|b' })
    ).toEqual([
      "input 'path' is required",
      'input \'if_no_files_found\' must be one of warn, error, ignore (got "fail")',
      'input \'include_hidden_files\' must be true or false (got "yes")',
      'input \'compression_level\' must be at most 9 (got "10")',
      'input \'retention_days\' must be at least 1 (got "0")',
      'input \'name\' contains characters GitHub does not allow in artifact names: vertical bar | (got "a|b")'
    ])
  })

  it('octopus: connection from the environment, pack mode, modes case-insensitive; the API key is masked when read', () => {
    const secrets = new SecretRegistry()
    const got = parse(
      { path: 'out', destination: 'Octopus', package_id: 'Acme.Web', package_version: '1.2.3', overwrite_mode: 'ignoreifexists' },
      { OCTOPUS_URL: 'https://octo.example.com/api', OCTOPUS_API_KEY: 'API-ENVKEY1234567890' },
      secrets
    )
    expect(got.destination).toBe('octopus')
    expect(got.octopus).toMatchObject({ packageId: 'Acme.Web', packageVersion: '1.2.3', overwriteMode: 'IgnoreIfExists' })
    expect(got.octopus!.connection.server).toBe('https://octo.example.com')
    expect(secrets.has('API-ENVKEY1234567890')).toBe(true)
  })

  it('gocd: counters are whole numbers, stage_counter defaults to 1, remote_path stays inside the job', async () => {
    const base = { path: 'out', destination: 'gocd', pipeline: 'up42', stage: 's', job: 'j' }
    expect(parse({ ...base, pipeline_counter: '7', remote_path: '/pkg/' }, { GOCD_URL: 'https://ci.example.com', GOCD_TOKEN: 'tok-1234567890' }).gocd).toMatchObject({
      pipelineCounter: 7,
      stageCounter: 1,
      remotePath: 'pkg',
      connection: { server: 'https://ci.example.com/go', auth: { kind: 'token' } }
    })
    const found = await problems({ ...base, server: 'https://ci', pipeline_counter: 'latest', remote_path: '../other' })
    expect(found).toEqual(['input \'pipeline_counter\' must be a whole number (got "latest")', "input 'remote_path' must be a path inside the job's artifacts, without '.' or '..' segments (got \"../other\")"])
  })

  it('inputs of another destination are an error, not silently ignored; problems of unused destinations are not reported', async () => {
    expect(await problems({ path: 'out', package_id: 'Acme', server: 'https://x' })).toEqual([
      "input 'package_id' only applies to destination octopus, but 'destination' is github: set destination: octopus or remove it",
      "input 'server' only applies to destinations octopus and gocd, but 'destination' is github: set the destination or remove it"
    ])
    expect(await problems({ path: 'out', destination: 'gocd', server: 'https://ci', pipeline: 'p', pipeline_counter: '1', stage: 's', job: 'j', overwrite_mode: 'Nope', api_key: 'API-X' })).toEqual([
      "input 'api_key' only applies to destination octopus, but 'destination' is gocd: set destination: octopus or remove it"
    ])
  })
})
