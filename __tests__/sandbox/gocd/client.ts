/** A tiny HTTP helper for the GoCD fake tests (fetch with GoCD's headers). */
import type { GocdFake } from '../../../sandbox/gocd/index.js'

export const V1 = 'application/vnd.go.cd.v1+json'
export const V2 = 'application/vnd.go.cd.v2+json'
export const V3 = 'application/vnd.go.cd.v3+json'

export interface CallOptions {
  accept?: string | null
  /** 'basic' (demo user, default), 'admin', 'token' (demo token), 'none', or a raw Authorization value. */
  auth?: 'basic' | 'admin' | 'token' | 'none' | { header: string }
  json?: unknown
  confirm?: boolean
  headers?: Record<string, string>
  body?: string | Buffer | FormData | Uint8Array
}

export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
}

export async function call(fake: GocdFake, method: string, path: string, opts: CallOptions = {}) {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) }
  if (opts.accept !== null) headers.Accept = opts.accept ?? V1
  const auth = opts.auth ?? 'basic'
  if (auth === 'basic') headers.Authorization = basic(fake.username, fake.password)
  else if (auth === 'admin') headers.Authorization = basic(fake.admin.username, fake.admin.password)
  else if (auth === 'token') headers.Authorization = `Bearer ${fake.token}`
  else if (typeof auth === 'object') headers.Authorization = auth.header
  let body = opts.body
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json)
    headers['Content-Type'] ??= 'application/json'
  }
  if (opts.confirm) headers['X-GoCD-Confirm'] = 'true'
  const res = await fetch(`${fake.goUrl}${path}`, { method, headers, body })
  const text = await res.text()
  let data: unknown = text
  if (text && (res.headers.get('content-type') ?? '').includes('json')) data = JSON.parse(text)
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: res.status, headers: res.headers, text, data: data as any }
}

/** Field names and JSON types of a value, recursively (arrays by their first element); null matches any type. */
export function shapeOf(value: unknown): unknown {
  if (value === null) return 'null'
  if (Array.isArray(value)) return value.length ? [shapeOf(value[0])] : []
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, shapeOf(v)]))
  }
  return typeof value
}

/** Asserts `actual` has every field of `example` with the same JSON type (null on either side is lenient). */
export function expectSameShape(actual: unknown, example: unknown, path = '$'): void {
  if (example === null || actual === null) return
  if (Array.isArray(example)) {
    if (!Array.isArray(actual)) throw new Error(`${path}: expected an array, got ${JSON.stringify(actual)}`)
    if (example.length && actual.length) expectSameShape(actual[0], example[0], `${path}[0]`)
    return
  }
  if (typeof example === 'object') {
    if (typeof actual !== 'object' || Array.isArray(actual)) throw new Error(`${path}: expected an object, got ${JSON.stringify(actual)}`)
    for (const [k, v] of Object.entries(example as Record<string, unknown>)) {
      if (!(k in (actual as Record<string, unknown>))) throw new Error(`${path}.${k}: missing`)
      expectSameShape((actual as Record<string, unknown>)[k], v, `${path}.${k}`)
    }
    return
  }
  if (typeof actual !== typeof example) throw new Error(`${path}: expected ${typeof example}, got ${typeof actual}`)
}
