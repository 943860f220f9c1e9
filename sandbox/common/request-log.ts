import type { IncomingHttpHeaders } from 'node:http'

/** Headers whose values are credentials; the request log keeps their names and a redaction marker only. */
const SECRET_HEADERS = new Set(['authorization', 'x-octopus-apikey', 'cookie', 'proxy-authorization', 'x-gocd-token'])

export interface LoggedRequest {
  method: string
  path: string
  query: Record<string, string>
  headers: Record<string, string>
  /** Parsed JSON body, the text of a small non-JSON body, or a size marker for large/binary bodies. */
  body?: unknown
  status?: number
  /** A fault that was injected into this request, if any. */
  fault?: string
  at: number
}

export function redactHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue
    out[name] = SECRET_HEADERS.has(name.toLowerCase()) ? '[redacted]' : Array.isArray(value) ? value.join(', ') : value
  }
  return out
}

export class RequestLog {
  readonly entries: LoggedRequest[] = []

  push(entry: LoggedRequest): LoggedRequest {
    this.entries.push(entry)
    return entry
  }

  filter(method: string, pathPattern: RegExp | string): LoggedRequest[] {
    return this.entries.filter(
      (e) =>
        e.method === method.toUpperCase() &&
        (typeof pathPattern === 'string' ? e.path === pathPattern : pathPattern.test(e.path))
    )
  }

  clear(): void {
    this.entries.length = 0
  }
}
