/**
 * Rotation crash-consistency (helpers/rotation-crash.ts) for a GoCD personal access token (source
 * gocd_access_token, Basic-auth connection as GoCD requires) rotated into two repository secrets.
 */
import { afterAll, beforeAll, describe } from '@jest/globals'
import type { Fault } from '../../../sandbox/common/index.js'
import { startGithubFake, type GithubFake } from '../../../sandbox/github/index.js'
import { startGocdFake, type GocdFake } from '../../../sandbox/gocd/index.js'
import { crashTests, githubSteps, type CrashStep } from './helpers/rotation-crash.js'

const NAME = 'GOCD_ROTATED_TOKEN'
const PASSWORD = 'crash-consistency-Pa55!'
const tokens = /\/go\/api\/current_user\/access_tokens$/
const gocdFailure = (status: number): Fault => ({ kind: 'status', status, headers: { 'Content-Type': 'application/vnd.go.cd.v1+json; charset=utf-8' }, body: { message: 'injected failure' } })

const STEPS: CrashStep[] = [
  { step: 'create the new token', server: 'source', method: 'POST', path: tokens, nth: 1, fault: gocdFailure(400), beforeTargets: true, says: /POST .*access_tokens/ },
  { step: 'verify the new token', server: 'source', method: 'GET', path: /\/go\/api\/current_user$/, nth: 2, fault: gocdFailure(401), beforeTargets: true, says: /new .*does not work/ },
  ...githubSteps(NAME),
  { step: 'list the older tokens', server: 'source', method: 'GET', path: tokens, nth: 1, fault: gocdFailure(400), beforeTargets: false, says: /listing the older/ },
  { step: 'revoke the old token', server: 'source', method: 'POST', path: /\/go\/api\/current_user\/access_tokens\/[^/]+\/revoke$/, nth: 1, fault: gocdFailure(400), beforeTargets: false, says: /revoking 1 previous/ }
]

let gocd: GocdFake
let gh: GithubFake
const basic = () => `Basic ${Buffer.from(`rotator:${PASSWORD}`).toString('base64')}`
beforeAll(async () => {
  ;[gocd, gh] = await Promise.all([startGocdFake(), startGithubFake({ owner: 'octo-org', repo: 'deploy-app' })])
  gocd.addUser({ login: 'rotator', password: PASSWORD, displayName: 'Rotator', email: null, admin: false })
})
afterAll(() => Promise.all([gocd.close(), gh.close()]))

describe('rotate-secret bundle (GoCD access token) stopped at every step boundary', () =>
  crashTests(
    {
      secretName: NAME,
      github: () => gh,
      server: () => gocd.server,
      inputs: () => ({ source: 'gocd_access_token', server: gocd.goUrl, username: 'rotator', password: PASSWORD }),
      works: async (token) =>
        (await fetch(`${gocd.goUrl}/api/current_user`, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/vnd.go.cd.v1+json' } })).status === 200,
      aliveManaged: async () => {
        const res = await fetch(`${gocd.goUrl}/api/current_user/access_tokens?filter=active`, { headers: { Authorization: basic(), Accept: 'application/vnd.go.cd.v1+json' } })
        const body = (await res.json()) as { _embedded: { access_tokens: { id: number; description: string }[] } }
        return body._embedded.access_tokens.filter((t) => t.description.includes(NAME)).map((t) => String(t.id))
      },
      connectionSecrets: () => [PASSWORD]
    },
    STEPS
  ))
