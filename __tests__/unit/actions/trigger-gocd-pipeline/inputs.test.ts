import { describe, expect, it } from '@jest/globals'
import { ConfigurationError } from '../../../../src/core/errors.js'
import { InputReader } from '../../../../src/core/inputs.js'
import { SecretRegistry } from '../../../../src/core/secrets.js'
import { parseInputs, parseWaitFor } from '../../../../src/actions/trigger-gocd-pipeline/inputs.js'
import { rejectionOf } from '../../../helpers/rejection.js'

function parse(inputs: Record<string, string>, env: Record<string, string> = {}) {
  const secrets = new SecretRegistry()
  const reader = new InputReader((n) => inputs[n] ?? '', { env, secrets })
  return { secrets, reader, run: () => parseInputs(reader) }
}

const base = { server: 'https://gocd.example.com', token: 'tok-1234567890', pipeline: 'deploy-service' }

describe('trigger-gocd-pipeline inputs', () => {
  it('applies the defaults', () => {
    const inputs = parse(base).run()
    expect(inputs).toEqual({
      connection: { server: 'https://gocd.example.com/go', auth: { kind: 'token', token: 'tok-1234567890' }, tls: { caCertificate: undefined, insecureSkipTlsVerify: false } },
      pipeline: 'deploy-service',
      environmentVariables: [],
      secureEnvironmentVariables: [],
      materials: [],
      updateMaterials: true,
      wait: true,
      waitFor: { kind: 'all_stages' },
      timeoutMs: 3_600_000,
      queueIfBusy: true,
      unpause: false,
      cancelOnTimeout: false,
      comment: undefined
    })
  })

  it('parses variables, secure variables, materials and the switches as workflow_dispatch strings', () => {
    const { run, secrets } = parse({
      ...base,
      environment_variables: 'DEPLOY_ENV=production\nRELEASE_NOTES=a=b: c\n# comment\n',
      secure_environment_variables: 'API_TOKEN=very-secret-value\n',
      materials: 'https://github.com/example/deploy-service.git=e3b0c44298fc1c149afbf4c8996fb92427ae41e4\nup42=up42/2/up42_stage/1',
      update_materials: 'false',
      wait: 'TRUE',
      wait_for: 'integration',
      timeout: '15m',
      queue_if_busy: 'false',
      unpause: 'true',
      cancel_on_timeout: 'true',
      comment: 'Triggered by https://github.com/o/r/actions/runs/1'
    })
    const inputs = run()
    expect(inputs.environmentVariables).toEqual([
      { name: 'DEPLOY_ENV', value: 'production', secure: false },
      { name: 'RELEASE_NOTES', value: 'a=b: c', secure: false }
    ])
    expect(inputs.secureEnvironmentVariables).toEqual([{ name: 'API_TOKEN', value: 'very-secret-value', secure: true }])
    expect(secrets.redact('API_TOKEN=very-secret-value')).toBe('***')
    expect(inputs.materials).toEqual([
      ['https://github.com/example/deploy-service.git', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4'],
      ['up42', 'up42/2/up42_stage/1']
    ])
    expect(inputs).toMatchObject({ updateMaterials: false, wait: true, waitFor: { kind: 'stage', name: 'integration' }, timeoutMs: 900_000, queueIfBusy: false, unpause: true, cancelOnTimeout: true })
  })

  it('reports every problem at once without showing secure values', async () => {
    const { run } = parse({
      token: 'tok-1234567890',
      pipeline: 'no spaces allowed',
      environment_variables: 'JUST_A_NAME',
      secure_environment_variables: 'S3CR3T-without-name\nAPI_TOKEN=x-secret-1\nAPI_TOKEN=x-secret-2\nDEPLOY_ENV=x',
      materials: 'repo=',
      wait: 'yes',
      wait_for: 'all stages',
      timeout: '5s',
      update_materials: '1'
    }, { GOCD_TOKEN: '' })
    const err = await rejectionOf<ConfigurationError>(Promise.resolve().then(run))
    expect(err).toBeInstanceOf(ConfigurationError)
    expect(err.problems).toEqual([
      "input 'server' (or the GOCD_URL environment variable) is required: set it in 'with:' or set GOCD_URL",
      'input \'environment_variables\' line 1 ("JUST_A_NAME") has no \'=\': expected name=value (got "JUST_A_NAME")',
      'input \'update_materials\' must be true or false (got "1")',
      'input \'wait\' must be true or false (got "yes")',
      "input 'timeout' must be at least 10s (got \"5s\")",
      'input \'pipeline\' must be a GoCD pipeline name (letters, digits, _, - and .), got "no spaces allowed"',
      "input 'secure_environment_variables' line 1 has no '=': expected NAME=value (the line is not shown because it may hold a secret)",
      "input 'secure_environment_variables' 'API_TOKEN' is given twice",
      "input 'materials': 'repo' has an empty revision",
      'input \'wait_for\' must be first_stage, all_stages or a stage name (letters, digits, _, - and .), got "all stages"'
    ])
    expect(err.message).not.toMatch(/S3CR3T|x-secret/)
  })

  it('refuses a variable given both plain and secure', async () => {
    const { run } = parse({ ...base, environment_variables: 'A=1', secure_environment_variables: 'A=2222' })
    const err = await rejectionOf<ConfigurationError>(Promise.resolve().then(run))
    expect(err.problems).toEqual(["variables 'A' are given in both 'environment_variables' and 'secure_environment_variables'"])
  })

  it('reads every declared input even when the required ones are missing', () => {
    const { reader, run } = parse({})
    expect(() => run()).toThrow(ConfigurationError)
    expect([...reader.read].sort()).toEqual(
      [
        'ca_certificate', 'cancel_on_timeout', 'comment', 'environment_variables', 'insecure_skip_tls_verify', 'materials', 'password', 'pipeline',
        'queue_if_busy', 'secure_environment_variables', 'server', 'timeout', 'token', 'unpause', 'update_materials', 'username', 'wait', 'wait_for'
      ].sort()
    )
  })

  it.each([
    ['first_stage', { kind: 'first_stage' }],
    ['ALL_STAGES', { kind: 'all_stages' }],
    ['deploy.prod-1', { kind: 'stage', name: 'deploy.prod-1' }]
  ])('wait_for %s', (text, expected) => {
    expect(parseWaitFor(text)).toEqual(expected)
  })
})
