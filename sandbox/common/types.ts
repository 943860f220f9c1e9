import type { IncomingHttpHeaders, IncomingMessage } from 'node:http'
import type { Readable } from 'node:stream'

/** What a fake's handler sees of a request. The body is read on demand, so uploads can be streamed. */
export interface FakeRequest {
  method: string
  url: URL
  path: string
  query: URLSearchParams
  headers: IncomingHttpHeaders
  raw: IncomingMessage
  /** Reads the whole body (memoised). */
  body(): Promise<Buffer>
  /** Parses the body as JSON; throws `InvalidJsonError` when it is not. */
  json<T = unknown>(): Promise<T>
}

export interface FakeResponse {
  status: number
  headers?: Record<string, string | string[]>
  /** An object is sent as JSON; a string or Buffer as is; a Readable is piped. */
  body?: unknown
  /** Content type for JSON bodies (default `application/json; charset=utf-8`). */
  contentType?: string
}

export class InvalidJsonError extends Error {}

export type Stream = Readable
