import { describe, expect, it } from '@jest/globals'
import { PollTimeoutError, nextInterval, poll } from '../../../src/core/poller.js'
import { rejectionOf } from '../../helpers/rejection.js'

/** A virtual clock: sleeping advances time instantly. */
function virtualTime() {
  let t = 0
  const sleeps: number[] = []
  return {
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms)
      t += ms
    },
    sleeps
  }
}

describe('poll', () => {
  it('returns as soon as the check says done', async () => {
    const time = virtualTime()
    const value = await poll({ check: async (n) => ({ done: n === 3, value: n }), timeoutMs: 60_000, ...time })
    expect(value).toBe(3)
    expect(time.sleeps).toEqual([1000, 1000, 1000])
  })

  it('polls every second during the fast phase, then backs off to the cap', async () => {
    const time = virtualTime()
    await poll({ check: async () => ({ done: time.now() >= 120_000, value: null }), timeoutMs: 600_000, ...time })
    const fast = time.sleeps.slice(0, 30)
    expect(fast.every((s) => s === 1000)).toBe(true)
    const later = time.sleeps.slice(30)
    expect(later[0]).toBeGreaterThan(1000)
    expect(Math.max(...later)).toBeLessThanOrEqual(10_000)
    expect(later.slice(-1)[0]).toBe(10_000)
    // requests in the first 30 s: at most one per second
    expect(time.sleeps.filter((_, i) => time.sleeps.slice(0, i).reduce((a, b) => a + b, 0) < 30_000).length).toBeLessThanOrEqual(31)
  })

  it('honours a requested next interval', async () => {
    const time = virtualTime()
    await poll({ check: async (n) => ({ done: n === 2, value: n, nextIntervalMs: 250 }), timeoutMs: 10_000, ...time })
    expect(time.sleeps).toEqual([250, 250])
  })

  it('runs the timeout hook with the last value, then throws', async () => {
    const time = virtualTime()
    let hookValue: unknown
    const err = await rejectionOf<PollTimeoutError>(
      poll({
        check: async (n) => ({ done: false, value: `state-${n}` }),
        timeoutMs: 5000,
        onTimeout: async (last) => {
          hookValue = last
        },
        ...time
      })
    )
    expect(err).toBeInstanceOf(PollTimeoutError)
    expect(err.message).toBe('timed out after 5s')
    expect(hookValue).toBe(err.last)
    expect(time.now()).toBe(5000)
  })

  it('never sleeps past the deadline', async () => {
    const time = virtualTime()
    await rejectionOf(poll({ check: async () => ({ done: false, value: 0 }), timeoutMs: 2500, initialIntervalMs: 1000, ...time }))
    expect(time.sleeps).toEqual([1000, 1000, 500])
  })

  it('computes intervals', () => {
    const shape = { initial: 1000, fastPhase: 30_000, max: 10_000, factor: 1.25 }
    expect(nextInterval(1000, 10_000, shape)).toBe(1000)
    expect(nextInterval(1000, 31_000, shape)).toBe(1250)
    expect(nextInterval(9000, 200_000, shape)).toBe(10_000)
  })
})

describe('poll request budget', () => {
  it('waits longer after a check that sent extra requests, keeping one request per interval on average', async () => {
    const time = virtualTime()
    let sent = 0
    await poll({
      check: async (n) => {
        const requests = n % 3 === 0 ? 2 : 1
        sent += requests
        return { done: time.now() >= 30_000, value: null, requests }
      },
      timeoutMs: 60_000,
      ...time
    })
    expect(time.sleeps.slice(0, 4)).toEqual([2000, 1000, 1000, 2000])
    // over the first 30 s: no more requests than seconds
    expect(sent).toBeLessThanOrEqual(31)
  })

  it('never waits past the cap for a burst of requests', async () => {
    const time = virtualTime()
    await poll({ check: async (n) => ({ done: n === 1, value: null, requests: 50 }), timeoutMs: 60_000, ...time })
    expect(time.sleeps).toEqual([10_000])
  })
})
