/**
 * Malformed inputs of create-release and deploy (cases in bad-input-cases.ts), each through the BUILT bundle with
 * the runner environment against the fakes: exit code 1, one `::error::` message naming the input, no stack trace,
 * no mutating request (the fakes' logs show no POST/PUT/PATCH/DELETE), and no credential in any visible form.
 */
import { afterAll, beforeAll, describe } from '@jest/globals'
import { createRelease } from '../../helpers/octopus-release.js'
import { CREATE_RELEASE, DEPLOY, type BadInputCase } from './bad-input-cases.js'
import { badInputTests } from './helpers/bad-input-suite.js'
import { startFakes, type Fakes } from './helpers/fakes.js'

const API_KEY = 'API-RELIABILITYBADINPUT7Q2W9E4R'
let fakes: Fakes
beforeAll(async () => {
  fakes = await startFakes({ octopusApiKey: API_KEY })
  await createRelease(fakes.octopus, 'Random Quotes', '1.0.0')
})
afterAll(() => fakes.close())

function base(c: BadInputCase): Record<string, string> {
  const connection = { server: fakes.octopus.url, api_key: API_KEY, project: 'Random Quotes' }
  return c.action === 'deploy' ? { ...connection, release_number: '1.0.0', environments: 'Dev' } : connection
}
const setup = () => ({ fakes, base, secrets: [API_KEY] })

describe('create-release bundle rejects malformed inputs', () => badInputTests('create-release', CREATE_RELEASE, setup))
describe('deploy bundle rejects malformed inputs', () => badInputTests('deploy', DEPLOY, setup))
