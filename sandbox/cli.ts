/**
 * `npm run sandbox -- --state <file>`: starts every fake server that exists on 127.0.0.1, writes their connection
 * details to the state file as JSON, and runs until SIGINT/SIGTERM.
 *
 * Each fake provides `sandbox/<name>/sandbox-entry.ts` exporting `start(ctx)`; fakes start in the order below so a
 * later one can use an earlier one's details (the Octopus fake trusts the GitHub fake's OIDC issuer).
 */
import { existsSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

export interface SandboxEntry {
  /** Key in the state file (`octopus`, `gocd`, `github`). */
  key: string
  state: Record<string, unknown>
  close(): Promise<void>
}

export interface SandboxContext {
  /** States of the fakes started before this one, by key. */
  started: Record<string, Record<string, unknown>>
}

export const FAKE_ORDER = ['github', 'octopus', 'gocd']

export async function startSandbox(): Promise<{ state: Record<string, unknown>; close(): Promise<void> }> {
  const here = dirname(fileURLToPath(import.meta.url))
  const entries: SandboxEntry[] = []
  const state: Record<string, Record<string, unknown>> = {}
  for (const name of FAKE_ORDER) {
    const file = join(here, name, 'sandbox-entry.ts')
    if (!existsSync(file)) continue
    const mod = (await import(pathToFileURL(file).href)) as { start(ctx: SandboxContext): Promise<SandboxEntry> }
    const entry = await mod.start({ started: state })
    entries.push(entry)
    state[entry.key] = entry.state
  }
  return {
    state,
    close: async () => {
      for (const e of entries.reverse()) await e.close()
    }
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const i = args.indexOf('--state')
  const stateFile = resolve(i >= 0 && args[i + 1] ? args[i + 1] : '.sandbox-state.json')
  const sandbox = await startSandbox()
  writeFileSync(stateFile, JSON.stringify(sandbox.state, null, 2) + '\n')
  console.log(`sandbox running: ${Object.keys(sandbox.state).join(', ') || '(no fakes)'}; state written to ${stateFile}`)
  for (const [key, s] of Object.entries(sandbox.state)) console.log(`  ${key}: ${String((s as { url?: string; apiUrl?: string }).url ?? (s as { apiUrl?: string }).apiUrl)}`)
  const stop = async () => {
    await sandbox.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop())
  process.on('SIGTERM', () => void stop())
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err)
    process.exit(1)
  })
}
