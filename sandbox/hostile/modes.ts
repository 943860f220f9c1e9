/**
 * What the hostile proxy can do to a request, one mode at a time or several together. Every mode may be limited to
 * some requests (`match`: method and path) and to the first `times` of them.
 *
 * Modes that answer instead of the upstream fake (the fake never sees the request):
 * - `redirect`: a 3xx to the same URL (`to: 'same'`), to the other origin (`'other'`) or anywhere (a function);
 * - `echo`: an error whose body repeats the request headers (and body), the credential far past any 500-character cut;
 * - `huge`: a body of `bytes` filler (with or without Content-Length; `Infinity` is an endless chunked body);
 * - `gzip-bomb`: a small gzip body that inflates to `bytes`;
 * - `status`: a status (408, 429, 502, ...) or a connection reset, before the fake acts (`after: false`).
 *
 * Modes that forward to the fake first and then change its answer:
 * - `status` with `after: true` (default): the fake acts (a release is created), then the client gets the status
 *   or a reset instead of the real answer, as a proxy or load balancer in front of a busy server does;
 * - `link`: every link in the JSON answer (Octopus `Links`, GoCD `_links…href`, `token_endpoint`, …) points to the
 *   other origin (or wherever `to` says);
 * - `inject`: runner commands added to every string field of the JSON answer (see `RUNNER_COMMANDS`);
 * - `trickle`: the answer's body sent `chunkBytes` per `intervalMs` (headers at once);
 * - `stall`: no answer at all (`at: 'answer'`, the default), or the headers and half the body (`at: 'body'`), then
 *   silence with the connection held open;
 * - `headers`: the answer carries `count` extra headers, or the given ones (e.g. a `Location` on a 201).
 *
 * And one for uploads: `stop-reading` takes the first `afterBytes` of the request body, then stops reading and
 * never answers (a server that hangs in the middle of an upload).
 */
import type { IncomingHttpHeaders } from 'node:http'

export interface Match {
  method?: string | RegExp
  path?: string | RegExp
}

interface Common {
  match?: Match
  /** Apply to the first N matching requests only (default: every one). */
  times?: number
}

/** What a mode sees of a request, and the two origins, to build a redirect target or a link. */
export interface ModeRequest {
  method: string
  /** Path and query as the client sent them. */
  url: string
  headers: IncomingHttpHeaders
  front: string
  other: string
}

export type RedirectStatus = 300 | 301 | 302 | 303 | 304 | 305 | 307 | 308

export type HostileMode =
  | (Common & { kind: 'redirect'; status: RedirectStatus; to: 'same' | 'other' | ((req: ModeRequest) => string) })
  | (Common & { kind: 'echo'; status?: number; /** filler before the echo (default 600 characters) */ padding?: number; format?: 'json' | 'text'; body?: boolean })
  | (Common & { kind: 'huge'; bytes: number; contentLength?: boolean; contentType?: string; status?: number })
  | (Common & { kind: 'gzip-bomb'; bytes: number; status?: number })
  | (Common & { kind: 'status'; status: number | 'reset'; after?: boolean; headers?: Record<string, string>; body?: unknown })
  | (Common & { kind: 'link'; to?: 'other' | ((value: string, req: ModeRequest) => string); keys?: RegExp })
  | (Common & { kind: 'inject'; payload?: string; position?: 'prefix' | 'suffix' | 'replace'; keys?: RegExp; skipKeys?: RegExp })
  | (Common & { kind: 'trickle'; intervalMs: number; chunkBytes?: number })
  | (Common & { kind: 'stall'; at?: 'answer' | 'body' })
  | (Common & { kind: 'headers'; count?: number; headers?: Record<string, string> })
  | (Common & { kind: 'stop-reading'; afterBytes?: number })

export type ModeKind = HostileMode['kind']

/** Modes that answer without the upstream fake. `status` is one of them only with `after: false`. */
export function answersAlone(mode: HostileMode): boolean {
  if (mode.kind === 'status') return mode.after === false
  return mode.kind === 'redirect' || mode.kind === 'echo' || mode.kind === 'huge' || mode.kind === 'gzip-bomb' || mode.kind === 'stop-reading'
}

export function matches(mode: HostileMode, method: string, path: string): boolean {
  const m = mode.match
  if (!m) return true
  const test = (rule: string | RegExp | undefined, value: string, exact: (v: string) => boolean) =>
    rule === undefined || (typeof rule === 'string' ? exact(rule) : rule.test(value))
  return test(m.method, method, (r) => r.toUpperCase() === method) && test(m.path, path, (r) => r === path)
}

/**
 * Runner commands as an attacker would plant them in a server string: after `\r` or `\n` (the runner splits lines on
 * both), after leading whitespace, and the legacy `##[...]` anywhere in a line.
 */
export const RUNNER_COMMANDS = [
  '\r::set-output name=hostile::injected',
  '\n::add-mask::hostile-mask',
  '\n##[stop-commands]hostile-stop',
  '\r\n::error::hostile error',
  '\n   ::warning title=hostile::indented command',
  ' ##[group]hostile group',
  '\n::stop-commands::hostile-stop2',
  '\n::set-env name=HOSTILE::injected'
] as const

/** All of `RUNNER_COMMANDS` in one string: the default payload of `inject`. */
export const INJECTION = RUNNER_COMMANDS.join('')
