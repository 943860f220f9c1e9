/**
 * Stack traces of the bundled actions, pointed back at the TypeScript sources. dist/ holds a source map beside each
 * bundle file (script/build.mjs); nothing reads them at start (Node's own source map support would parse them on
 * every run, and the register ncc offers loads code), so they cost nothing until a stack trace is printed: under
 * debug, this rewrites each `…/dist/<action>/<file>.js:line:column` to `src/<module>.ts:line:column` (`[bundle
 * position]` kept after it). Positions without a map (tests run the sources directly) are left as they are.
 */
import { existsSync, readFileSync } from 'node:fs'
import { SourceMap } from 'node:module'
import { fileURLToPath } from 'node:url'

const POSITION = /((?:file:\/\/)?\/[^\s()]*?\.m?js):(\d+):(\d+)/g

/** A repository-relative name for a source path of the map (`.././src/core/http.ts` -> `src/core/http.ts`). */
function sourceName(source: string): string {
  return source.replace(/^webpack:\/\/[^/]*\//, '').replace(/^(\.\.?\/)+/, '')
}

export function mapStack(stack: string, readMap: (file: string) => string | undefined = defaultReadMap): string {
  const maps = new Map<string, SourceMap | undefined>()
  const mapOf = (file: string): SourceMap | undefined => {
    if (!maps.has(file)) {
      let map: SourceMap | undefined
      try {
        const text = readMap(file)
        map = text ? new SourceMap(JSON.parse(text)) : undefined
      } catch {
        map = undefined
      }
      maps.set(file, map)
    }
    return maps.get(file)
  }
  return stack.replace(POSITION, (whole: string, file: string, line: string, column: string) => {
    const path = file.startsWith('file://') ? fileURLToPath(file) : file
    const at = Number(line) - 1
    const entry = mapOf(path)?.findEntry(at, Number(column) - 1) as { generatedLine?: number; originalSource?: string; originalLine?: number; originalColumn?: number } | undefined
    // findEntry falls back to the last mapping of an earlier line: only a mapping on this line says where it came from.
    if (!entry?.originalSource || entry.generatedLine !== at || entry.originalLine === undefined || entry.originalColumn === undefined) return whole
    return `${sourceName(entry.originalSource)}:${entry.originalLine + 1}:${entry.originalColumn + 1} [${whole}]`
  })
}

function defaultReadMap(file: string): string | undefined {
  const map = `${file}.map`
  return existsSync(map) ? readFileSync(map, 'utf8') : undefined
}
