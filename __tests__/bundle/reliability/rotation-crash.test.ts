/**
 * Rotation crash-consistency (helpers/rotation-crash.ts) for an Octopus API key (source octopus_api_key) rotated
 * into two repository secrets, the workflow connecting with the key the targets hold, as a scheduled rotation does.
 */
import { afterAll, beforeAll, describe } from '@jest/globals'
import { startGithubFake, type GithubFake } from '../../../sandbox/github/index.js'
import { octopusStatusFault, startOctopusFake, type OctopusFake } from '../../../sandbox/octopus/index.js'
import { crashTests, githubSteps, type CrashStep } from './helpers/rotation-crash.js'

const ADMIN_KEY = 'API-CRASHCONSISTENCYADMIN7Q4'
const NAME = 'OCTOPUS_ROTATED_KEY'
const keys = /\/api\/users\/[^/]+\/apikeys$/

const STEPS: CrashStep[] = [
  { step: 'create the new key', server: 'source', method: 'POST', path: keys, nth: 1, fault: octopusStatusFault(400), beforeTargets: true, says: /POST .*apikeys/ },
  { step: 'verify the new key', server: 'source', method: 'GET', path: /\/api\/users\/me$/, nth: 2, fault: octopusStatusFault(401), beforeTargets: true, says: /new .*does not work/ },
  ...githubSteps(NAME),
  { step: 'list the older keys', server: 'source', method: 'GET', path: keys, nth: 1, fault: octopusStatusFault(400), beforeTargets: false, says: /listing the older/ },
  { step: 'revoke the old key', server: 'source', method: 'DELETE', path: /\/api\/users\/[^/]+\/apikeys\/[^/]+$/, nth: 1, fault: octopusStatusFault(400), beforeTargets: false, says: /revoking 1 previous/ }
]

let octo: OctopusFake
let gh: GithubFake
beforeAll(async () => {
  ;[octo, gh] = await Promise.all([startOctopusFake({ apiKey: ADMIN_KEY }), startGithubFake({ owner: 'octo-org', repo: 'deploy-app' })])
})
afterAll(() => Promise.all([octo.close(), gh.close()]))

describe('rotate-secret bundle (Octopus API key) stopped at every step boundary', () =>
  crashTests(
    {
      secretName: NAME,
      github: () => gh,
      server: () => octo.server,
      inputs: (current) => ({ source: 'octopus_api_key', server: octo.url, api_key: current ?? ADMIN_KEY }),
      works: async (key) => (await fetch(`${octo.url}/api/users/me`, { headers: { 'X-Octopus-ApiKey': key } })).status === 200,
      aliveManaged: async () => octo.store.apiKeys.filter((k) => !k.Revoked && k.Purpose.includes(NAME)).map((k) => k.Id),
      connectionSecrets: () => [ADMIN_KEY]
    },
    STEPS
  ))
