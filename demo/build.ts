/**
 * Makes sure every JavaScript action's bundle exists before the examples run: `dist/` is committed, so a clean clone
 * normally has it; when one is missing (a fresh checkout without dist/, or after deleting it) the suite's build
 * script bundles every action once.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parse } from 'yaml'

/** Bundles named by `runs.main` of actions/<name>/action.yml that do not exist. */
export function missingBundles(root: string): string[] {
  const actionsDir = join(root, 'actions')
  const missing: string[] = []
  for (const name of readdirSync(actionsDir).sort()) {
    const file = join(actionsDir, name, 'action.yml')
    if (!existsSync(file)) continue
    const meta = parse(readFileSync(file, 'utf8')) as { runs?: { using?: string; main?: string } }
    if (meta.runs?.using === 'composite' || !meta.runs?.main) continue
    const bundle = resolve(actionsDir, name, meta.runs.main)
    if (!existsSync(bundle)) missing.push(bundle)
  }
  return missing
}

/** Builds when a bundle is missing; returns whether it built. Throws when the build fails or leaves one missing. */
export function ensureBuilt(root: string, log: (line: string) => void): boolean {
  const missing = missingBundles(root)
  if (missing.length === 0) return false
  log(`Building the actions (missing: ${missing.map((m) => m.slice(root.length + 1)).join(', ')}) ...`)
  const build = spawnSync(process.execPath, [join(root, 'script/build.mjs')], { cwd: root, stdio: 'inherit', timeout: 300_000 })
  if (build.status !== 0) throw new Error(`npm run build failed (exit ${build.status ?? build.signal})`)
  const still = missingBundles(root)
  if (still.length > 0) throw new Error(`the build did not produce ${still.join(', ')}`)
  return true
}
