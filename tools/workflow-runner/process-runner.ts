/**
 * Runs a step's child process, handing each complete stdout/stderr line to the caller in arrival order (the runner
 * processes workflow commands on both streams). The process leads its own process group, so a timeout kills the
 * whole tree (a script's `sleep` too) with SIGKILL.
 */
import { spawn } from 'node:child_process'

export interface ProcessSpec {
  command: string
  args: string[]
  cwd: string
  env: Record<string, string>
  /** Kill the process after this many milliseconds (undefined: no limit). */
  timeoutMs?: number
}

export interface ProcessResult {
  exitCode: number | null
  signal: NodeJS.Signals | null
  timedOut: boolean
}

export function runProcess(spec: ProcessSpec, onLine: (line: string) => void): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(spec.command, spec.args, { cwd: spec.cwd, env: spec.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    const buffers = { stdout: '', stderr: '' }
    const take = (stream: 'stdout' | 'stderr', chunk: string) => {
      buffers[stream] += chunk
      let nl = buffers[stream].indexOf('\n')
      while (nl >= 0) {
        onLine(buffers[stream].slice(0, nl).replace(/\r$/, ''))
        buffers[stream] = buffers[stream].slice(nl + 1)
        nl = buffers[stream].indexOf('\n')
      }
    }
    child.stdout.setEncoding('utf8').on('data', (c: string) => take('stdout', c))
    child.stderr.setEncoding('utf8').on('data', (c: string) => take('stderr', c))
    let timedOut = false
    const timer = spec.timeoutMs === undefined ? undefined : setTimeout(() => {
      timedOut = true
      try {
        process.kill(-child.pid!, 'SIGKILL')
      } catch {
        child.kill('SIGKILL')
      }
    }, spec.timeoutMs)
    child.on('error', (err) => {
      if (timer) clearTimeout(timer)
      reject(new Error(`could not start ${spec.command}: ${err.message}`))
    })
    child.on('close', (exitCode, signal) => {
      if (timer) clearTimeout(timer)
      for (const stream of ['stdout', 'stderr'] as const) if (buffers[stream] !== '') onLine(buffers[stream])
      resolve({ exitCode, signal, timedOut })
    })
  })
}
