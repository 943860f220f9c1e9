/** SHA-256 and SHA-1 of a stream (read once, never held in memory). */
import { createHash } from 'node:crypto'
import type { Readable } from 'node:stream'

export interface Digest {
  sha256: string
  sha1: string
  size: number
}

export async function digestStream(stream: Readable): Promise<Digest> {
  const sha256 = createHash('sha256')
  const sha1 = createHash('sha1')
  let size = 0
  for await (const chunk of stream) {
    const buf = chunk as Buffer
    sha256.update(buf)
    sha1.update(buf)
    size += buf.length
  }
  return { sha256: sha256.digest('hex'), sha1: sha1.digest('hex'), size }
}
