/**
 * A loopback TCP relay that cuts one connection after it has carried `cutAfter` request bytes: an upload
 * interrupted half-way, as a flaky network or proxy does it (the fakes' faults act before or after a request).
 */
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net'

export interface CuttingProxy {
  url: string
  /** Cut the next connection that carries more than `bytes` request bytes. */
  cutNext(bytes: number): void
  cuts: number
  close(): Promise<void>
}

export async function startCuttingProxy(targetPort: number): Promise<CuttingProxy> {
  const sockets = new Set<Socket>()
  let cutAfter: number | undefined
  const state = { cuts: 0 }
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1')
    sockets.add(client).add(upstream)
    let carried = 0
    client.on('data', (chunk: Buffer) => {
      carried += chunk.length
      if (cutAfter !== undefined && carried > cutAfter) {
        cutAfter = undefined
        state.cuts++
        client.destroy()
        upstream.destroy()
        return
      }
      upstream.write(chunk)
    })
    upstream.pipe(client)
    const close = () => {
      client.destroy()
      upstream.destroy()
    }
    client.on('error', close).on('close', close)
    upstream.on('error', close).on('close', close)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    cutNext(bytes) {
      cutAfter = bytes
    },
    get cuts() {
      return state.cuts
    },
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy()
        server.close(() => r())
      })
  }
}
