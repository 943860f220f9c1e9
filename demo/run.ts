/**
 * `npm run demo`: builds the actions if a bundle is missing, then runs the demo (see main.ts) and exits 0 when every
 * workflow and every verification check passed, 1 otherwise.
 *
 * Options: `--out FILE` (Markdown account; default demo/last-run.md, git-ignored), `--quiet` (no live workflow log).
 */
import { join, resolve } from 'node:path'
import { ensureBuilt } from './build.js'
import { REPO_ROOT } from './examples.js'
import { runDemo } from './main.js'

function parseArgs(argv: string[]): { out: string; quiet: boolean } {
  let out = join(REPO_ROOT, 'demo', 'last-run.md')
  let quiet = false
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--quiet') quiet = true
    else if (argv[i] === '--out' && argv[i + 1]) out = resolve(argv[++i])
    else throw new Error(`unknown argument ${argv[i]} (use --out FILE, --quiet)`)
  }
  return { out, quiet }
}

async function main(): Promise<number> {
  const { out, quiet } = parseArgs(process.argv.slice(2))
  ensureBuilt(REPO_ROOT, (line) => console.log(line))
  const outcome = await runDemo({ print: (text) => console.log(text), markdownFile: out, liveLog: !quiet })
  return outcome.ok ? 0 : 1
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`demo failed: ${err instanceof Error ? err.message : String(err)}`)
    process.exit(1)
  }
)
