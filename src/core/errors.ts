/**
 * Error types shared by every action.
 *
 * - `ConfigurationError`: the user's inputs are wrong. Reported without a stack trace, listing every problem.
 * - `ApiError`: a server answered with an error status. Carries the status, the server's own message and the
 *   request (method and URL with credentials stripped), plus an optional hint saying what to do next.
 * - `NetworkError`: no usable answer (timeout, reset, DNS, TLS). Carries the request and a hint.
 * - `ActionError`: a failure the action detected itself (a deployment failed, a wait timed out); no stack trace.
 */

export class ConfigurationError extends Error {
  readonly problems: string[]
  constructor(problems: string[] | string) {
    const list = Array.isArray(problems) ? problems : [problems]
    super(
      list.length === 1
        ? `invalid configuration: ${list[0]}`
        : `invalid configuration (${list.length} problems):\n${list.map((p) => `  - ${p}`).join('\n')}`
    )
    this.name = 'ConfigurationError'
    this.problems = list
  }
}

export interface RequestDescription {
  method: string
  /** URL with credentials (userinfo, api key query parameters) removed. */
  url: string
}

export class ApiError extends Error {
  readonly status: number
  readonly serverMessage: string
  readonly request: RequestDescription
  readonly body: string
  readonly headers: Record<string, string>
  /** Who answered, as the message names it (`Octopus`, `GoCD`, ...). */
  readonly service: string
  hint?: string

  constructor(args: {
    status: number
    serverMessage: string
    request: RequestDescription
    body: string
    headers?: Record<string, string>
    hint?: string
    service?: string
  }) {
    const service = args.service ?? 'server'
    super(`${service} answered ${args.status} to ${args.request.method} ${args.request.url}: ${args.serverMessage || '(no message)'}${args.hint ? `\n${args.hint}` : ''}`)
    this.name = 'ApiError'
    this.service = service
    this.status = args.status
    this.serverMessage = args.serverMessage
    this.request = args.request
    this.body = args.body
    this.headers = args.headers ?? {}
    this.hint = args.hint
  }

  /** The same error with a hint saying what to do next (keeps status and server message). */
  withHint(hint: string): ApiError {
    return new ApiError({
      status: this.status,
      serverMessage: this.serverMessage,
      request: this.request,
      body: this.body,
      headers: this.headers,
      hint,
      service: this.service
    })
  }
}

export class NetworkError extends Error {
  readonly request: RequestDescription
  readonly code?: string
  readonly timedOut: boolean
  constructor(args: { request: RequestDescription; cause: unknown; code?: string; timedOut?: boolean; hint?: string }) {
    const reason = args.timedOut ? 'timed out' : `failed: ${describeCause(args.cause)}`
    super(`${args.request.method} ${args.request.url} ${reason}${args.hint ? `\n${args.hint}` : ''}`)
    this.name = 'NetworkError'
    this.request = args.request
    this.code = args.code
    this.timedOut = args.timedOut ?? false
  }
}

export class ActionError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ActionError'
  }
}

/** True for errors caused by the user or the servers (no stack trace needed to understand them). */
export function isExpectedError(err: unknown): boolean {
  return err instanceof ConfigurationError || err instanceof ApiError || err instanceof NetworkError || err instanceof ActionError
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as { code?: string }).code
    const inner = (cause as { cause?: unknown }).cause
    if (inner instanceof Error && inner !== cause) return describeCause(inner)
    return code && !cause.message.includes(code) ? `${cause.message} (${code})` : cause.message
  }
  return String(cause)
}

/** A message for any thrown value, without the `Error: ` prefix. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message
  if (typeof err === 'string') return err
  try {
    return JSON.stringify(err)
  } catch {
    return String(err)
  }
}
