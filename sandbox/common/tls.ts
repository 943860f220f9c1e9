/**
 * A test-only certificate authority and a server certificate for 127.0.0.1/localhost (valid for 100 years), so the
 * fakes can serve HTTPS and tests can prove `ca_certificate` and TLS error messages. The CA's private key was
 * discarded after signing; these keys protect nothing.
 */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const dir = join(dirname(fileURLToPath(import.meta.url)), 'tls')

export function sandboxTls(): { key: string; cert: string; ca: string } {
  return {
    key: readFileSync(join(dir, 'server-key.pem'), 'utf8'),
    cert: readFileSync(join(dir, 'server.pem'), 'utf8'),
    ca: readFileSync(join(dir, 'ca.pem'), 'utf8')
  }
}
