/**
 * Octopus resources link to each other with RFC 6570 URI templates (`/api/Spaces-1/projects{/id}{?name,skip}`).
 * `expandLink` expands them with the url-template library; `resolveLink` turns a (possibly app-relative `~/`) link
 * into an absolute URL below the server's base URL, keeping a virtual directory (`https://host/octopus`).
 */
import { parseTemplate, type PrimitiveValue } from 'url-template'

export type LinkParams = Record<string, PrimitiveValue | PrimitiveValue[] | undefined>

/** Expands a link template; parameters that are undefined are left out. */
export function expandLink(template: string, params: LinkParams = {}): string {
  const defined: Record<string, PrimitiveValue | PrimitiveValue[]> = {}
  for (const [k, v] of Object.entries(params)) if (v !== undefined) defined[k] = v
  return parseTemplate(template).expand(defined)
}

/**
 * An absolute URL for a link. `~/api/...` is relative to the base URL. A root-relative `/api/...` link is taken
 * relative to the base URL too unless it already starts with the base URL's path (servers in a virtual directory
 * may or may not include it in their links; both forms reach the same resource).
 */
export function resolveLink(baseUrl: string, link: string): string {
  if (/^https?:\/\//i.test(link)) return link
  const base = new URL(baseUrl)
  const basePath = base.pathname.replace(/\/+$/, '')
  const path = link.startsWith('~/') ? link.slice(1) : link.startsWith('/') ? link : `/${link}`
  if (basePath && (path.toLowerCase() === basePath.toLowerCase() || path.toLowerCase().startsWith(`${basePath.toLowerCase()}/`)))
    return `${base.origin}${path}`
  return `${base.origin}${basePath}${path}`
}
