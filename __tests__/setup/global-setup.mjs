// Runs once before the tests (of any project): builds the fixture action's bundle with the real build script when
// it is missing or older than its sources (the fixture and src/, which it bundles), so every test that runs or
// checks it (bundle smoke test, the workflow executor's tests, the metadata invariants) sees one complete bundle
// and none rebuilds it while another test is using it. It also turns on the GitHub fake's response checking for
// the whole suite.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

function newestMtime(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue
    newest = Math.max(newest, statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs)
  }
  return newest
}

export default function globalSetup() {
  // Every GitHub fake a test starts checks its answers against GitHub's OpenAPI description and fails on close()
  // when one does not match (workers inherit the environment set here).
  process.env.GITHUB_FAKE_CHECK_RESPONSES = '1'
  const repo = join(dirname(fileURLToPath(import.meta.url)), '../..')
  const fixture = join(repo, '__tests__/fixtures/suite')
  const bundle = join(fixture, 'dist/hello/index.js')
  const sources = Math.max(newestMtime(join(fixture, 'src')), newestMtime(join(repo, 'src')), statSync(join(repo, 'script/build.mjs')).mtimeMs)
  if (existsSync(bundle) && statSync(bundle).mtimeMs > sources) return
  execFileSync(process.execPath, [join(repo, 'script/build.mjs'), '--root', fixture], { stdio: 'pipe', timeout: 120_000 })
}
