/**
 * A step's log: every line the step prints goes through the workflow-command gate, commands are applied
 * (`add-mask` masks from then on, annotations, groups, debug, deprecated `set-output`/`save-state`), and what is
 * kept or shown is masked first.
 */
import type { Masker } from './masker.js'
import type { Annotation } from './types.js'
import { CommandGate } from './workflow-commands.js'

export class StepLog {
  readonly lines: string[] = []
  readonly annotations: Annotation[] = []
  readonly outputs: Record<string, string> = {}
  readonly state: Record<string, string> = {}
  /** A disabled command the step used: the runner fails the step for it. */
  commandFailure: string | undefined
  private readonly gate = new CommandGate()
  private depth = 0

  constructor(
    private readonly masker: Masker,
    private readonly sink: (line: string) => void,
    private readonly debug: boolean,
    private readonly indent = ''
  ) {}

  /** Writes an executor message (masked). */
  write(text: string): void {
    for (const raw of text.split('\n')) {
      const line = `${this.indent}${'  '.repeat(this.depth)}${this.masker.mask(raw)}`
      this.lines.push(line)
      this.sink(line)
    }
  }

  annotate(level: Annotation['level'], message: string, properties: Record<string, string> = {}): void {
    const masked = this.masker.mask(message)
    this.annotations.push({ level, message: masked, properties })
    const where = properties.file ? ` (${properties.file}${properties.line ? `:${properties.line}` : ''})` : ''
    this.write(`${level === 'error' ? 'Error' : level === 'warning' ? 'Warning' : 'Notice'}${where}: ${message}`)
  }

  /** Handles one line of the step's stdout/stderr. */
  line(line: string): void {
    const cmd = this.gate.accept(line)
    if (!cmd) return this.write(line)
    switch (cmd.name) {
      case 'add-mask':
        this.masker.add(cmd.message)
        return
      case 'error':
      case 'warning':
      case 'notice':
        return this.annotate(cmd.name, cmd.message, cmd.properties)
      case 'debug':
        if (this.debug) this.write(`[debug] ${cmd.message}`)
        return
      case 'group':
        this.write(`▸ ${cmd.message}`)
        this.depth++
        return
      case 'endgroup':
        this.depth = Math.max(0, this.depth - 1)
        return
      case 'echo':
        return
      case 'set-output':
        this.outputs[cmd.properties.name ?? ''] = cmd.message
        return this.annotate('warning', 'The `set-output` command is deprecated: write to GITHUB_OUTPUT instead')
      case 'save-state':
        this.state[cmd.properties.name ?? ''] = cmd.message
        return this.annotate('warning', 'The `save-state` command is deprecated: write to GITHUB_STATE instead')
      case 'set-env':
      case 'add-path':
        this.commandFailure = `the \`${cmd.name}\` command is disabled: use ${cmd.name === 'set-env' ? 'GITHUB_ENV' : 'GITHUB_PATH'}`
        return this.annotate('error', `Unable to process command '::${cmd.name}::': ${this.commandFailure}`)
      default:
        return this.write(line)
    }
  }
}
