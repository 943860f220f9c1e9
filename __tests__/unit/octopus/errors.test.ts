import { describe, expect, it } from '@jest/globals'
import { ApiError } from '../../../src/core/errors.js'
import { extractOctopusMessage, withOctopusHint } from '../../../src/octopus/errors.js'

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
