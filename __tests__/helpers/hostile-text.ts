/**
 * Values an attacker who controls a server, an input or a file name would use to steer the runner: every way a
 * workflow command can start (a new line through `\n`, `\r` or `\r\n`; `::` after ASCII or Unicode whitespace; the
 * legacy `##[` anywhere; stop-commands), plus text that fools a reader (ANSI escapes, bidi overrides, NUL) and
 * `%0A`, which the runner decodes inside command data. Every command they hold carries `MARKER`, which
 * `foreignCommands` looks for.
 */
export const MARKER = 'PWNED'

export const INJECTIONS = [
  `\n::add-mask::${MARKER}-newline`,
  `\r::set-output name=${MARKER}::${MARKER}-cr`,
  `\r\n::stop-commands::${MARKER}`,
  `##[stop-commands]${MARKER}x`,
  `##[add-mask]${MARKER}-legacy`,
  `\n   ::warning::${MARKER}-spaces`,
  `\n\u00a0\u2003::error::${MARKER}-unicode-space`,
  `\n\u2028::add-mask::${MARKER}-line-separator`,
  `\n\u0085::add-mask::${MARKER}-next-line`,
  `\n\u200b::add-mask::${MARKER}-zero-width`,
  `\n:\u200b:add-mask::${MARKER}-split-colons`,
  `#\u200b#[add-mask]${MARKER}-split-legacy`,
  `%0A::add-mask::${MARKER}-url-encoded`,
  `\n::ADD-MASK::${MARKER}-upper-case`,
  `\x1b[2K\x1b[1A${MARKER}-ansi \u202eevil`
]

/** What a server can send on top (an environment variable, and so an input, cannot hold NUL). */
export const SERVER_ONLY = [`\x00${MARKER}-nul`]

/** A line longer than the log keeps (64 Ki characters), with a command at its end. */
export const LONG_LINE = `${'x'.repeat(70_000)}\n::add-mask::${MARKER}-after-long-line ##[add-mask]${MARKER}-long`

/** A readable label followed by every injection, as one value (a project name, a step name, a file name…). */
export function hostile(label: string): string {
  return `${label}${INJECTIONS.join(' ')}`
}

/** Everything a hostile server would append to every string it serves (the hostile proxy's `inject` payload). */
export const SERVER_PAYLOAD = [...INJECTIONS, ...SERVER_ONLY].join(' ')

/** The injections one at a time, each after the label. */
export function hostileVariants(label: string): string[] {
  return INJECTIONS.map((i) => `${label}${i}`)
}
