import { describe, expect, it } from '@jest/globals'
import { isTerminal, isUnsuccessful, toTaskState, worstState } from '../../../../src/octopus/deploy/task-state.js'

describe('task states', () => {
  it('the worst state wins: Failed > TimedOut > Canceled > Cancelling > Executing > Queued > Success', () => {
    expect(worstState([])).toBe('Success')
    expect(worstState(['Success', 'Success'])).toBe('Success')
    expect(worstState(['Success', 'Queued'])).toBe('Queued')
    expect(worstState(['Queued', 'Executing', 'Success'])).toBe('Executing')
    expect(worstState(['Canceled', 'Executing'])).toBe('Canceled')
    expect(worstState(['Canceled', 'TimedOut', 'Success'])).toBe('TimedOut')
    expect(worstState(['TimedOut', 'Failed', 'Canceled'])).toBe('Failed')
  })

  it('reads server states case-insensitively; an unknown state counts as still running', () => {
    expect(toTaskState('success')).toBe('Success')
    expect(toTaskState('TIMEDOUT')).toBe('TimedOut')
    expect(toTaskState('New')).toBe('Executing')
    expect(isTerminal(toTaskState('New'))).toBe(false)
  })

  it('terminal and unsuccessful states', () => {
    expect(['Success', 'Failed', 'Canceled', 'TimedOut'].every((s) => isTerminal(toTaskState(s)))).toBe(true)
    expect(['Queued', 'Executing', 'Cancelling'].some((s) => isTerminal(toTaskState(s)))).toBe(false)
    expect(isUnsuccessful('Success')).toBe(false)
    expect(['Failed', 'Canceled', 'TimedOut'].every((s) => isUnsuccessful(toTaskState(s)))).toBe(true)
  })
})
