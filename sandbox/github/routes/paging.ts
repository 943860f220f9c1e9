/** `per_page` / `page` paging as GitHub does it, with a `Link` header (next/last/first/prev) keeping other query params. */
export function page<T>(items: T[], query: URLSearchParams, defaultPerPage: number, maxPerPage: number, selfUrl: string) {
  const perPage = Math.min(maxPerPage, Math.max(1, Number(query.get('per_page') ?? defaultPerPage) || defaultPerPage))
  const pageNo = Math.max(1, Number(query.get('page') ?? 1) || 1)
  const slice = items.slice((pageNo - 1) * perPage, pageNo * perPage)
  const last = Math.max(1, Math.ceil(items.length / perPage))
  const links: string[] = []
  const link = (p: number, rel: string) => {
    const q = new URLSearchParams(query)
    q.set('per_page', String(perPage))
    q.set('page', String(p))
    return `<${selfUrl}?${q}>; rel="${rel}"`
  }
  if (pageNo < last) links.push(link(pageNo + 1, 'next'), link(last, 'last'))
  if (pageNo > 1) links.push(link(1, 'first'), link(pageNo - 1, 'prev'))
  return { slice, headers: links.length ? { link: links.join(', ') } : undefined }
}
