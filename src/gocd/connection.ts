/**
 * The GoCD connection inputs every GoCD action shares: `server` (env GOCD_URL, with or without the `/go` context),
 * one way to authenticate (`token` / `username` + `password` / none when GoCD security is disabled), and the TLS
 * inputs (`ca_certificate`, `insecure_skip_tls_verify`). Credentials are registered as secrets as they are read.
 */
import type { InputReader } from '../core/inputs.js'
import { readTlsInputs } from '../core/tls-inputs.js'
import type { TlsOptions } from '../core/tls.js'

export type GocdAuth = { kind: 'token'; token: string } | { kind: 'basic'; username: string; password: string } | { kind: 'none' }

export interface GocdConnection {
  /** Base URL of the GoCD server including the `/go` context, without a trailing slash. */
  server: string
  auth: GocdAuth
  tls: TlsOptions
}

export const GOCD_ENV = {
  server: 'GOCD_URL',
  token: 'GOCD_TOKEN',
  username: 'GOCD_USERNAME',
  password: 'GOCD_PASSWORD'
} as const

/**
 * Adds the `/go` context unless the URL already ends with it. Anything after it that users paste from the API docs
 * (`/api`) has been stripped by the reader already.
 */
export function withGoContext(server: string): string {
  const trimmed = server.replace(/\/+$/, '')
  return /\/go$/i.test(new URL(trimmed).pathname) ? trimmed : `${trimmed}/go`
}

/** Reads `server`, `token`, `username`, `password`, `ca_certificate` and `insecure_skip_tls_verify`. */
export function readGocdConnection(reader: InputReader): GocdConnection {
  const server = reader.url('server', { env: GOCD_ENV.server, required: true, stripSuffixes: ['/api'] })
  // A credential given in `with:` decides the kind of authentication over the environment: a job that exports
  // GOCD_TOKEN (say, the very token rotate-secret replaces) can still pass username and password to one step, and
  // a token in `with:` is not mixed up with GOCD_USERNAME/GOCD_PASSWORD. Within basic auth each part still falls
  // back to its variable (username in `with:`, password from GOCD_PASSWORD).
  const given = {
    token: reader.string('token', { secret: true }),
    username: reader.string('username'),
    password: reader.string('password', { secret: true })
  }
  const basicGiven = Boolean(given.username || given.password)
  const token = given.token ?? (basicGiven ? undefined : reader.string('token', { env: GOCD_ENV.token, secret: true }))
  const username = given.token ? given.username : reader.string('username', { env: GOCD_ENV.username })
  const password = given.token ? given.password : reader.string('password', { env: GOCD_ENV.password, secret: true })
  const tls = readTlsInputs(reader, 'GOCD')

  let auth: GocdAuth = { kind: 'none' }
  if (token && (username || password)) {
    reader.problem(
      `give either ${reader.label('token', GOCD_ENV.token)} or ${reader.label('username', GOCD_ENV.username)} with ${reader.label('password', GOCD_ENV.password)}, not both`
    )
  } else if (token) {
    auth = { kind: 'token', token }
  } else if (username && !password) {
    reader.problem(`input ${reader.label('password', GOCD_ENV.password)} is required when ${reader.label('username', GOCD_ENV.username)} is given`)
  } else if (password && !username) {
    reader.problem(`input ${reader.label('username', GOCD_ENV.username)} is required when ${reader.label('password', GOCD_ENV.password)} is given`)
  } else if (username && password) {
    auth = { kind: 'basic', username, password }
  }
  return { server: server ? withGoContext(server) : '', auth, tls }
}

/** How the connection authenticates, for log lines (never includes a credential). */
export function describeAuth(auth: GocdAuth): string {
  switch (auth.kind) {
    case 'token':
      return 'an access token'
    case 'basic':
      return `username ${auth.username} and password`
    case 'none':
      return 'no credentials (GoCD security disabled)'
  }
}
