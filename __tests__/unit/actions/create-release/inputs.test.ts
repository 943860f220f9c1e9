import { describe, expect, it } from '@jest/globals'
import { parseInputs } from '../../../../src/actions/create-release/inputs.js'
import { ConfigurationError } from '../../../../src/core/errors.js'
import { InputReader } from '../../../../src/core/inputs.js'
import { SecretRegistry } from '../../../../src/core/secrets.js'
import { rejectionOf } from '../../../helpers/rejection.js'

const BASE = { server: 'https://octopus.example.com', api_key: 'API-INPUTSTEST0123456789ABCDE', project: 'Random Quotes' }

function parse(inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}) {
  return parseInputs(new InputReader((n) => inputs[n] ?? '', { env, secrets: new SecretRegistry() }))
}

async function problems(inputs: Record<string, string>): Promise<string> {
  const err = await rejectionOf<ConfigurationError>(Promise.resolve().then(() => parse(inputs)))
  expect(err).toBeInstanceOf(ConfigurationError)
  return err.problems.join('\n')
}

describe('create-release inputs', () => {
  it('parses the tutorial snippet', () => {
    const i = parse({ ...BASE, deploy_to: 'Dev', packages: 'Deploy container to Kubernetes:randomquotes:1.2.3' })
    expect(i.project).toBe('Random Quotes')
    expect(i.packages).toEqual(['Deploy container to Kubernetes:randomquotes:1.2.3'])
    expect(i.deployTo).toEqual(['Dev'])
    expect(i.deploy.wait).toBe(true)
    expect(i.ignoreExisting).toBe(false)
  })

  it('reads every release input', () => {
    const i = parse({
      ...BASE,
      release_number: '1.2.3',
      channel: 'Hotfix',
      package_version: '2.0.0',
      packages: 'a:1\nb:c:2',
      git_ref: 'main',
      git_commit: 'abc1234',
      git_resources: 'Apply configuration:main',
      release_notes: 'Notes: **bold**',
      custom_fields: 'Ticket: JIRA-1\nUrl: https://x.example/a:b',
      ignore_existing: 'true',
      ignore_channel_rules: 'TRUE',
      package_prerelease: 'beta'
    })
    expect(i).toMatchObject({
      releaseNumber: '1.2.3',
      channel: 'Hotfix',
      packageVersion: '2.0.0',
      packages: ['a:1', 'b:c:2'],
      gitRef: 'main',
      gitCommit: 'abc1234',
      gitResources: ['Apply configuration:main'],
      releaseNotes: 'Notes: **bold**',
      customFields: { Ticket: 'JIRA-1', Url: 'https://x.example/a:b' },
      ignoreExisting: true,
      ignoreChannelRules: true,
      packagePrerelease: 'beta',
      deployTo: []
    })
  })

  it('reads the deployment options delegated to the deploy code', () => {
    const i = parse({ ...BASE, deploy_to: 'Dev\nTest', wait: 'false', timeout: '10m', variables: 'Change Ticket=CHG-1:a' })
    expect(i.deployTo).toEqual(['Dev', 'Test'])
    expect(i.deploy).toMatchObject({ wait: false, timeoutMs: 600_000, variables: { 'Change Ticket': 'CHG-1:a' } })
  })

  it('reports every problem together, naming the inputs', async () => {
    const text = await problems({
      server: 'ftp://nope',
      packages: 'not-a-spec\nok:1.0',
      release_notes: 'a',
      release_notes_file: 'notes.md',
      ignore_existing: 'yes',
      git_commit: 'not-hex',
      git_resources: 'onlystep',
      variables: 'a=b'
    })
    for (const expected of [
      /'server'.*http or https/,
      /credential is required/,
      /'project' is required/,
      /'packages': "not-a-spec" is not a package selection/,
      /'release_notes' and 'release_notes_file' cannot be used together/,
      /'ignore_existing'.*true or false/,
      /'git_commit' must be a commit SHA/,
      /'git_commit' needs 'git_ref'/,
      /'git_resources' entry "onlystep"/,
      /'variables' only apply when 'deploy_to'/
    ])
      expect(text).toMatch(expected)
  })

  it('takes server, key and space from the environment', () => {
    const i = parse({ project: 'P' }, { OCTOPUS_URL: 'https://env.example.com/api', OCTOPUS_API_KEY: 'API-ENVKEY0123456789ABCDEFGH', OCTOPUS_SPACE: 'Ops' })
    expect(i.connection.server).toBe('https://env.example.com')
    expect(i.connection.space).toBe('Ops')
  })
})
