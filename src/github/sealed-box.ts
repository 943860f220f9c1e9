/**
 * Encrypts a secret for GitHub the way its docs prescribe: a libsodium sealed box (X25519 + XSalsa20-Poly1305,
 * `crypto_box_seal`) to the scope's public key, both as standard padded base64.
 */
import sodium from 'libsodium-wrappers'

/** The sealed box of `value` for the base64 public key `publicKey`, as standard base64 (`encrypted_value`). */
export async function sealSecret(value: string, publicKey: string): Promise<string> {
  await sodium.ready
  let key: Uint8Array
  try {
    key = sodium.from_base64(publicKey, sodium.base64_variants.ORIGINAL)
  } catch {
    throw new Error('GitHub returned a public key that is not valid base64')
  }
  if (key.length !== sodium.crypto_box_PUBLICKEYBYTES) throw new Error(`GitHub returned a public key of ${key.length} bytes; expected ${sodium.crypto_box_PUBLICKEYBYTES}`)
  const box = sodium.crypto_box_seal(sodium.from_string(value), key)
  return sodium.to_base64(box, sodium.base64_variants.ORIGINAL)
}
