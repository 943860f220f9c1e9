/**
 * GoCD's cursor pagination for the history APIs (pipeline history v1, stage history v3): `ApiController.getPageSize`
 * and `getCursor`, the services' `validateCursor` (0 means "no cursor", negative is a 400), `after` (older records)
 * winning over `before` (newer ones), and the `next` / `previous` links built from the page's oldest and newest ids.
 */
import { ApiError } from './api.js'

export interface PageQuery {
  pageSize: number
  after?: number
  before?: number
}

const BAD_PAGE_SIZE = "The query parameter 'page_size', if specified must be a number between 10 and 100."

/** `Integer.valueOf` / `Long.parseLong`: an optional sign and decimal digits. */
const JAVA_INTEGER = /^[+-]?\d+$/

export function readPageQuery(query: URLSearchParams): PageQuery {
  let pageSize = 10
  const rawSize = query.get('page_size')
  if (rawSize !== null) {
    pageSize = JAVA_INTEGER.test(rawSize) ? Number(rawSize) : NaN
    if (!(pageSize >= 10 && pageSize <= 100)) throw new ApiError(400, BAD_PAGE_SIZE)
  }
  const cursor = (k: 'after' | 'before') => {
    const raw = query.get(k)
    if (raw === null || raw.trim() === '') return 0
    if (!JAVA_INTEGER.test(raw)) throw new ApiError(400, `The query parameter '${k}', if specified, must be a positive integer.`)
    return Number(raw)
  }
  return { pageSize, after: cursor('after'), before: cursor('before') }
}

/** Applies the cursors (after the existence and permission checks, as the services do) to records with ids. */
export function pageOf<T extends { id: number }>(all: T[], q: PageQuery): T[] {
  for (const k of ['after', 'before'] as const) {
    if ((q[k] ?? 0) < 0) throw new ApiError(400, `The query parameter '${k}', if specified, must be a positive integer.`)
  }
  const newestFirst = [...all].sort((a, b) => b.id - a.id)
  if (q.after) return newestFirst.filter((r) => r.id < q.after!).slice(0, q.pageSize)
  if (q.before) return newestFirst.filter((r) => r.id > q.before!).slice(-q.pageSize)
  return newestFirst.slice(0, q.pageSize)
}

/** `previous` when newer records exist, `next` when older ones do (no `_links` at all when neither). */
export function pageLinks<T extends { id: number }>(all: T[], page: T[], href: (cursor: string) => string): Record<string, { href: string }> | undefined {
  if (!page.length) return undefined
  const newest = page[0].id
  const oldest = page[page.length - 1].id
  const links: Record<string, { href: string }> = {}
  if (all.some((r) => r.id > newest)) links.previous = { href: href(`before=${newest}`) }
  if (all.some((r) => r.id < oldest)) links.next = { href: href(`after=${oldest}`) }
  return Object.keys(links).length ? links : undefined
}
