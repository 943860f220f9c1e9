/** Shared helpers for the Octopus fake's tests: a started fake and small fetch wrappers. */
import { startOctopusFake, type OctopusFake, type OctopusFakeOptions } from '../../../sandbox/octopus/index.js'

/** Response bodies are untyped JSON in these tests; assertions pin their shapes. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any

export interface Harness {
  fake: OctopusFake
  get(path: string, headers?: Record<string, string>): Promise<{ status: number; body: Json; headers: Headers }>
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: Json }>
  send(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: Json }>
}

export async function harness(options: OctopusFakeOptions = {}): Promise<Harness> {
  // A frozen clock (speed 0): tasks move only when a test advances it, whatever the machine load.
  const fake = await startOctopusFake({ clockSpeed: 0, taskProfile: { queueMs: 1000, durationMs: 9000, cancelMs: 1000 }, ...options })
  const auth = { 'X-Octopus-ApiKey': fake.apiKey }
  const parse = async (r: Response) => {
    const text = await r.text()
    try {
      return JSON.parse(text)
    } catch {
      return text
    }
  }
  const send = async (method: string, path: string, body?: unknown, headers: Record<string, string> = auth) => {
    const r = await fetch(fake.url + path, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
    })
    return { status: r.status, body: await parse(r) }
  }
  return {
    fake,
    get: async (path, headers = auth) => {
      const r = await fetch(fake.url + path, { headers })
      return { status: r.status, body: await parse(r), headers: r.headers }
    },
    post: (path, body, headers) => send('POST', path, body, headers),
    send
  }
}

export const space = { SpaceId: 'Spaces-1', SpaceIdOrName: 'Default' }
