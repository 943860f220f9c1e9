/**
 * Hostile answer bodies, produced lazily so the proxy itself stays small in memory: a huge (or endless) filler body
 * written with backpressure, a gzip bomb made of one small gzip member repeated (gunzip reads concatenated members
 * as one stream), and a trickle that writes a few bytes per interval until the client gives up.
 */
import type { ServerResponse } from 'node:http'
import { gzipSync } from 'node:zlib'

const CHUNK = 64 * 1024
const FILLER = Buffer.alloc(CHUNK, 'A')

/** Writes `bytes` bytes (`prefix` first, then filler) honouring backpressure; stops when the client goes away. */
export function writeFiller(res: ServerResponse, bytes: number, prefix = ''): void {
  let left = bytes
  const head = Buffer.from(prefix)
  let headSent = false
  const pump = () => {
    while (left > 0 && !res.destroyed) {
      let chunk: Buffer
      if (!headSent) {
        chunk = head.subarray(0, Math.min(head.length, left))
        headSent = true
      } else chunk = left >= CHUNK ? FILLER : FILLER.subarray(0, left)
      left -= chunk.length
      if (left <= 0) {
        res.end(chunk)
        return
      }
      if (!res.write(chunk)) {
        res.once('drain', pump)
        return
      }
    }
  }
  res.on('error', () => undefined)
  pump()
}

const MEMBER_BYTES = 1024 * 1024
let member: Buffer | undefined

/** One gzip member inflating to 1 MiB of spaces (about 1 KiB compressed). */
function bombMember(): Buffer {
  member ??= gzipSync(Buffer.alloc(MEMBER_BYTES, ' '), { level: 9 })
  return member
}

/** The compressed size of a bomb that inflates to `bytes` (its Content-Length). */
export function bombSize(bytes: number): number {
  const head = gzipSync(Buffer.from('{"Items":['))
  return head.length + Math.ceil(bytes / MEMBER_BYTES) * bombMember().length
}

/** Writes a gzip stream that inflates to about `bytes`: `{"Items":[` and then spaces, never closed. */
export function writeGzipBomb(res: ServerResponse, bytes: number): void {
  const head = gzipSync(Buffer.from('{"Items":['))
  let left = Math.ceil(bytes / MEMBER_BYTES)
  const m = bombMember()
  const pump = () => {
    while (left > 0 && !res.destroyed) {
      left--
      if (left === 0) {
        res.end(m)
        return
      }
      if (!res.write(m)) {
        res.once('drain', pump)
        return
      }
    }
  }
  res.on('error', () => undefined)
  if (res.write(head)) pump()
  else res.once('drain', pump)
}

/** Writes `body` `chunkBytes` at a time every `intervalMs`; returns a function that stops it. */
export function trickle(res: ServerResponse, body: Buffer, intervalMs: number, chunkBytes: number): () => void {
  let at = 0
  const timer = setInterval(() => {
    if (res.destroyed) return stop()
    if (at >= body.length) {
      stop()
      res.end()
      return
    }
    res.write(body.subarray(at, at + chunkBytes))
    at += chunkBytes
  }, intervalMs)
  const stop = () => clearInterval(timer)
  res.on('close', stop)
  res.on('error', () => undefined)
  return stop
}
