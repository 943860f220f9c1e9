/**
 * Upload memory: the docs promise that uploads are streamed, "never whole in memory". The BUILT upload-artifact
 * bundle sends one 256 MiB file to each destination's fake and its peak RSS (GNU time maxrss, or VmHWM sampled
 * from /proc) must stay well under the payload: below 224 MiB, where a bundle that buffers the payload needs more
 * than its ~100 MiB start-up footprint plus 256 MiB. GitHub gets 300 MiB: `@actions/artifact` keeps up to five
 * 8 MiB blocks in flight besides its zip and hash streams, and its peak moves between 150 and 230 MiB from run to run
 * with garbage-collection timing (bench/README.md); buffering the payload would still exceed 356 MiB. No time is
 * asserted.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeBigFile } from '../../../bench/harness/data.js'
import { runMeasured } from '../../../bench/harness/proc.js'
import { uploadTarget, type Destination } from '../../../bench/harness/upload-targets.js'
import { bundlePath, hasBundle } from './helpers/bundle-run.js'

const MIB = 2 ** 20
const LIMIT_MIB = 224
const GITHUB_LIMIT_MIB = 300

let dir: string
let file: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'upload-memory-'))
  file = join(dir, 'Memory.Check.1.0.0.zip')
  writeBigFile(file, 256 * MIB)
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function peakRss(dest: Destination): Promise<number> {
  if (!hasBundle('upload-artifact')) throw new Error('dist/upload-artifact/index.js is missing')
  const target = await uploadTarget(dest, { path: file, curlFile: file, packaged: true, tag: `memory-${dest}` }, false)
  try {
    const res = await runMeasured(process.execPath, [bundlePath('upload-artifact')], target.env, { timeoutMs: 120_000 })
    expect(res.code === 0 ? 'ok' : res.stdout.split('\n').find((l) => l.startsWith('::error')) ?? res.stderr.slice(0, 400)).toBe('ok')
    return res.peakRssKiB / 1024
  } finally {
    await target.close()
  }
}

describe('upload-artifact streams a 256 MiB file instead of holding it in memory', () => {
  it('to GitHub', async () => {
    expect(await peakRss('github')).toBeLessThan(GITHUB_LIMIT_MIB)
  }, 120_000)

  // These two found a real bug: undici's fetch read streamed bodies without backpressure (2,175 MiB peak RSS for
  // a 2,048 MiB file); the HTTP client now sends streamed bodies with undici.request.
  it('to Octopus', async () => {
    expect(await peakRss('octopus')).toBeLessThan(LIMIT_MIB)
  }, 120_000)

  it('to GoCD', async () => {
    expect(await peakRss('gocd')).toBeLessThan(LIMIT_MIB)
  }, 120_000)
})
