/**
 * The `random` source: a new value of `length` characters from `charset`, drawn with `crypto.randomInt`, which
 * uses rejection sampling, so every character is equally likely (no modulo bias).
 */
import { randomInt } from 'node:crypto'
import type { SecretRegistry } from '../../core/secrets.js'
import type { CredentialSource, NewCredential } from './types.js'

export const CHARSETS = {
  alphanumeric: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
  hex: '0123456789abcdef',
  base64url: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
} as const

export type Charset = keyof typeof CHARSETS

export const MIN_RANDOM_LENGTH = 16
export const MAX_RANDOM_LENGTH = 4096

export function randomString(length: number, charset: Charset): string {
  const alphabet = CHARSETS[charset]
  let out = ''
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)]
  return out
}

export class RandomSource implements CredentialSource {
  readonly description: string
  readonly revocable = false

  constructor(
    private readonly length: number,
    private readonly charset: Charset,
    private readonly secrets: SecretRegistry
  ) {
    this.description = `random value (${length} ${charset} characters)`
  }

  async check(): Promise<void> {}

  async create(): Promise<NewCredential> {
    const value = randomString(this.length, this.charset)
    this.secrets.add(value)
    return { id: '', value }
  }

  async verify(): Promise<void> {}
  switchTo(): void {}
  async listManaged() {
    return []
  }
  async revoke(): Promise<void> {}
}
