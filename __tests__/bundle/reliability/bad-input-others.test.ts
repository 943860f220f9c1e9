/**
 * Malformed inputs of trigger-gocd-pipeline, upload-artifact and rotate-secret (cases in bad-input-cases.ts), each
 * through the BUILT bundle with the runner environment against the fakes: exit code 1, one `::error::` message
 * naming the input, no stack trace, no mutating request, and no credential in any visible form.
 */
import { afterAll, beforeAll, describe } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { GOCD, ROTATE, UPLOAD, type BadInputCase } from './bad-input-cases.js'
import { badInputTests } from './helpers/bad-input-suite.js'
import { startFakes, type Fakes } from './helpers/fakes.js'

/** Runner variables of a GitHub job (runtime token, results URL, repository...), without its file-command paths. */
const JOB_VARS = /^(GITHUB_(API_URL|SERVER_URL|GRAPHQL_URL|REPOSITORY|REPOSITORY_OWNER|REPOSITORY_ID|RUN_ID|RUN_ATTEMPT|JOB|SHA|REF|WORKFLOW|ACTOR)|ACTIONS_.*)$/

let fakes: Fakes
let dir: string
let env: Record<string, string> = {}
beforeAll(async () => {
  fakes = await startFakes()
  dir = mkdtempSync(join(tmpdir(), 'bad-input-'))
  writeFileSync(join(dir, 'app.txt'), 'reliability artifact\n')
  const job = await fakes.github.runnerEnv()
  env = Object.fromEntries(Object.entries(job.env).filter(([k]) => JOB_VARS.test(k)))
})
afterAll(async () => {
  await fakes.close()
  rmSync(dir, { recursive: true, force: true })
})

function base(c: BadInputCase): Record<string, string> {
  if (c.action === 'trigger-gocd-pipeline') return { server: fakes.gocd.goUrl, token: fakes.gocd.token, pipeline: 'up42' }
  if (c.action === 'upload-artifact') {
    const destination: Record<string, string> = c.inputs.destination === 'octopus' ? { server: fakes.octopus.url, api_key: fakes.octopus.apiKey } : {}
    return { path: join(dir, 'app.txt'), name: 'reliability', ...destination }
  }
  return {
    source: 'random',
    secret_name: 'RELIABILITY_SECRET',
    targets: `repo:${fakes.github.owner}/${fakes.github.repo}`,
    github_token: fakes.github.token,
    github_api_url: fakes.github.apiUrl
  }
}
const setup = () => ({ fakes, base, env, secrets: [fakes.gocd.token, fakes.gocd.password, fakes.github.token, fakes.octopus.apiKey] })

describe('trigger-gocd-pipeline bundle rejects malformed inputs', () => badInputTests('trigger-gocd-pipeline', GOCD, setup))
describe('upload-artifact bundle rejects malformed inputs', () => badInputTests('upload-artifact', UPLOAD, setup))
describe('rotate-secret bundle rejects malformed inputs', () => badInputTests('rotate-secret', ROTATE, setup))
