import { describe, expect, it } from '@jest/globals'
import { SecretRegistry, derivedForms } from '../../../src/core/secrets.js'

describe('SecretRegistry', () => {
  it('masks the value and its derived forms as soon as it is added', () => {
    const masked: string[] = []
    const s = new SecretRegistry((v) => masked.push(v))
    s.add('p@ss w/rd+1')
    expect(masked).toEqual(expect.arrayContaining(['p@ss w/rd+1', Buffer.from('p@ss w/rd+1').toString('base64'), encodeURIComponent('p@ss w/rd+1')]))
  })

  it('registers the Basic auth token built from user and password', () => {
    const masked: string[] = []
    const s = new SecretRegistry((v) => masked.push(v))
    const token = s.addBasicAuth('admin', 'badger-1234')
    expect(token).toBe(Buffer.from('admin:badger-1234').toString('base64'))
    expect(masked).toContain(token)
    expect(masked).toContain('badger-1234')
  })

  it('redacts every registered form, longest first', () => {
    const s = new SecretRegistry()
    s.add('API-SECRETKEY123')
    const b64 = Buffer.from('API-SECRETKEY123').toString('base64')
    expect(s.redact(`key=API-SECRETKEY123 auth=${b64} url=${encodeURIComponent('API-SECRETKEY123')}`)).toBe('key=*** auth=*** url=***')
  })

  it('ignores empty and tiny values', () => {
    const masked: string[] = []
    const s = new SecretRegistry((v) => masked.push(v))
    s.add('')
    s.add(undefined)
    s.add('ab')
    expect(masked).toEqual([])
  })

  it('registers each line of a multi-line secret', () => {
    expect(derivedForms('-----BEGIN KEY-----\nabcdefghijklmnop\n-----END KEY-----')).toContain('abcdefghijklmnop')
  })
})
