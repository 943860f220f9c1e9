/**
 * Per-scope X25519 key pairs and sealed-box opening with libsodium-wrappers, as GitHub does for Actions,
 * Dependabot and environment secrets: every scope has its own `key_id` + public key.
 */
import sodium from 'libsodium-wrappers'

export interface ScopeKey {
  keyId: string
  /** Base64 (standard, padded) of the 32-byte public key, as `GET .../public-key` returns it. */
  key: string
  publicKey: Uint8Array
  privateKey: Uint8Array
}

export async function sodiumReady(): Promise<void> {
  await sodium.ready
}

let keyCounter = 0

/** A fresh key pair; `sodiumReady()` must have resolved. */
export function newScopeKey(): ScopeKey {
  const pair = sodium.crypto_box_keypair()
  // GitHub key ids are long decimal strings; make them unique and unguessable enough for tests.
  const keyId = `${Date.now() % 1e9}${String(++keyCounter).padStart(4, '0')}${Math.floor(Math.random() * 1e6)}`
  return {
    keyId,
    key: sodium.to_base64(pair.publicKey, sodium.base64_variants.ORIGINAL),
    publicKey: pair.publicKey,
    privateKey: pair.privateKey
  }
}

/** Opens a sealed box given as standard base64; returns undefined when it does not open with this key. */
export function openSealedBox(key: ScopeKey, encryptedValue: string): Buffer | undefined {
  try {
    const box = sodium.from_base64(encryptedValue, sodium.base64_variants.ORIGINAL)
    return Buffer.from(sodium.crypto_box_seal_open(box, key.publicKey, key.privateKey))
  } catch {
    return undefined
  }
}

/** Client side of the protocol (what actions do), for tests and the demo. */
export function sealForKey(publicKeyBase64: string, plaintext: string): string {
  const out = sodium.crypto_box_seal(sodium.from_string(plaintext), sodium.from_base64(publicKeyBase64, sodium.base64_variants.ORIGINAL))
  return sodium.to_base64(out, sodium.base64_variants.ORIGINAL)
}
