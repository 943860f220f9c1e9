/**
 * Renders a job summary (GitHub-flavoured Markdown with the HTML the actions write: headings, paragraphs, tables,
 * lists, links, code) as plain text for a terminal: headings on their own line, table rows as `cell | cell`, list
 * items as `- item`, links as `text (url)`, entities decoded. Markdown lines pass through with their entities decoded.
 */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", nbsp: ' ' }

function decode(text: string): string {
  return text.replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (whole, name: string) => {
    if (ENTITIES[name.toLowerCase()] !== undefined) return ENTITIES[name.toLowerCase()]
    if (/^#x/i.test(name)) return String.fromCodePoint(parseInt(name.slice(2), 16))
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10))
    return whole
  })
}

/** Inline content: links become `text (url)` (just the url when they are equal), other tags are dropped. */
function inline(html: string): string {
  // Tags are dropped before entities are decoded, so a decoded `<` in the text is never taken for a tag.
  const withLinks = html.replace(/<a\s[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, (_m, href: string, text: string) => {
    const label = text.replace(/<[^>]+>/g, '').trim()
    return label === href || label === '' ? href : `${label} (${href})`
  })
  return decode(withLinks.replace(/<[^>]+>/g, '')).replace(/[ \t]+/g, ' ').trim()
}

function table(html: string): string[] {
  const rows = html.match(/<tr[\s\S]*?<\/tr>/gi) ?? []
  return rows.map((row) => {
    // Cells may omit their end tag (`<td><td>`): split on every cell start.
    const cells = row
      .replace(/<\/?tr[^>]*>/gi, '')
      .split(/<t[dh](?:\s[^>]*)?>/i)
      .slice(1)
      .map((c) => inline(c.replace(/<\/t[dh]>/gi, '')))
    return cells.join(' | ').replace(/(\s\|\s)+$/, '').trim()
  })
}

/** Splits HTML blocks onto their own lines, then renders each. */
export function renderSummary(summary: string): string {
  const blocks = summary
    .replace(/(<table[\s\S]*?<\/table>)/gi, '\n$1\n')
    .replace(/(<h[1-6][^>]*>[\s\S]*?<\/h[1-6]>)/gi, '\n$1\n')
    .replace(/(<(?:p|ul|ol|details|summary|div)[^>]*>)/gi, '\n$1')
    .replace(/<li[^>]*>/gi, '\n<li>')
    .replace(/<br\s*\/?>/gi, '\n')
    .split('\n')
  const out: string[] = []
  for (const block of blocks) {
    const line = block.trim()
    if (line === '') continue
    if (/^<table/i.test(line)) out.push(...table(line).map((r) => `  ${r}`))
    else if (/^<h([1-6])/i.test(line)) out.push(`${'#'.repeat(Number(/^<h([1-6])/i.exec(line)![1]))} ${inline(line)}`)
    else if (/^<li>/i.test(line)) out.push(`- ${inline(line)}`)
    else if (/^</.test(line)) {
      const text = inline(line)
      if (text) out.push(text)
    } else out.push(decode(line))
  }
  return out.join('\n')
}
