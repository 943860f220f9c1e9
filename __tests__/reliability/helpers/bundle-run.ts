/**
 * Runs a built bundle (dist/<action>/index.js) as the runner does: a child process of this Node with the runner
 * environment (INPUT_*, file commands). Local to the reliability suites because importing bundle-smoke.test.ts
 * would register that file's tests here.
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'

export const REPO = resolve(import.meta.dirname, '../../..')

export const ACTIONS = ['create-release', 'deploy', 'trigger-gocd-pipeline', 'upload-artifact', 'rotate-secret'] as const
export type ActionName = (typeof ACTIONS)[number]

export function bundlePath(action: ActionName): string {
  return join(REPO, 'dist', action, 'index.js')
}

/** True when the action's bundle has landed (the actions are finished in parallel with these suites). */
export function hasBundle(action: ActionName): boolean {
  return existsSync(bundlePath(action))
}

export interface BundleResult {
  code: number | null
  stdout: string
  stderr: string
}

export function runBundle(action: ActionName, env: Record<string, string>, timeoutMs = 60_000): Promise<BundleResult> {
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [bundlePath(action)], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      done({ code, stdout, stderr })
    })
  })
}

/** What the job log shows: stdout and stderr without the `::add-mask::` commands (the runner swallows them). */
export function visibleLog(res: BundleResult): string {
  return (res.stdout + '\n' + res.stderr)
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n')
}

/** The `::error::` lines of a run, with the runner's %0A / %25 escapes decoded. */
export function errorLines(res: BundleResult): string[] {
  return res.stdout
    .split('\n')
    .filter((l) => l.startsWith('::error'))
    .map((l) => l.replace(/^::error[^:]*::/, '').replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%'))
}

/** A stack frame line, as Node prints them (`    at fn (file:line:col)`). */
export const STACK_FRAME = /\n\s+at [^\n]*(:\d+:\d+|\(native\)|<anonymous>)/

/** Runs `tasks` with at most `limit` in flight, keeping the input order in the results. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await fn(items[i], i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}
