import { describe, expect, it } from '@jest/globals'
import { start } from '../../../sandbox/gocd/sandbox-entry.js'

describe('GoCD fake: sandbox CLI entry', () => {
  it('starts under the state key gocd with working credentials', async () => {
    const entry = await start({ started: {} })
    try {
      expect(entry.key).toBe('gocd')
      const { url, username, password, token } = entry.state as Record<string, string>
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      const headers = { Accept: 'application/vnd.go.cd.v1+json' }
      const viaBasic = await fetch(`${url}/go/api/current_user`, {
        headers: { ...headers, Authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` }
      })
      expect(((await viaBasic.json()) as { login_name: string }).login_name).toBe(username)
      const viaToken = await fetch(`${url}/go/api/pipelines/up42/history`, { headers: { ...headers, Authorization: `Bearer ${token}` } })
      expect(viaToken.status).toBe(200)
    } finally {
      await entry.close()
    }
  })
})
