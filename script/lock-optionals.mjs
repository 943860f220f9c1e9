#!/usr/bin/env node
// Adds to package-lock.json the entries of platform-specific optional packages that `npm install` could not fetch.
//
// Why: the npm registry mirror reachable here does not serve every platform binary (e.g. the darwin and win32 builds
// of @unrs/resolver-binding-*, optional dependencies of jest's resolver). `npm install` silently leaves them out of
// the lock file, and `npm ci` (npm 11) then refuses the lock: "Missing: <pkg>@ from lock file". An entry with the
// package's os/cpu/libc lets `npm ci` validate the tree and skip the package on this platform, exactly as it does
// with a lock written against the full registry. Run it after `npm install`; it changes nothing when all is there.
// Usage: node script/lock-optionals.mjs [--check]
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const lockPath = join(repo, 'package-lock.json')

/** os / cpu / libc of a binary package, from the platform triple in its name (napi-rs naming). */
export function platformOf(name) {
  const triple = name.split('/').pop().replace(/^.*?-binding-/, '')
  const [os, cpuRaw, abi] = triple.split('-')
  const cpu = { 'arm': 'arm', arm64: 'arm64', x64: 'x64', ia32: 'ia32', loong64: 'loong64', ppc64: 'ppc64', riscv64: 'riscv64', s390x: 's390x' }[cpuRaw]
  if (!cpu) return undefined
  const entry = { cpu: [cpu], os: [os] }
  if (os === 'linux' && abi) entry.libc = [abi.startsWith('musl') ? 'musl' : 'glibc']
  return entry
}

export function addMissingOptionals(lock) {
  const added = []
  for (const [path, pkg] of Object.entries(lock.packages)) {
    for (const [dep, version] of Object.entries(pkg.optionalDependencies ?? {})) {
      const base = path ? `${path}/node_modules/${dep}` : `node_modules/${dep}`
      const hoisted = `node_modules/${dep}`
      if (lock.packages[base] || lock.packages[hoisted]) continue
      const platform = platformOf(dep)
      if (!platform) continue
      lock.packages[hoisted] = { version, ...(pkg.dev ? { dev: true } : {}), optional: true, ...platform }
      added.push(`${dep}@${version}`)
    }
  }
  lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b, 'en'))))
  return added
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)
if (isMain) {
  const lock = JSON.parse(readFileSync(lockPath, 'utf8'))
  const added = addMissingOptionals(lock)
  if (process.argv.includes('--check')) {
    if (added.length) {
      console.error(`package-lock.json lacks ${added.length} platform optional package(s) (${added.join(', ')}): run node script/lock-optionals.mjs`)
      process.exit(1)
    }
  } else {
    writeFileSync(lockPath, JSON.stringify(lock, null, 2) + '\n')
    console.log(added.length ? `added ${added.length} entries: ${added.join(', ')}` : 'package-lock.json already complete')
  }
}
