// Runs once before the test suite: builds the fixture action's bundle with the real build script, so every test
// that runs it (bundle smoke tests, the workflow executor's tests) sees one complete bundle and none rebuilds it
// while another test is using it. It also turns on the GitHub fake's response checking for the whole suite.
import { execFileSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export default function globalSetup() {
  // Every GitHub fake a test starts checks its answers against GitHub's OpenAPI description and fails on close()
  // when one does not match (workers inherit the environment set here).
  process.env.GITHUB_FAKE_CHECK_RESPONSES = '1'
  const repo = join(dirname(fileURLToPath(import.meta.url)), '../..')
  execFileSync(process.execPath, [join(repo, 'script/build.mjs'), '--root', join(repo, '__tests__/fixtures/suite')], {
    stdio: 'pipe',
    timeout: 120_000
  })
}
