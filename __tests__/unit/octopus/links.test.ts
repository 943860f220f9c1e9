import { describe, expect, it } from '@jest/globals'
import { expandLink, resolveLink } from '../../../src/octopus/links.js'

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
