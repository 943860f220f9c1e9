#!/usr/bin/env node
// Bundles every JavaScript action found under actions/*/action.yml into dist/<name>/ with ncc.
// Usage: node script/build.mjs [--root DIR] [--out DIR] [--profile] [name ...]
//   --root DIR   a tree laid out like this repository (actions/, src/actions/, dist/); default: the repository
//   --out DIR    write the bundles to DIR/<name>/ instead of dist/<name>/ (bench/profile.ts builds its own copies)
//   --profile    also emit webpack stats (stats.json) per bundle
//   --minify     minify with ncc's terser (measured in bench/README.md; not the default)
// Every bundle gets source maps (index.js.map, one per chunk), without their sources' text and without a runtime
// register: nothing is loaded for them at start; src/core/stack-map.ts reads them when a stack trace is printed
// under debug.
//   name ...     build only these actions (default: all)
// A new action folder is picked up automatically; an action.yml whose `main` does not point at its own bundle
// fails the build, so metadata and dist cannot drift apart.
// Each entry is type-checked on its own import graph (a temporary tsconfig.json next to index.ts, removed after),
// so a half-written module elsewhere in src/ cannot break an unrelated bundle; `npm run typecheck` checks it all.
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
let root = repo
let outRoot
let profile = false
let minify = false
const only = []
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--root') root = resolve(args[++i])
  else if (args[i] === '--out') outRoot = resolve(args[++i])
  else if (args[i] === '--profile') profile = true
  else if (args[i] === '--minify') minify = true
  else only.push(args[i])
}

export function discoverActions(rootDir) {
  const actionsDir = join(rootDir, 'actions')
  const found = []
  for (const name of readdirSync(actionsDir).sort()) {
    const file = join(actionsDir, name, 'action.yml')
    if (!existsSync(file)) continue
    const meta = parse(readFileSync(file, 'utf8'))
    const using = meta?.runs?.using
    if (using === 'composite') continue
    if (using !== 'node24') throw new Error(`${file}: runs.using must be node24, found ${JSON.stringify(using)}`)
    const expected = `../../dist/${name}/index.js`
    if (meta.runs.main !== expected) throw new Error(`${file}: runs.main must be ${expected}, found ${JSON.stringify(meta.runs.main)}`)
    const entry = join(rootDir, 'src', 'actions', name, 'index.ts')
    if (!existsSync(entry)) throw new Error(`${file}: no entry point at ${entry}`)
    found.push({ name, entry, out: join(rootDir, 'dist', name) })
  }
  return found
}

function ncc(action) {
  return new Promise((resolvePromise, reject) => {
    rmSync(action.out, { recursive: true, force: true })
    const entryDir = dirname(action.entry)
    const tsconfig = join(entryDir, 'tsconfig.json')
    const rootTsconfig = join(repo, 'tsconfig.json')
    writeFileSync(
      tsconfig,
      JSON.stringify({
        extends: relative(entryDir, rootTsconfig),
        compilerOptions: { rootDir: relative(entryDir, repo) || '.', types: ['node'] },
        include: [],
        files: ['index.ts']
      })
    )
    const bin = join(repo, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js')
    const extra = ['--source-map', '--no-source-map-register', ...(minify ? ['--minify'] : []), ...(profile ? ['--stats-out', join(action.out, 'stats.json')] : [])]
    const child = spawn(process.execPath, [bin, 'build', action.entry, '-o', action.out, '--license', 'licenses.txt', '--quiet', ...extra], {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let output = ''
    child.stdout.on('data', (d) => (output += d))
    child.stderr.on('data', (d) => (output += d))
    child.on('close', (code) => {
      rmSync(tsconfig, { force: true })
      if (code === 0) {
        slimSourceMaps(action.out)
        console.log(`built ${relative(repo, join(action.out, 'index.js'))}`)
        resolvePromise()
      } else reject(new Error(`ncc failed for ${action.name} (exit ${code}):\n${output}`))
    })
  })
}

/** Drops the sources' text from the source maps (positions are what stack traces need; the text doubled dist/). */
function slimSourceMaps(dir) {
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.js.map'))) {
    const map = JSON.parse(readFileSync(join(dir, f), 'utf8'))
    delete map.sourcesContent
    writeFileSync(join(dir, f), JSON.stringify(map))
  }
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)
if (isMain) {
  let actions = discoverActions(root)
  if (outRoot) actions = actions.map((a) => ({ ...a, out: join(outRoot, a.name) }))
  if (only.length) {
    const unknown = only.filter((n) => !actions.some((a) => a.name === n))
    if (unknown.length) {
      console.error(`unknown action(s): ${unknown.join(', ')}`)
      process.exit(1)
    }
    actions = actions.filter((a) => only.includes(a.name))
  }
  const queue = [...actions]
  const workers = Array.from({ length: Math.max(1, Math.min(2, cpus().length)) }, async () => {
    while (queue.length) await ncc(queue.shift())
  })
  try {
    await Promise.all(workers)
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err))
    process.exit(1)
  }
}
