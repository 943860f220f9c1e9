/** Node binaries to smoke-run bundles with: this Node (20 here) and Node 24 from the npm registry (`npx -y node@24`). */
import { execFileSync } from 'node:child_process'

let node24: string | undefined

export function node24Path(): string {
  if (!node24) {
    const out = execFileSync('npx', ['-y', 'node@24', '-p', 'process.execPath'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 180_000 })
    node24 = out.trim().split('\n').pop()!.trim()
  }
  return node24
}

export function nodeBinaries(): { label: string; path: string }[] {
  return [
    { label: `node ${process.version}`, path: process.execPath },
    { label: 'node 24', path: node24Path() }
  ]
}
