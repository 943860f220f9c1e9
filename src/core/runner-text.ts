/**
 * Text that did not come from our own code (server strings, task logs, input values, file names, error bodies) on
 * the runner's log. The runner reads stdout and stderr line by line, a line ending at `\r`, `\n` or `\r\n`, and
 * treats a line as a workflow command when, after leading whitespace (.NET `TrimStart`, which includes U+00A0,
 * U+0085, U+2028 and the other Unicode spaces), it starts with `::name`, or when it holds the legacy `##[name]`
 * anywhere. `RunnerTextFilter` makes such text inert and keeps it readable:
 *
 * - `##[` becomes `##\[` everywhere;
 * - a line whose first non-space characters are `::` gets a backslash before them: `\::add-mask::…`;
 * - a lone `\r` (the runner would start a new line there) and the other control characters are shown as escapes
 *   (`\r`, `\u0000`, `\u001b`), and so are U+2028/U+2029, C1 controls such as U+0085, and the bidirectional
 *   overrides that reorder what a reader sees; colour escapes (`ESC[…m`) are kept;
 * - a line longer than `MAX_LINE_LENGTH` characters is cut, saying so.
 *
 * `\n` and `\r\n` stay line breaks: every line produced is checked on its own, so our own multi-line messages (a
 * list of input problems) still print as lines, and a line break inside a server value starts a line that cannot be a
 * command. The marker is a visible backslash on purpose: the runner compares with culture-sensitive `StartsWith` and
 * `IndexOf`, which skip zero-width characters, so an invisible marker would not be a reliable one.
 *
 * The logger applies `neutralise` to every message (after redaction, so a secret is replaced before any cut); the
 * output guard applies the same filter, statefully, to whatever else reaches stdout and stderr.
 */

/** Longest line printed; the rest of a longer line is dropped with a note (after redaction). */
export const MAX_LINE_LENGTH = 64 * 1024

const CUT_NOTE = ` … (cut: a log line is limited to ${MAX_LINE_LENGTH} characters)`

/** Leading whitespace as the runner's `TrimStart` sees it (JavaScript's `\s` plus U+0085, which is escaped anyway). */
const LEADING_SPACE = /^[\s\u0085]*/

/** A colour escape (kept), or a character shown as an escape. Line feeds are handled by the caller. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /\x1b\[[0-9;]{0,32}m|[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

const NAMED: Record<string, string> = { '\r': '\\r', '\n': '\\n' }

function visible(ch: string): string {
  if (ch.length > 1) return ch
  return NAMED[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`
}

/**
 * A stateful filter for text written in pieces (a stream's chunks may end anywhere, even between the two colons of
 * `::` or inside `##[`). `write` returns what may be printed for each piece; `reset` marks the start of a new line
 * (after text written around the filter, such as our own commands).
 */
export class RunnerTextFilter {
  /** Only whitespace so far on the current line. */
  private blank = true
  /** The current line so far is whitespace and a single `:`. */
  private colon = false
  /** The last two characters printed on the current line. */
  private tail = ''
  private length = 0
  private cut = false

  write(text: string): string {
    const lines = text.split(/\r\n|\n/)
    let out = this.continueLine(lines[0])
    for (let i = 1; i < lines.length; i++) {
      this.reset()
      out += '\n' + this.continueLine(lines[i])
    }
    return out
  }

  reset(): void {
    this.blank = true
    this.colon = false
    this.tail = ''
    this.length = 0
    this.cut = false
  }

  private continueLine(raw: string): string {
    if (!raw || this.cut) return ''
    let text = raw.replace(INVISIBLE, visible)
    if ((this.tail.endsWith('##') && text.startsWith('[')) || (this.tail.endsWith('#') && text.startsWith('#['))) text = `\\${text}`
    text = text.split('##[').join('##\\[')
    if (this.blank) {
      const space = LEADING_SPACE.exec(text)![0].length
      if (text.startsWith('::', space)) text = `${text.slice(0, space)}\\${text.slice(space)}`
    } else if (this.colon && text.startsWith(':')) text = `\\${text}`
    if (this.length + text.length > MAX_LINE_LENGTH) {
      text = text.slice(0, MAX_LINE_LENGTH - this.length) + CUT_NOTE
      this.cut = true
    }
    const wasBlank = this.blank
    this.colon = (wasBlank && /^\s*:$/.test(text)) || (this.colon && text === '')
    this.blank = wasBlank && /^\s*$/.test(text)
    this.tail = (this.tail + text).slice(-2)
    this.length += text.length
    return text
  }
}

/** Anything the filter would change (a quick test, so the common message costs no copy). */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const NEEDS_FILTER = /[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]|##\[|^[\s\u0085]*::/

/** `text` made safe to print as one or more whole lines of the runner's log (see the module comment). */
export function neutralise(text: string): string {
  if (text.length <= MAX_LINE_LENGTH && !NEEDS_FILTER.test(text)) return text
  return new RunnerTextFilter().write(text)
}

/** `text` as a single line: its line breaks are shown as `\n` (for titles, and lines of a log that must stay one line each). */
export function oneLine(text: string): string {
  return neutralise(text.replace(/\r?\n/g, '\\n'))
}
