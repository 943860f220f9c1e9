// A jest transform for @actions/workflow-parser, which imports its JSON schemas without an import attribute (it was
// built before they existed): adds `with { type: 'json' }` so jest loads them without a deprecation warning in
// every test file that uses the workflow runner. Node itself is not affected (the runner's own imports are typed).
import { createHash } from 'node:crypto'

const JSON_IMPORT = /(\bimport\s+[\w$]+\s+from\s+(["'])[^"']+\.json\2)\s*;/g

export default {
  process(source) {
    return { code: source.replace(JSON_IMPORT, '$1 with { type: "json" };') }
  },
  getCacheKey(source, path) {
    return createHash('sha256').update('json-import-attributes/1\0').update(path).update('\0').update(source).digest('hex')
  }
}
