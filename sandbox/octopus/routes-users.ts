/**
 * Users and API keys: `GET /api/users/me`, `GET /api/users/{id}`, `GET /api/users/{id}/apikeys` (and `/v1`, paged,
 * `partialPurpose`), `POST /api/users/{id}/apikeys` (200 with the plaintext key, the only time it is shown;
 * `Expires` defaults to 180 days), `DELETE /api/users/{id}/apikeys/{keyId}` (200 `{}`; the key stops working at once).
 */
import { CiBody } from './body.js'
import { listParam, paged } from './collection.js'
import type { OctopusContext } from './context.js'
import { invalid, notFound, OctopusError } from './errors.js'
import { newApiKey, newApiKeyId } from './ids.js'
import type { ApiKey, User } from './model.js'
import { userResource } from './resources.js'
import type { OctoHandler, OctoRoutes } from './routes.js'

const DAY = 24 * 60 * 60 * 1000
export const DEFAULT_EXPIRY_DAYS = 180
/** The fake's configured maximum expiry, used when `Expires` is explicitly null. */
export const MAX_EXPIRY_DAYS = 365
const ADMIN_ID = 'Users-1'

export function issueApiKey(ctx: OctopusContext, userId: string, purpose: string, expires: string | null, actorType: ApiKey['ActorType'] = 'User'): ApiKey {
  const key: ApiKey = {
    Id: newApiKeyId(),
    UserId: userId,
    Purpose: purpose,
    Key: newApiKey(),
    Created: new Date(ctx.clock.now()).toISOString(),
    Expires: expires,
    ActorType: actorType,
    LastUsedTimeStamp: null,
    Revoked: false
  }
  ctx.store.apiKeys.push(key)
  ctx.ledger.record('apikey', key.Id, { userId, purpose })
  return key
}

function listed(k: ApiKey) {
  return {
    Id: k.Id,
    Purpose: k.Purpose,
    UserId: k.UserId,
    ApiKey: { HasValue: true, NewValue: null, Hint: `${k.Key.slice(0, 8)}…` },
    Created: k.Created,
    Expires: k.Expires,
    AccessLevel: 'FullAccess',
    ActorType: k.ActorType,
    LastUsedTimeStamp: k.LastUsedTimeStamp,
    Links: { Self: `/api/users/${k.UserId}/apikeys/${k.Id}` }
  }
}

export function registerUserRoutes(routes: OctoRoutes, ctx: OctopusContext): void {
  const { store } = ctx
  const target = (id: string, me: User | undefined): User => {
    const user = store.user(id)
    if (!user) throw notFound(id)
    if (me?.Id !== user.Id && me?.Id !== ADMIN_ID)
      throw new OctopusError(403, 'You do not have permission to perform this action. Please contact your Octopus administrator. Missing permission: UserEdit')
    return user
  }
  const keysOf = (userId: string) => store.apiKeys.filter((k) => k.UserId === userId && !k.Revoked)

  routes.global('GET', '/api/users/me', (_req, _p, { user }) => ({ status: 200, body: userResource(user!) }))
  routes.global('GET', '/api/users', (req) => {
    const ids = new Set(listParam(req, 'ids').map((x) => x.toLowerCase()))
    const filter = req.query.get('filter')?.toLowerCase()
    const items = store.users
      .filter((u) => (!ids.size || ids.has(u.Id.toLowerCase())) && (!filter || `${u.Username} ${u.DisplayName}`.toLowerCase().includes(filter)))
      .map(userResource)
    return { status: 200, body: paged(req, 'User', items, '/api/users', '/api/users{/id}{?skip,take,ids,filter}') }
  })
  routes.global('GET', '/api/users/:id', (_req, p) => {
    const user = store.user(p.id)
    if (!user) throw notFound(p.id)
    return { status: 200, body: userResource(user) }
  })
  const list = (v1: boolean): OctoHandler => (req, p, scope) => {
    const user = target(p.id, scope.user)
    const purpose = req.query.get('partialPurpose')?.toLowerCase()
    const keyword = req.query.get('partialKeyword')?.toLowerCase()
    const items = keysOf(user.Id)
      .filter((k) => !purpose || k.Purpose.toLowerCase().includes(purpose))
      .filter((k) => !keyword || k.Purpose.toLowerCase().includes(keyword) || k.Id.toLowerCase().includes(keyword))
      .map(listed)
    const base = `/api/users/${user.Id}/apikeys${v1 ? '/v1' : ''}`
    return { status: 200, body: paged(req, 'ApiKey', items, base, `${base}{?skip,take,partialPurpose,partialKeyword}`) }
  }
  routes.global('GET', '/api/users/:id/apikeys', list(false))
  routes.global('GET', '/api/users/:id/apikeys/v1', list(true))
  routes.global('GET', '/api/users/:id/apikeys/:keyId', (_req, p, { user: me }) => {
    const user = target(p.id, me)
    const key = keysOf(user.Id).find((k) => k.Id === p.keyId)
    if (!key) throw notFound(p.keyId)
    return { status: 200, body: listed(key) }
  })
  routes.global('POST', '/api/users/:id/apikeys', async (req, p, { user: me }) => {
    const user = target(p.id, me)
    const body = await CiBody.read(req)
    const bodyUser = body.text('UserId')
    if (!bodyUser) throw invalid('The UserId field is required.')
    if (bodyUser.toLowerCase() !== user.Id.toLowerCase()) throw invalid(`The UserId '${bodyUser}' does not match the user of the request route ('${user.Id}').`)
    const actor = body.text('ActorType') ?? 'User'
    if (actor !== 'User' && actor !== 'AiAgent') throw invalid(`'${actor}' is not a valid ActorType (User, AiAgent).`)
    const now = ctx.clock.now()
    let expires: number
    if (!body.raw || !Object.keys(body.raw).some((k) => k.toLowerCase() === 'expires')) expires = now + DEFAULT_EXPIRY_DAYS * DAY
    else {
      const d = body.date('Expires')
      expires = d ? d.getTime() : now + MAX_EXPIRY_DAYS * DAY
    }
    if (expires <= now) throw invalid('The expiry date of an API key must be in the future.')
    if (expires > now + MAX_EXPIRY_DAYS * DAY + DAY) throw invalid(`The expiry date exceeds the maximum allowed of ${MAX_EXPIRY_DAYS} days.`)
    const key = issueApiKey(ctx, user.Id, body.string('Purpose') ?? '', new Date(expires).toISOString(), actor)
    return {
      status: 200,
      body: {
        Id: key.Id,
        ApiKey: key.Key,
        Purpose: key.Purpose,
        UserId: key.UserId,
        Created: key.Created,
        Expires: key.Expires,
        ActorType: key.ActorType,
        Links: { Self: `/api/users/${key.UserId}/apikeys/${key.Id}` }
      }
    }
  })
  routes.global('DELETE', '/api/users/:id/apikeys/:keyId', (_req, p, { user: me }) => {
    const user = target(p.id, me)
    const key = keysOf(user.Id).find((k) => k.Id === p.keyId)
    if (!key) throw notFound(p.keyId)
    key.Revoked = true
    return { status: 200, body: {} }
  })
}
