/**
 * Reads a step's output the way the GitHub Actions runner does (actions/runner: ProcessInvoker, OutputManager,
 * ActionCommandManager, ActionCommand), so a test can tell which workflow commands the runner would execute:
 *
 * - lines end at `\r\n`, `\r` or `\n` (.NET `StreamReader.ReadLine`);
 * - a line with `::` or `##[` is tried as `::name props::data` after leading whitespace (.NET `TrimStart`), then as
 *   the legacy `##[name props]data` anywhere in the line; the name must be a registered command (any case);
 * - the runner's `StartsWith("::")` and `IndexOf` are culture-sensitive, so characters the collation ignores (C0 and
 *   C1 controls, zero-width and bidi format characters) are skipped there, while its offsets stay ordinal;
 * - `::stop-commands::token` stops everything until a `::token::` (or `##[token]`) line; data is unescaped.
 *
 * `foreignCommands` then lists every command the action did not write itself, under a per-test policy.
 */

/** Commands the runner registers (ActionCommandManager's extensions) plus `stop-commands`. */
export const RUNNER_COMMANDS = [
  'add-mask',
  'add-matcher',
  'add-path',
  'debug',
  'echo',
  'endgroup',
  'error',
  'group',
  'notice',
  'remove-matcher',
  'save-state',
  'set-env',
  'set-output',
  'stop-commands',
  'warning'
]

export interface RunnerCommand {
  command: string
  properties: Record<string, string>
  data: string
  /** The output line it was read from. */
  line: string
  /** True for the `::token::` line that resumed command processing. */
  resume?: boolean
}

export interface RunnerReading {
  commands: RunnerCommand[]
  /** The token commands are stopped with at the end of the output (undefined when they run). */
  stoppedWith?: string
}

/** .NET `Char.IsWhiteSpace`. */
const DOTNET_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/
/** Characters the runner's culture-sensitive comparisons skip (completely ignorable in the Unicode collation). */
// eslint-disable-next-line no-control-regex, no-misleading-character-class -- these characters are the point
const IGNORABLE = /[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\u034f\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufe00-\ufe0f\ufeff]/

/** Culture-sensitive `text.IndexOf(pattern, from)`: the pattern's characters in order, ignorable characters between them. */
function cultureIndexOf(text: string, pattern: string, from = 0): number {
  for (let start = from; start < text.length; start++) {
    if (text[start] !== pattern[0]) continue
    let i = start + 1
    let matched = 1
    while (matched < pattern.length && i < text.length) {
      if (text[i] === pattern[matched]) matched++
      else if (!IGNORABLE.test(text[i])) break
      i++
    }
    if (matched === pattern.length) return start
  }
  return -1
}

function cultureStartsWith(text: string, prefix: string): boolean {
  let i = 0
  while (i < text.length && IGNORABLE.test(text[i])) i++
  return cultureIndexOf(text.slice(i), prefix) === 0
}

const unescape = (s: string, map: [string, string][]) => map.reduce((out, [from, to]) => out.split(from).join(to), s)
const DATA: [string, string][] = [
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%25', '%']
]
const PROPERTY: [string, string][] = [['%0D', '\r'], ['%0A', '\n'], ['%3A', ':'], ['%2C', ','], ['%25', '%']]
const LEGACY: [string, string][] = [['%3B', ';'], ['%0D', '\r'], ['%0A', '\n'], ['%5D', ']'], ['%25', '%']]

function registeredName(info: string, registered: Set<string>): string | undefined {
  const space = info.indexOf(' ')
  const name = space < 0 ? info : info.slice(0, space)
  return registered.has(name.toLowerCase()) ? name : undefined
}

function properties(info: string, separator: string, map: [string, string][], trim: boolean): Record<string, string> {
  const out: Record<string, string> = {}
  const space = info.indexOf(' ')
  if (space <= 0) return out
  const text = trim ? info.slice(space + 1).trim() : info.slice(space + 1)
  for (const part of text.split(separator).filter(Boolean)) {
    const eq = part.indexOf('=')
    if (eq > 0 && eq < part.length - 1) out[part.slice(0, eq)] = unescape(part.slice(eq + 1), map)
  }
  return out
}

