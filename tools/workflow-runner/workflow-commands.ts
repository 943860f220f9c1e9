/**
 * Workflow commands a step prints on stdout/stderr (`::name key=value,...::message`), decoded as the runner does:
 * data escapes %25 %0D %0A, property escapes additionally %3A %2C. `::stop-commands::TOKEN` suspends processing
 * until a line `::TOKEN::`.
 */
export interface WorkflowCommand {
  name: string
  properties: Record<string, string>
  message: string
}

function unescapeData(s: string): string {
  return s.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%')
}

function unescapeProperty(s: string): string {
  return s.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%3A/gi, ':').replace(/%2C/gi, ',').replace(/%25/g, '%')
}

/** Parses one output line; undefined when it is not a command. */
export function parseCommand(line: string): WorkflowCommand | undefined {
  const m = /^\s*::([A-Za-z0-9_-]+)(?:\s+([^:]*))?::(.*)$/.exec(line.replace(/\r$/, ''))
  if (!m) return undefined
  const properties: Record<string, string> = {}
  for (const part of (m[2] ?? '').split(',')) {
    const eq = part.indexOf('=')
    if (eq > 0) properties[part.slice(0, eq).trim()] = unescapeProperty(part.slice(eq + 1))
  }
  return { name: m[1], properties, message: unescapeData(m[3]) }
}

/** Tracks `::stop-commands::` so that command-looking lines are treated as text while stopped. */
export class CommandGate {
  private stopToken: string | undefined

  /** Returns the command to apply, or undefined when the line is plain text (or a stop/resume marker). */
  accept(line: string): WorkflowCommand | undefined {
    const command = parseCommand(line)
    if (!command) return undefined
    if (this.stopToken !== undefined) {
      if (command.name === this.stopToken) this.stopToken = undefined
      return undefined
    }
    if (command.name === 'stop-commands') {
      this.stopToken = command.message
      return undefined
    }
    return command
  }
}
