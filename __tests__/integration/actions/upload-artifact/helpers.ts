/** Shared helpers of the upload-artifact tests: small file trees, zip reading (yauzl), running the action logic. */
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { uploadArtifactAction, type UploadDeps } from '../../../../src/actions/upload-artifact/upload-artifact.js'
import { testContext, type TestContext } from '../../../helpers/test-context.js'

export function tree(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ua-'))
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true })
    writeFileSync(join(dir, name), content)
  }
  return dir
}

export { unzip } from '../../../helpers/unzip.js'

export const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex')


/** Fast retries, no real backoff waits. */
export const FAST: UploadDeps = { http: { retry: { baseDelayMs: 1, maxDelayMs: 2 }, timeoutMs: 10_000, sleep: async () => undefined } }

export async function runUpload(inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}, deps: UploadDeps = FAST): Promise<{ t: TestContext; code: number }> {
  const t = testContext('upload-artifact', inputs, env)
  const code = await t.run((ctx) => uploadArtifactAction(ctx, deps))
  return { t, code }
}

export const warnings = (t: TestContext) => t.logger.lines.filter((l) => l.level === 'warning').map((l) => l.message)
export const infos = (t: TestContext) => t.logger.lines.filter((l) => l.level === 'info').map((l) => l.message)
