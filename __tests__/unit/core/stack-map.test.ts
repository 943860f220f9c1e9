import { describe, expect, it } from '@jest/globals'
import { mapStack } from '../../../src/core/stack-map.js'

/** Line 1, column 0 of the bundle comes from line 11, column 5 of src/core/http.ts (VLQ "AAUI"); line 2 has no mapping. */
const MAP = JSON.stringify({ version: 3, file: 'index.js', sources: ['.././src/core/http.ts'], names: [], mappings: 'AAUI;' })
const BUNDLE = '/runner/_actions/owner/repo/v1/dist/deploy/index.js'

describe('mapStack', () => {
  const read = (file: string) => (file === BUNDLE ? MAP : undefined)

  it('points bundle positions at the TypeScript source, keeping the bundle position', () => {
    const stack = ['Error: boom', `    at request (file://${BUNDLE}:1:7)`, `    at ${BUNDLE}:1:1`].join('\n')
    expect(mapStack(stack, read)).toBe(
      ['Error: boom', `    at request (src/core/http.ts:11:5 [file://${BUNDLE}:1:7])`, `    at src/core/http.ts:11:5 [${BUNDLE}:1:1]`].join('\n')
    )
  })

  it('leaves positions without a map, or outside it, as they are', () => {
    const stack = ['Error: boom', `    at x (${BUNDLE}:2:3)`, '    at y (/work/src/core/http.ts:5:1)', '    at node:internal/process/task_queues:95:5'].join('\n')
    expect(mapStack(stack, read)).toBe(stack)
    expect(mapStack(stack, () => '{not json')).toBe(stack)
  })
})
