import { describe, expect, it } from '@jest/globals'
import { SecretRegistry } from '../../../../src/core/secrets.js'
import { CHARSETS, RandomSource, randomString, type Charset } from '../../../../src/rotation/sources/random.js'

describe('random values', () => {
  it.each(Object.keys(CHARSETS) as Charset[])('%s: the requested length, only characters of the set', (charset) => {
    const value = randomString(64, charset)
    expect(value).toHaveLength(64)
    expect([...value].every((c) => CHARSETS[charset].includes(c))).toBe(true)
  })

  it('never repeats a value', () => {
    const values = new Set(Array.from({ length: 200 }, () => randomString(24, 'alphanumeric')))
    expect(values.size).toBe(200)
  })

  it('draws every character of a 62-character set about equally often (no modulo bias)', () => {
    // 62 does not divide 256: a `byte % 62` generator would make the first 8 characters ~25% more frequent.
    const per = 2000
    const text = randomString(62 * per, 'alphanumeric')
    const counts = new Map<string, number>()
    for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1)
    expect(counts.size).toBe(62)
    const first8 = [...CHARSETS.alphanumeric.slice(0, 8)].reduce((n, c) => n + counts.get(c)!, 0) / 8
    const rest = [...CHARSETS.alphanumeric.slice(8)].reduce((n, c) => n + counts.get(c)!, 0) / 54
    // Standard deviation of one count is ~44; a biased generator gives first8/rest ≈ 1.24.
    expect(first8 / rest).toBeGreaterThan(0.9)
    expect(first8 / rest).toBeLessThan(1.1)
    for (const n of counts.values()) expect(Math.abs(n - per)).toBeLessThan(400)
  })

  it('the source masks the value before returning it and has nothing to revoke', async () => {
    const masked: string[] = []
    const source = new RandomSource(40, 'base64url', new SecretRegistry((v) => masked.push(v)))
    const cred = await source.create()
    expect(cred.id).toBe('')
    expect(masked).toContain(cred.value)
    expect(source.revocable).toBe(false)
    expect(await source.listManaged()).toEqual([])
  })
})
