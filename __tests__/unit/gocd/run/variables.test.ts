import { describe, expect, it } from '@jest/globals'
import { parseSecureVariables } from '../../../../src/gocd/run/variables.js'

describe('GoCD run variables', () => {
  it('parses secure variables keeping = in values', () => {
    expect(parseSecureVariables('K=a=b\n\n  L = c ').variables).toEqual([
      { name: 'K', value: 'a=b', secure: true },
      { name: 'L', value: 'c', secure: true }
    ])
  })
})
