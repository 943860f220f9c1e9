/** Paged collections in the Octopus shape (`ItemType`, `TotalResults`, `Items`, `Links` with `Page.*`). */
import type { FakeRequest } from '../common/index.js'

export const TAKE_ALL = 2147483647

export function intParam(req: FakeRequest, name: string, fallback: number): number {
  const v = req.query.get(name)
  if (v === null || v === '') return fallback
  const n = Number(v)
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : fallback
}

/** Comma-joined (and repeated) `ids`-style query values. */
export function listParam(req: FakeRequest, name: string): string[] {
  return req.query
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean)
}

export function paged<T>(req: FakeRequest, itemType: string, items: T[], path: string, template: string, defaultTake = 30) {
  const skip = intParam(req, 'skip', 0)
  const take = intParam(req, 'take', defaultTake)
  const page = items.slice(skip, take === 0 ? skip : skip + take)
  const pages = take > 0 ? Math.max(1, Math.ceil(items.length / take)) : 1
  const links: Record<string, string> = {
    Self: `${path}?skip=${skip}&take=${take}`,
    Template: template,
    'Page.All': `${path}?skip=0&take=${TAKE_ALL}`,
    'Page.Current': `${path}?skip=${skip}&take=${take}`
  }
  if (take > 0 && skip + take < items.length) links['Page.Next'] = `${path}?skip=${skip + take}&take=${take}`
  if (skip > 0) links['Page.Previous'] = `${path}?skip=${Math.max(0, skip - take)}&take=${take}`
  return {
    ItemType: itemType,
    TotalResults: items.length,
    ItemsPerPage: take,
    NumberOfPages: pages,
    LastPageNumber: pages - 1,
    Items: page,
    Links: links
  }
}
