/**
 * Runs a process the way the benchmarks measure it: wall-clock start and exit (ms, same clock as the fakes'
 * request logs), exit code, output, and peak RSS. Peak RSS comes from GNU time (`/usr/bin/time -f %M`, the
 * kernel's maxrss of the child) when present, else from sampling /proc/<pid>/status VmHWM every 20 ms.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const GNU_TIME = '/usr/bin/time'

export interface ProcResult {
  code: number | null
  stdout: string
  stderr: string
  startedAt: number
  exitedAt: number
  peakRssKiB: number
  rssSource: 'gnu-time' | 'proc-vmhwm'
}

export function rssMethod(): string {
  return existsSync(GNU_TIME) ? 'GNU time maxrss (/usr/bin/time -f %M)' : '/proc/<pid>/status VmHWM sampled every 20 ms'
}

function readVmHwm(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) : undefined
  } catch {
    return undefined
  }
}

export function runMeasured(command: string, args: string[], env: NodeJS.ProcessEnv, opts: { timeoutMs?: number; cwd?: string } = {}): Promise<ProcResult> {
  const useTime = existsSync(GNU_TIME)
  const dir = mkdtempSync(join(tmpdir(), 'bench-proc-'))
  const timeFile = join(dir, 'time')
  const [cmd, argv] = useTime ? [GNU_TIME, ['-f', '%M', '-o', timeFile, command, ...args]] : [command, args]
  return new Promise((resolve, reject) => {
    const startedAt = Date.now()
    const child = spawn(cmd, argv, { env, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    let sampled = 0
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    const sampler = useTime
      ? undefined
      : setInterval(() => {
          const v = child.pid ? readVmHwm(child.pid) : undefined
          if (v !== undefined) sampled = Math.max(sampled, v)
        }, 20)
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 300_000)
    child.on('error', reject)
    child.on('close', (code) => {
      const exitedAt = Date.now()
      clearTimeout(timer)
      if (sampler) clearInterval(sampler)
      let peak = sampled
      if (useTime) {
        const lines = existsSync(timeFile) ? readFileSync(timeFile, 'utf8').trim().split('\n') : []
        peak = Number(lines[lines.length - 1]) || 0
      }
      rmSync(dir, { recursive: true, force: true })
      resolve({ code, stdout, stderr, startedAt, exitedAt, peakRssKiB: peak, rssSource: useTime ? 'gnu-time' : 'proc-vmhwm' })
    })
  })
}

/** The `::error::` line of a failed action run, for a benchmark's error message. */
export function failureOf(res: ProcResult): string {
  const line = res.stdout.split('\n').find((l) => l.startsWith('::error'))
  return (line ?? res.stderr.slice(0, 500)).replace(/%0A/g, ' ')
}
