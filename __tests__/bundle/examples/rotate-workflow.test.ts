/**
 * .github/workflows/example-rotate-secret.yml on its schedule, against the sandbox, week after week: each run creates
 * one Octopus API key, writes it once to the repository secret OCTOPUS_API_KEY (which the next run then uses), and
 * with keep_previous: 1 the third run revokes the key of the first.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { runRotateExample } from '../../../demo/examples.js'
import { startDemoSandbox, type DemoSandbox } from '../../../demo/sandbox.js'
import type { WorkflowResult } from '../../../tools/workflow-runner/types.js'
import { created, everything, FAST, job, NOTHING, step } from './helpers.js'

async function signsIn(sb: DemoSandbox, apiKey: string): Promise<number> {
  return (await fetch(`${sb.octopus.url}/api/users/me`, { headers: { 'X-Octopus-ApiKey': apiKey } })).status
}

describe('example-rotate-secret.yml (schedule)', () => {
  let sb: DemoSandbox
  let first: WorkflowResult
  const stored = () => sb.github.readSecret({ repo: sb.github.repo }, 'OCTOPUS_API_KEY')

  beforeAll(async () => {
    sb = await startDemoSandbox(FAST)
    first = await runRotateExample(sb)
  })
  afterAll(() => sb.close())

  it('creates one API key and writes it once to the repository secret', async () => {
    expect(first.conclusion).toBe('success')
    expect(first.event.payload.schedule).toBe('17 3 * * 1')
    const outputs = step(job(first, 'rotate'), 'rotate').outputs
    expect(outputs.credential_id).toMatch(/^apikeys-/)
    expect(JSON.parse(outputs.updated_targets)).toEqual([`repo:${sb.github.owner}/${sb.github.repo}`])
    expect(JSON.parse(outputs.revoked_ids)).toEqual([])
    expect(created(sb)).toEqual({ ...NOTHING, apiKeys: 1, secretWrites: 1 })
    const value = stored()
    expect(value).toMatch(/^API-/)
    expect(value).not.toBe(sb.octopus.apiKey)
    expect(await signsIn(sb, value!)).toBe(200)
  })

  it('never shows the new key or the tokens', () => {
    const text = everything(first)
    for (const secret of [stored()!, ...Object.values(sb.secrets)]) expect(text).not.toContain(secret)
    expect(job(first, 'rotate').summary).toContain('holds the new value')
  })

  it('the following runs rotate the stored key and revoke the one before the previous', async () => {
    const keyOfFirstRun = stored()!
    const idOfFirstRun = step(job(first, 'rotate'), 'rotate').outputs.credential_id
    const rotateWithStoredKey = () => runRotateExample(sb, { secrets: { ...sb.secrets, OCTOPUS_API_KEY: stored()! } })

    const second = await rotateWithStoredKey()
    expect(second.conclusion).toBe('success')
    expect(JSON.parse(step(job(second, 'rotate'), 'rotate').outputs.revoked_ids)).toEqual([])
    expect(await signsIn(sb, keyOfFirstRun)).toBe(200)

    const third = await rotateWithStoredKey()
    expect(third.conclusion).toBe('success')
    expect(JSON.parse(step(job(third, 'rotate'), 'rotate').outputs.revoked_ids)).toEqual([idOfFirstRun])
    expect(await signsIn(sb, keyOfFirstRun)).toBe(401)
    expect(await signsIn(sb, stored()!)).toBe(200)
    expect(created(sb)).toEqual({ ...NOTHING, apiKeys: 3, secretWrites: 3 })
  })
})
