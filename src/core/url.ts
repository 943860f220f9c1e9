/** URL helpers: joining a base with a path and query, and stripping credentials before a URL is shown. */

export type QueryValue = string | number | boolean | undefined | null | (string | number)[]

const SECRET_QUERY_PARAMS = new Set(['apikey', 'api_key', 'token', 'access_token', 'password', 'sig', 'signature'])

export function buildUrl(base: string, path: string, query?: Record<string, QueryValue>): URL {
  const url = /^https?:\/\//i.test(path) ? new URL(path) : new URL(base.replace(/\/+$/, '') + (path.startsWith('/') ? path : `/${path}`))
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null) continue
    if (Array.isArray(v)) for (const item of v) url.searchParams.append(k, String(item))
    else url.searchParams.set(k, String(v))
  }
  return url
}

/** The URL without user info and with credential-like query parameters replaced by `***`. */
export function safeUrl(url: URL | string): string {
  const u = new URL(String(url))
  u.username = ''
  u.password = ''
  for (const key of [...u.searchParams.keys()]) if (SECRET_QUERY_PARAMS.has(key.toLowerCase())) u.searchParams.set(key, '***')
  return u.toString().replace(/%2A%2A%2A/g, '***')
}
