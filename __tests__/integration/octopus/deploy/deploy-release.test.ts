import { afterEach, describe, expect, it } from '@jest/globals'
import { InputReader } from '../../../../src/core/inputs.js'
import { deployRelease, readDeployOptions, type DeployOptions } from '../../../../src/octopus/deploy/index.js'
import { deployHarness, type DeployHarness } from './helpers.js'

function options(inputs: Record<string, string> = {}): DeployOptions {
  const reader = new InputReader((n) => inputs[n] ?? '')
  const o = readDeployOptions(reader, { extended: true })
  reader.finish()
  return o
}

describe('deployRelease against the Octopus fake', () => {
  let h: DeployHarness | undefined
  afterEach(async () => {
    await h?.close()
    h = undefined
  })

  it('deploys to several environments, waits for all tasks with one batched query per poll, and reports', async () => {
    h = await deployHarness()
    const project = await h.project('Random Quotes')
    const release = await h.release('Random Quotes', '1.0.0')
    const result = await deployRelease(h.client, h.space, h.t.ctx, {
      project,
      release,
      environments: ['Dev', 'Test'],
      options: options(),
      sleep: h.sleep,
      now: h.now
    })
    expect(result.taskState).toBe('Success')
    expect(result.outcomes?.map((o) => [o.environmentName, o.state])).toEqual([
      ['Dev', 'Success'],
      ['Test', 'Success']
    ])
    const servers = JSON.parse(h.t.outputs.server_tasks)
    expect(servers).toHaveLength(2)
    expect(servers[0]).toMatchObject({ environmentName: 'Dev', tenantName: null, state: 'Success' })
    expect(h.t.outputs.task_state).toBe('Success')
    const taskQueries = h.fake.server.log.entries.filter((e) => e.method === 'GET' && /\/tasks$/.test(e.path))
    expect(taskQueries.length).toBeGreaterThan(1)
    for (const q of taskQueries) expect(String(q.query.ids).split(',').length).toBeGreaterThanOrEqual(1)
    expect(taskQueries[0].query.ids).toBe(`${servers[0].serverTaskId},${servers[1].serverTaskId}`)
  })
})
