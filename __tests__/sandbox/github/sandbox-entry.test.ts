import { describe, expect, it } from '@jest/globals'
import { existsSync } from 'node:fs'
import { startGithubFake } from '../../../sandbox/github/index.js'
import { start } from '../../../sandbox/github/sandbox-entry.js'
import { octokitFor } from './helpers.js'

describe('GitHub fake: sandbox CLI entry and run timing', () => {
  it('publishes the state the other fakes and the demo read', async () => {
    const entry = await start({ started: {} })
    try {
      expect(entry.key).toBe('github')
      const s = entry.state as Record<string, string> & { env: Record<string, string> }
      for (const k of ['apiUrl', 'serverUrl', 'token', 'workflowToken', 'owner', 'repo', 'org', 'oidcIssuer', 'jwksUri']) expect(s[k]).toBeTruthy()
      expect(s.env.GITHUB_API_URL).toBe(s.apiUrl)
      expect(existsSync(s.env.GITHUB_OUTPUT)).toBe(true)
      const jwks = (await (await fetch(s.jwksUri)).json()) as { keys: { kty: string; alg: string }[] }
      expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256' })
      const res = await fetch(`${s.apiUrl}/repos/${s.owner}/${s.repo}/environments/production`, { headers: { authorization: `Bearer ${s.token}` } })
      expect(res.status).toBe(200)
    } finally {
      await entry.close()
    }
  })

  it('moves dispatched runs queued -> in_progress -> completed on the clock when dispatchTiming is set', async () => {
    const fake = await startGithubFake({ dispatchTiming: { queuedMs: 2000, runMs: 8000, conclusion: 'failure' } })
    try {
      const gh = octokitFor(fake)
      const o = { owner: fake.owner, repo: fake.repo }
      const res = await gh.request('POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches', { ...o, workflow_id: 'deploy.yml', ref: 'main', return_run_details: true })
      const run_id = (res.data as { workflow_run_id: number }).workflow_run_id
      const state = async () => {
        const r = (await gh.rest.actions.getWorkflowRun({ ...o, run_id })).data
        return [r.status, r.conclusion]
      }
      expect(await state()).toEqual(['queued', null])
      fake.clock.advance(2000)
      expect(await state()).toEqual(['in_progress', null])
      fake.clock.advance(8000)
      expect(await state()).toEqual(['completed', 'failure'])
    } finally {
      await fake.close()
    }
  })
})
