/** Random identifiers in the shapes real servers use: `API-` + 26 upper-case letters/digits, `apikeys-<random>`. */
import { randomBytes, randomUUID } from 'node:crypto'

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
const MIXED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

function randomString(alphabet: string, length: number): string {
  const bytes = randomBytes(length)
  let out = ''
  for (const b of bytes) out += alphabet[b % alphabet.length]
  return out
}

export const newApiKey = (): string => `API-${randomString(UPPER, 26)}`
export const newApiKeyId = (): string => `apikeys-${randomString(MIXED, 25)}`
export const newGuid = (): string => randomUUID()
