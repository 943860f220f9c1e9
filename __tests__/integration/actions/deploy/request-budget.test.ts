/**
 * The waiting budget of the issue: at most one request per second on average over the first 30 s (task queries,
 * log and detail reads included), whatever the number of tasks; one batched task query per poll.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { startOctopusFake, type OctopusFake } from '../../../../sandbox/octopus/index.js'
import { createRelease } from '../../../helpers/octopus-release.js'
import { runDeploy } from './helpers.js'

describe('deploy waits within its request budget', () => {
  let fake: OctopusFake
  afterEach(() => fake.close())

  it.each(['true', 'false'])('with show_task_log %s: at most 31 requests in the first 30 s of waiting, and fewer after', async (showLog) => {
    fake = await startOctopusFake({ taskProfile: { queueMs: 1000, durationMs: 90_000, cancelMs: 1000 } })
    await createRelease(fake, 'Random Quotes', '1.0.0')
    const log = fake.server.log
    const samples: { at: number; requests: number }[] = []
    let waitStart: number | undefined
    const { t, code } = await runDeploy(
      fake,
      { project: 'Random Quotes', release_number: '1.0.0', environments: 'Dev\nTest', show_task_log: showLog },
      {
        onSleep: () => {
          const taskQueries = log.entries.findIndex((e) => e.method === 'GET' && /\/tasks$/.test(e.path))
          if (taskQueries < 0) return
          waitStart ??= fake.clock.now()
          samples.push({ at: fake.clock.now() - waitStart, requests: log.entries.length - taskQueries })
        }
      }
    )
    expect(t.failures).toEqual([])
    expect(code).toBe(0)
    const within30 = samples.filter((s) => s.at <= 30_000).pop()!
    expect(within30.requests).toBeLessThanOrEqual(31)
    const last = samples[samples.length - 1]
    // after the fast phase the rate drops well below one a second
    expect((last.requests - within30.requests) / ((last.at - within30.at) / 1000)).toBeLessThan(0.5)
    const queries = log.entries.filter((e) => e.method === 'GET' && /\/tasks$/.test(e.path))
    expect(queries.every((e) => e.query.ids?.split(',').length === 2 || e.query.ids?.split(',').length === 1)).toBe(true)
  })
})
