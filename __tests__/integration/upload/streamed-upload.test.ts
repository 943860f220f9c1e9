/** The streamed multipart body on the shared HttpClient against loopback servers: framing, hashes, stall timeout. */
import { afterEach, describe, expect, it } from '@jest/globals'
import busboy from 'busboy'
import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import { Agent } from 'undici'
import { NetworkError } from '../../../src/core/errors.js'
import { HttpClient } from '../../../src/core/http.js'
import { MemoryLogger } from '../../helpers/memory-logger.js'
import { StreamedUpload } from '../../../src/upload/streamed-upload.js'
import { rejectionOf } from '../../helpers/rejection.js'

let server: Server | undefined
afterEach(async () => {
  server?.closeAllConnections()
  await new Promise((r) => server?.close(r) ?? r(undefined))
  server = undefined
})

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  server = createServer(handler)
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

const http = (baseUrl: string, dispatcher?: Agent) =>
  new HttpClient({ baseUrl, service: 'Test', logger: new MemoryLogger(), noProxy: true, retry: { retries: 0 }, sleep: async () => undefined, dispatcher })

describe('StreamedUpload', () => {
  it('sends one multipart file part (Content-Length when the size is known) and hashes exactly the file bytes', async () => {
    const data = Buffer.from('x'.repeat(100_000) + 'end')
    const seen: { field?: string; filename?: string; type?: string; bytes?: Buffer; length?: string } = {}
    const url = await serve((req, res) => {
      seen.length = req.headers['content-length']
      const bb = busboy({ headers: req.headers })
      bb.on('file', (field, stream, info) => {
        const chunks: Buffer[] = []
        stream.on('data', (c: Buffer) => chunks.push(c))
        stream.on('end', () => Object.assign(seen, { field, filename: info.filename, type: info.mimeType, bytes: Buffer.concat(chunks) }))
      })
      bb.on('close', () => res.end('ok'))
      req.pipe(bb)
    })
    const upload = new StreamedUpload(
      { open: () => Readable.from([data.subarray(0, 5000), data.subarray(5000)]), size: data.length, fileName: 'My "App".1.0.0.zip', contentType: 'application/zip' },
      { field: 'fileToUpload', logger: new MemoryLogger(), label: 'up', progressIntervalMs: 5000 }
    )
    await http(url).request({ method: 'POST', path: '/', headers: upload.headers(), body: upload.body, responseType: 'text' })
    expect(seen).toMatchObject({ field: 'fileToUpload', filename: 'My %22App%22.1.0.0.zip', type: 'application/zip' })
    expect(seen.bytes!.equals(data)).toBe(true)
    expect(Number(seen.length)).toBe(Number(upload.headers()['Content-Length']))
    expect(upload.last).toEqual({
      bytes: data.length,
      complete: true,
      sha256: createHash('sha256').update(data).digest('hex'),
      sha1: createHash('sha1').update(data).digest('hex')
    })
    expect(upload.attempts).toBe(1)
  })

  // undici's header timeout (300 s by default; 300 ms here) is refreshed by every chunk written, so it is the idle
  // timeout of an upload: a server that stops reading fails the attempt as an ambiguous, retryable network error.
  it('fails the attempt when the server stops reading (idle timeout), marking the body incomplete', async () => {
    const url = await serve((req) => req.pause())
    const chunk = Buffer.alloc(1024 * 1024)
    const total = 64
    const upload = new StreamedUpload(
      {
        open: () =>
          Readable.from(
            (function* () {
              for (let i = 0; i < total; i++) yield chunk
            })()
          ),
        size: total * chunk.length,
        fileName: 'big.bin',
        contentType: 'application/octet-stream'
      },
      { field: 'file', logger: new MemoryLogger(), label: 'up', progressIntervalMs: 60_000 }
    )
    const agent = new Agent({ headersTimeout: 300 })
    const err = await rejectionOf<NetworkError>(http(url, agent).request({ method: 'POST', path: '/', headers: upload.headers(), body: upload.body, responseType: 'text' }))
    await agent.close()
    expect(err).toBeInstanceOf(NetworkError)
    expect(err.code).toBe('UND_ERR_HEADERS_TIMEOUT')
    expect(upload.last.complete).toBe(false)
    expect(upload.last.bytes).toBeLessThan(total * chunk.length)
  })
})
