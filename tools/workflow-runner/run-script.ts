/**
 * `run:` steps as the runner executes them on Linux: the script is written to a file and run with the shell's
 * template: no `shell:` -> `bash -e {0}`; `bash` -> `bash --noprofile --norc -eo pipefail {0}`; `sh` ->
 * `sh -e {0}`; `python` -> `python {0}`; a custom template containing `{0}`. PowerShell and cmd are rejected.
 */
import { randomUUID } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { UnsupportedFeature } from './step-model.js'

export interface ShellCommand {
  command: string
  args: string[]
  extension: string
}

export function shellCommand(shell: string | undefined, where: string): ShellCommand {
  const s = shell?.trim()
  if (s === undefined || s === '') return { command: 'bash', args: ['-e', '{0}'], extension: 'sh' }
  if (s === 'bash') return { command: 'bash', args: ['--noprofile', '--norc', '-eo', 'pipefail', '{0}'], extension: 'sh' }
  if (s === 'sh') return { command: 'sh', args: ['-e', '{0}'], extension: 'sh' }
  if (s === 'python') return { command: 'python3', args: ['{0}'], extension: 'py' }
  if (['pwsh', 'powershell', 'cmd'].includes(s)) throw new UnsupportedFeature(where, `shell: ${s}`)
  if (s.includes('{0}')) {
    const [command, ...args] = s.split(/\s+/)
    return { command, args, extension: 'sh' }
  }
  throw new UnsupportedFeature(where, `shell: ${s}`, 'a custom shell needs a {0} placeholder')
}

/** Writes the script and returns the command line that runs it. */
export function prepareScript(shell: ShellCommand, script: string, tempDir: string): { command: string; args: string[] } {
  const file = join(tempDir, `${randomUUID()}.${shell.extension}`)
  writeFileSync(file, script)
  return { command: shell.command, args: shell.args.map((a) => a.replace('{0}', file)) }
}
