import { describe, expect, it } from '@jest/globals'
import { closeMatches, didYouMean } from '../../../src/octopus/suggest.js'

describe('suggestions', () => {
  it('finds close names by edit distance and containment', () => {
    expect(closeMatches('Random Quote', ['Random Quotes', 'Random Quotes SaaS', 'Infrastructure'])).toEqual(['Random Quotes', 'Random Quotes SaaS'])
    expect(closeMatches('prod', ['Production', 'Dev'])).toEqual(['Production'])
    expect(didYouMean('xyz', ['Dev', 'Test'])).toBe('')
    expect(didYouMean('Tset', ['Dev', 'Test'])).toBe(" Did you mean 'Test'?")
  })
})
