// Runs once before the test suite: builds the fixture action's bundle with the real build script, so every test
// that runs it (bundle smoke tests, the workflow executor's tests) sees one complete bundle and none rebuilds it
// while another test is using it.
import { execFileSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export default function globalSetup() {
  const repo = join(dirname(fileURLToPath(import.meta.url)), '../..')
  execFileSync(process.execPath, [join(repo, 'script/build.mjs'), '--root', join(repo, '__tests__/fixtures/suite')], {
    stdio: 'pipe',
    timeout: 120_000
  })
}
