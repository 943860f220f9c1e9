import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { BlobClient } from '@azure/storage-blob'
import { createHash } from 'node:crypto'
import { startGithubFake, type GithubFake } from '../../../sandbox/github/index.js'

describe('GitHub fake: Azure blob endpoint behind signed URLs', () => {
  let fake: GithubFake
  beforeAll(async () => {
    fake = await startGithubFake()
  })
  afterAll(() => fake.close())

  const key = 'run-1/workflow-job-run-1/artifacts/abc.zip'

  it('accepts Put Blob and staged blocks from @azure/storage-blob, and serves the committed bytes', async () => {
    const client = new BlobClient(fake.blobs.signedUrl(key, 'cw', 60_000)).getBlockBlobClient()
    await client.upload(Buffer.from('single shot'), 11, { blobHTTPHeaders: { blobContentType: 'application/zip' } })
    expect(fake.blobs.blob(key)).toMatchObject({ size: 11, contentType: 'application/zip', sha256: createHash('sha256').update('single shot').digest('hex') })
    const id = (n: number) => Buffer.from(`block-${String(n).padStart(6, '0')}`).toString('base64')
    await client.stageBlock(id(1), Buffer.from('hello '), 6)
    await client.stageBlock(id(2), Buffer.from('world'), 5)
    // Only committed blocks count, in the order of the list.
    await client.commitBlockList([id(2), id(1)], { blobHTTPHeaders: { blobContentType: 'text/plain' } })
    const got = await fetch(fake.blobs.signedUrl(key, 'r', 60_000))
    expect(got.status).toBe(200)
    expect(got.headers.get('content-type')).toBe('text/plain')
    expect(await got.text()).toBe('worldhello ')
    expect(fake.blobs.operations.map((o) => o.op)).toEqual(['put-blob', 'put-block', 'put-block', 'put-block-list', 'get-blob'])
  })

  it('keeps every block staged concurrently for a new blob (bodies arriving slowly, finishing in reverse order)', async () => {
    const newKey = 'run-2/workflow-job-run-2/artifacts/concurrent.zip'
    const url = fake.blobs.signedUrl(newKey, 'cw', 60_000)
    const id = (n: number) => Buffer.from(`block-${String(n).padStart(6, '0')}`).toString('base64')
    // Each body is sent in two parts; later blocks finish first, as parallel uploads can.
    const slowBody = (text: string, delayMs: number) =>
      new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(new TextEncoder().encode(text.slice(0, 1)))
          await new Promise((r) => setTimeout(r, delayMs))
          controller.enqueue(new TextEncoder().encode(text.slice(1)))
          controller.close()
        }
      })
    const parts = ['aa', 'bb', 'cc', 'dd']
    const puts = parts.map((p, i) =>
      fetch(`${url}&comp=block&blockid=${encodeURIComponent(id(i))}`, { method: 'PUT', body: slowBody(p, 200 - i * 50), duplex: 'half' } as RequestInit)
    )
    expect((await Promise.all(puts)).map((r) => r.status)).toEqual([201, 201, 201, 201])
    const list = `<?xml version="1.0" encoding="utf-8"?><BlockList>${parts.map((_, i) => `<Latest>${id(i)}</Latest>`).join('')}</BlockList>`
    const commit = await fetch(`${url}&comp=blocklist`, { method: 'PUT', body: list })
    expect(commit.status).toBe(201)
    expect(await (await fetch(fake.blobs.signedUrl(newKey, 'r', 60_000))).text()).toBe('aabbccdd')
  })

  it('refuses unsigned, tampered, expired and wrong-permission requests with Azure errors', async () => {
    const read = new URL(fake.blobs.signedUrl(key, 'r', 60_000))
    const tampered = new URL(read)
    tampered.searchParams.set('sig', 'AAAA')
    const bad = await fetch(tampered)
    expect(bad.status).toBe(403)
    expect(bad.headers.get('x-ms-error-code')).toBe('AuthenticationFailed')
    expect(await bad.text()).toContain('<Code>AuthenticationFailed</Code>')
    const noSig = await fetch(`${read.origin}${read.pathname}`)
    expect(noSig.status).toBe(403)
    const writeWithReadUrl = await fetch(read, { method: 'PUT', headers: { 'x-ms-blob-type': 'BlockBlob' }, body: 'x' })
    expect(writeWithReadUrl.status).toBe(403)
    expect(writeWithReadUrl.headers.get('x-ms-error-code')).toBe('AuthorizationPermissionMismatch')
    const expiring = fake.blobs.signedUrl(key, 'r', 1000)
    fake.clock.advance(2000)
    expect((await fetch(expiring)).status).toBe(403)
    const missingType = await fetch(fake.blobs.signedUrl(key, 'cw', 60_000), { method: 'PUT', body: 'x' })
    expect(missingType.status).toBe(400)
    const unknownBlock = await fetch(`${fake.blobs.signedUrl(key, 'cw', 60_000)}&comp=blocklist`, {
      method: 'PUT',
      body: '<?xml version="1.0" encoding="utf-8"?><BlockList><Latest>bm9wZQ==</Latest></BlockList>'
    })
    expect(unknownBlock.status).toBe(400)
    expect(unknownBlock.headers.get('x-ms-error-code')).toBe('InvalidBlockList')
    expect((await fetch(fake.blobs.signedUrl('no/such/blob', 'r', 60_000))).status).toBe(404)
  })
})
