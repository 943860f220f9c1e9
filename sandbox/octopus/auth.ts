/**
 * Authentication as Octopus does it: `X-Octopus-ApiKey` header (preferred), `?apikey=` query parameter, or
 * `Authorization: Bearer <access token>` from the OIDC token exchange. An empty `X-Octopus-ApiKey` header (what
 * api-client sends without a credential) counts as no credential. Revoked and expired keys fail at once.
 */
import type { FakeRequest } from '../common/index.js'
import type { OctopusContext } from './context.js'
import { MESSAGES, OctopusError } from './errors.js'
import type { User } from './model.js'

export type VerifyAccessToken = (token: string) => Promise<string | undefined>

function header(req: FakeRequest, name: string): string | undefined {
  const v = req.headers[name]
  return (Array.isArray(v) ? v[0] : v)?.trim() || undefined
}

export function createAuthenticator(ctx: OctopusContext, verifyAccessToken: VerifyAccessToken) {
  return async (req: FakeRequest): Promise<User> => {
    const apiKey = header(req, 'x-octopus-apikey') ?? (req.query.get('apikey')?.trim() || undefined)
    const bearer = /^Bearer\s+(.+)$/i.exec(header(req, 'authorization') ?? '')?.[1]
    if (apiKey) {
      const now = ctx.clock.now()
      const key = ctx.store.apiKeys.find((k) => k.Key === apiKey)
      const usable = key && !key.Revoked && (key.Expires === null || Date.parse(key.Expires) > now)
      const user = usable ? ctx.store.user(key.UserId) : undefined
      if (!key || !user || !user.IsActive) throw new OctopusError(401, MESSAGES.invalidApiKey)
      key.LastUsedTimeStamp = new Date(now).toISOString()
      return user
    }
    if (bearer) {
      const userId = await verifyAccessToken(bearer)
      const user = userId ? ctx.store.user(userId) : undefined
      if (!user || !user.IsActive) throw new OctopusError(401, MESSAGES.invalidAccessToken)
      return user
    }
    throw new OctopusError(401, MESSAGES.notLoggedIn)
  }
}
