/**
 * Personal access tokens as GoCD stores them (`AccessToken.create`): the value is a 8-hex salt id followed by 32 hex
 * characters; only a PBKDF2-SHA256 hash (4096 iterations) is kept, so a value can never be read back.
 */
import { pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto'

export interface StoredToken {
  id: number
  description: string
  username: string
  saltId: string
  salt: Buffer
  hash: Buffer
  revoked: boolean
  revokeCause: string | null
  revokedBy: string | null
  revokedAt: string | null
  createdAt: string
  lastUsedAt: string | null
  revokedBecauseUserDeleted: boolean
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
const hashOf = (secret: string, salt: Buffer) => pbkdf2Sync(secret, salt, 4096, 32, 'sha256')

export type TokenAuth = { ok: true; token: StoredToken } | { ok: false; message: string }

export class TokenStore {
  readonly tokens: StoredToken[] = []
  private idSeq = 0

  create(username: string, description: string, now: number): { token: StoredToken; value: string } {
    const saltId = randomBytes(4).toString('hex')
    const original = randomBytes(16).toString('hex')
    const salt = randomBytes(16)
    const token: StoredToken = {
      id: ++this.idSeq,
      description,
      username,
      saltId,
      salt,
      hash: hashOf(original, salt),
      revoked: false,
      revokeCause: null,
      revokedBy: null,
      revokedAt: null,
      createdAt: iso(now),
      lastUsedAt: null,
      revokedBecauseUserDeleted: false
    }
    this.tokens.push(token)
    return { token, value: saltId + original }
  }

  find(id: number): StoredToken | undefined {
    return this.tokens.find((t) => t.id === id)
  }

  revoke(token: StoredToken, by: string, cause: string | null, now: number): void {
    token.revoked = true
    token.revokedBy = by
    token.revokeCause = cause
    token.revokedAt = iso(now)
  }

  /** `AccessTokenAuthenticationFilter`: 40 characters, looked up by the first 8, then the hash is compared. */
  authenticate(value: string, now: number): TokenAuth {
    const invalid = { ok: false as const, message: 'Invalid Personal Access Token.' }
    if (value.length !== 40) return invalid
    const saltId = value.slice(0, 8)
    const token = this.tokens.find((t) => t.saltId === saltId)
    if (!token) return invalid
    const hash = hashOf(value.slice(8), token.salt)
    if (!timingSafeEqual(hash, token.hash)) return invalid
    if (token.revoked) return { ok: false, message: `Invalid Personal Access Token. Access token was revoked at: ${token.revokedAt}` }
    token.lastUsedAt = iso(now)
    return { ok: true, token }
  }
}
