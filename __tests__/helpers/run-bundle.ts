/** Runs a built action bundle the way the runner does: a child process with the given (runner-like) environment. */
import { spawn } from 'node:child_process'

export interface BundleResult {
  code: number | null
  stdout: string
  stderr: string
}

export function runBundle(
  node: string,
  bundle: string,
  env: Record<string, string>,
  opts: { timeoutMs?: number; cwd?: string } = {}
): Promise<BundleResult> {
  const timeoutMs = opts.timeoutMs ?? 60_000
  return new Promise((resolvePromise, reject) => {
    const child = spawn(node, [bundle], { env, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolvePromise({ code, stdout, stderr })
    })
  })
}

/** The output a user sees in the log: stdout and stderr without the `::add-mask::` commands the runner consumes. */
export function visibleLog(result: BundleResult): string {
  return withoutMaskCommands(result.stdout + result.stderr)
}

export function withoutMaskCommands(text: string): string {
  return text
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n')
}
