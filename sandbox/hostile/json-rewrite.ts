/**
 * Rewrites of a JSON answer: every string field, with the key it sits under and whether it is inside a links object.
 *
 * - `rewriteOrigin`: the upstream fake's own origin replaced by the proxy's (what a reverse proxy does with
 *   `ProxyPassReverse`), so links stay on the origin the client was configured with unless a mode says otherwise;
 * - `pointLinksAt`: links (strings under `Links` / `_links`, `href`, `*_endpoint`, `*_uri`, `*Url`) made to point at
 *   another origin: absolute ones get the other origin, root-relative ones get it prefixed;
 * - `inject`: a payload added to every string field (links and ids skipped by default: an action that cannot
 *   navigate never reaches the code that prints server text).
 */

export type StringVisitor = (value: string, key: string, inLinks: boolean) => string

export function mapStrings(value: unknown, visit: StringVisitor, key = '', inLinks = false): unknown {
  if (typeof value === 'string') return visit(value, key, inLinks)
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, visit, key, inLinks))
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = mapStrings(v, visit, k, inLinks || k === 'Links' || k === '_links')
    return out
  }
  return value
}

const LINK_KEY = /^(href|.*_endpoint|.*_uri|.*Url|.*_url|Location)$/

export function isLinkField(key: string, inLinks: boolean): boolean {
  return inLinks || LINK_KEY.test(key)
}

export function rewriteOrigin(text: string, from: string, to: string): string {
  return from === to ? text : text.split(from).join(to)
}

/** The other origin for a link: `https://front/api/x` → `http://other/api/x`; `/api/x` → `http://other/api/x`. */
export function toOtherOrigin(link: string, front: string, other: string): string {
  if (link.startsWith(front)) return other + link.slice(front.length)
  if (/^https?:\/\//i.test(link)) {
    const u = new URL(link)
    return other + u.pathname + u.search
  }
  if (link.startsWith('~/')) return other + link.slice(1)
  if (link.startsWith('/')) return other + link
  return link
}

export function pointLinksAt(json: unknown, to: (link: string) => string, keys?: RegExp): unknown {
  return mapStrings(json, (v, k, inLinks) => ((keys ? keys.test(k) : isLinkField(k, inLinks)) ? to(v) : v))
}

const ID_KEY = /^(Id|id|.*Id|.*_id|.*Ids|fingerprint|counter|name_or_id)$/

export interface InjectOptions {
  payload: string
  position: 'prefix' | 'suffix' | 'replace'
  keys?: RegExp
  skipKeys?: RegExp
}

export function inject(json: unknown, opts: InjectOptions): unknown {
  return mapStrings(json, (v, k, inLinks) => {
    if (opts.keys ? !opts.keys.test(k) : isLinkField(k, inLinks) || (opts.skipKeys ?? ID_KEY).test(k)) return v
    return opts.position === 'prefix' ? opts.payload + v : opts.position === 'replace' ? opts.payload : v + opts.payload
  })
}
