import { describe, expect, it } from '@jest/globals'
import { parseTarget } from '../../../src/github/targets.js'
import { credentialLabel, isManagedBy, rotationMarker } from '../../../src/rotation/marker.js'
import { selectForRevocation } from '../../../src/rotation/rotate.js'

describe('rotation marker', () => {
  const marker = rotationMarker('octopus_api_key', parseTarget('environment:octo-org/app/prod eu', { visibility: 'private', selectedRepositories: [] }))

  it('names the target secret and its first target', () => {
    expect(marker).toBe('rotate-secret:OCTOPUS_API_KEY@environment:octo-org/app/prod eu')
  })

  it('recognises labels it wrote, not other secrets whose name starts the same', () => {
    expect(isManagedBy(credentialLabel(marker, '2026-11-22T13:00:00.000Z'), marker)).toBe(true)
    expect(isManagedBy(marker, marker)).toBe(true)
    expect(isManagedBy('rotate-secret:OCTOPUS_API_KEY_2@environment:octo-org/app/prod eu 2026', marker)).toBe(false)
    expect(isManagedBy('hand-made key for CI', marker)).toBe(false)
    expect(isManagedBy(undefined, marker)).toBe(false)
  })
})

describe('selectForRevocation', () => {
  const managed = [
    { id: 'b', label: 'm', createdAt: '2026-02-01T00:00:00Z' },
    { id: 'c', label: 'm', createdAt: '2026-03-01T00:00:00Z' },
    { id: 'a', label: 'm', createdAt: '2026-01-01T00:00:00Z' }
  ]
  it('keeps the newest keep_previous and revokes the rest', () => {
    expect(selectForRevocation(managed, 0).revoke.map((c) => c.id)).toEqual(['c', 'b', 'a'])
    const one = selectForRevocation(managed, 1)
    expect(one.keep.map((c) => c.id)).toEqual(['c'])
    expect(one.revoke.map((c) => c.id)).toEqual(['b', 'a'])
    expect(selectForRevocation(managed, 5).revoke).toEqual([])
  })
})
