/** Unit tests of the Octopus client's pure building blocks: links, versions, suggestions, error extraction. */
import { describe, expect, it } from '@jest/globals'
import { ApiError } from '../../src/core/errors.js'
import { extractOctopusMessage, withOctopusHint } from '../../src/octopus/errors.js'
import { expandLink, resolveLink } from '../../src/octopus/links.js'
import { closeMatches, didYouMean } from '../../src/octopus/suggest.js'
import { compareVersions, hasExecutionsApi } from '../../src/octopus/version.js'

describe('links', () => {
  it('expands RFC 6570 templates, leaving out undefined parameters', () => {
    expect(expandLink('/api/Spaces-1/projects{/id}{?name,skip,take,partialName}', { partialName: 'Random Quotes', take: 10, id: undefined })).toBe(
      '/api/Spaces-1/projects?take=10&partialName=Random%20Quotes'
    )
    expect(expandLink('/api/{spaceId}/releases{/id}', { spaceId: 'Spaces-2', id: 'Releases-7' })).toBe('/api/Spaces-2/releases/Releases-7')
    expect(expandLink('/api/Spaces-1/projects/Projects-1/releases{/version}', { version: '1.0.0+build.5' })).toBe('/api/Spaces-1/projects/Projects-1/releases/1.0.0%2Bbuild.5')
  })

  it('resolves links below the base URL, with or without the virtual directory in the link', () => {
    expect(resolveLink('https://o.example.com', '/api/spaces')).toBe('https://o.example.com/api/spaces')
    expect(resolveLink('https://example.com/octopus', '/api/spaces')).toBe('https://example.com/octopus/api/spaces')
    expect(resolveLink('https://example.com/octopus', '/octopus/api/spaces')).toBe('https://example.com/octopus/api/spaces')
    expect(resolveLink('https://example.com/octopus', '~/api/spaces')).toBe('https://example.com/octopus/api/spaces')
    expect(resolveLink('https://example.com/octopus', 'https://other.example/x')).toBe('https://other.example/x')
  })
})

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

describe('suggestions', () => {
  it('finds close names by edit distance and containment', () => {
    expect(closeMatches('Random Quote', ['Random Quotes', 'Random Quotes SaaS', 'Infrastructure'])).toEqual(['Random Quotes', 'Random Quotes SaaS'])
    expect(closeMatches('prod', ['Production', 'Dev'])).toEqual(['Production'])
    expect(didYouMean('xyz', ['Dev', 'Test'])).toBe('')
    expect(didYouMean('Tset', ['Dev', 'Test'])).toBe(" Did you mean 'Test'?")
  })
})

describe('Octopus error bodies', () => {
  it('joins ErrorMessage and Errors, and reads OAuth errors', () => {
    expect(extractOctopusMessage('', { ErrorMessage: 'There was a problem with your request.', Errors: ['A is required.', 'B is wrong.'] })).toBe(
      'There was a problem with your request. A is required. B is wrong.'
    )
    expect(extractOctopusMessage('', { ErrorMessage: 'Not found', Errors: [] })).toBe('Not found')
    expect(extractOctopusMessage('', { error: 'invalid_request', error_description: 'The subject_token has expired.' })).toBe('The subject_token has expired. (invalid_request)')
    expect(extractOctopusMessage('<html>Bad gateway</html>', undefined)).toBe('<html>Bad gateway</html>')
  })

  it('adds the next step to 401 and 403 by credential kind', () => {
    const err = (status: number) => new ApiError({ status, serverMessage: 'm', request: { method: 'GET', url: 'https://o/api/spaces' }, body: '', service: 'Octopus' })
    expect((withOctopusHint(err(401), 'apiKey') as Error).message).toMatch(/API key is invalid or expired/)
    expect((withOctopusHint(err(401), 'oidc') as Error).message).toMatch(/service_account_id was refused/)
    expect((withOctopusHint(err(403), 'apiKey') as Error).message).toMatch(/lacks permission/)
    expect(withOctopusHint(err(404), 'apiKey')).toBeInstanceOf(ApiError)
    expect((withOctopusHint(err(404), 'apiKey') as ApiError).hint).toBeUndefined()
  })
})
