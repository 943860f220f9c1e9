import { describe, expect, it } from '@jest/globals'
import { compareVersions, hasExecutionsApi } from '../../../src/octopus/version.js'

describe('server versions', () => {
  it('compares numerically, pre-releases first', () => {
    expect(compareVersions('2022.3.5512', '2022.3.10000')).toBeLessThan(0)
    expect(compareVersions('2025.4.10384', '2022.3.5512')).toBeGreaterThan(0)
    expect(compareVersions('2024.1.0-rc1', '2024.1.0')).toBeLessThan(0)
  })
  it('knows which servers have the executions API', () => {
    expect(hasExecutionsApi('2022.1.2386')).toBe(false)
    expect(hasExecutionsApi('2022.3.5511')).toBe(false)
    expect(hasExecutionsApi('2022.3.5512')).toBe(true)
    expect(hasExecutionsApi('2025.4.10384')).toBe(true)
    expect(hasExecutionsApi('0.0.0-local')).toBe(true)
  })
})