function parseV2(line: string, registered: Set<string>): RunnerCommand | undefined {
  let start = 0
  while (start < line.length && DOTNET_SPACE.test(line[start])) start++
  const message = line.slice(start)
  if (!cultureStartsWith(message, '::')) return undefined
  const end = cultureIndexOf(message, '::', 2)
  if (end < 0 || end < 2) return undefined
  const info = message.slice(2, end)
  const name = registeredName(info, registered)
  if (!name) return undefined
  return { command: name, properties: properties(info, ',', PROPERTY, true), data: unescape(message.slice(end + 2), DATA), line }
}

function parseLegacy(line: string, registered: Set<string>): RunnerCommand | undefined {
  const prefix = cultureIndexOf(line, '##[')
  if (prefix < 0) return undefined
  const close = line.indexOf(']', prefix)
  const from = prefix + 3
  if (close < from) return undefined
  const info = line.slice(from, close)
  const name = registeredName(info, registered)
  if (!name) return undefined
  return { command: name, properties: properties(info, ';', LEGACY, false), data: unescape(line.slice(close + 1), LEGACY), line }
}

/** The commands the runner would process in `output` (stdout and stderr are read alike). */
export function readRunnerOutput(output: string): RunnerReading {
  const registered = new Set(RUNNER_COMMANDS)
  const commands: RunnerCommand[] = []
  let stopToken: string | undefined
  for (const line of output.split(/\r\n|\r|\n/)) {
    if (cultureIndexOf(line, '::') < 0 && cultureIndexOf(line, '##[') < 0) continue
    const command = parseV2(line, registered) ?? parseLegacy(line, registered)
    if (!command) continue
    if (stopToken !== undefined) {
      if (command.command.toLowerCase() === stopToken.toLowerCase()) {
        registered.delete(stopToken.toLowerCase())
        stopToken = undefined
        commands.push({ ...command, resume: true })
      }
      continue
    }
    commands.push(command)
    if (command.command.toLowerCase() === 'stop-commands') {
      stopToken = command.data
      registered.add(stopToken.toLowerCase())
    }
  }
  return { commands, stoppedWith: stopToken }
}

export interface CommandPolicy {
  /** Command names the action may write (default: add-mask, group, endgroup, debug, warning, error, stop-commands). */
  allow?: string[]
  /** Text every hostile value carries: an `add-mask` holding it, or a command whose data starts with it, is foreign. */
  marker: string
  /** Values the action may mask (when given, any other `add-mask` is foreign). */
  masks?: string[]
}

const DEFAULT_ALLOW = ['add-mask', 'group', 'endgroup', 'debug', 'warning', 'error', 'stop-commands']

/** Every problem with the commands in `output` under `policy` (empty when the action wrote only its own commands). */
export function foreignCommands(output: string, policy: CommandPolicy): string[] {
  const allow = new Set((policy.allow ?? DEFAULT_ALLOW).map((c) => c.toLowerCase()))
  const { commands, stoppedWith } = readRunnerOutput(output)
  const problems: string[] = []
  const show = (c: RunnerCommand) => JSON.stringify(c.line.slice(0, 200))
  const tokens = new Set<string>()
  for (const c of commands) {
    const name = c.command.toLowerCase()
    if (c.resume) {
      if (!tokens.has(name)) problems.push(`commands resumed with a token the action did not choose: ${show(c)}`)
      continue
    }
    if (!allow.has(name)) problems.push(`'${c.command}' is not a command this action writes: ${show(c)}`)
    if (Object.keys(c.properties).length) problems.push(`'${c.command}' with properties (the action writes none): ${show(c)}`)
    if (c.data.startsWith(policy.marker) || Object.values(c.properties).some((v) => v.includes(policy.marker)))
      problems.push(`'${c.command}' carries injected text: ${show(c)}`)
    if (name === 'add-mask' && (c.data.includes(policy.marker) || (policy.masks && !policy.masks.includes(c.data))))
      problems.push(`add-mask of a value the action did not register: ${show(c)}`)
    if (name === 'stop-commands') {
      if (!/^[0-9a-f]{32}$/.test(c.data)) problems.push(`stop-commands with a token that is not a fresh random one: ${show(c)}`)
      if (tokens.has(c.data)) problems.push(`stop-commands token used twice: ${show(c)}`)
      tokens.add(c.data)
    }
  }
  if (stoppedWith !== undefined) problems.push(`the output ends with commands stopped (token ${JSON.stringify(stoppedWith)}): every later add-mask would be ignored`)
  return problems
}
