/**
 * The TLS inputs shared by the actions that talk to Octopus and GoCD: `ca_certificate` (PEM text, or the path of a
 * PEM file) and `insecure_skip_tls_verify` (strict boolean, loudly warned).
 */
import { existsSync, readFileSync } from 'node:fs'
import type { InputReader } from './inputs.js'
import type { Logger } from './logger.js'
import { validatePem, type TlsOptions } from './tls.js'

export function readTlsInputs(inputs: InputReader, envPrefix?: string): TlsOptions {
  const raw = inputs.string('ca_certificate', envPrefix ? { env: `${envPrefix}_CA_CERTIFICATE` } : {})
  const insecureSkipTlsVerify = inputs.boolean('insecure_skip_tls_verify', false)
  let caCertificate: string | undefined
  if (raw) {
    let pem = raw
    if (!raw.includes('-----BEGIN') && existsSync(raw)) pem = readFileSync(raw, 'utf8')
    try {
      validatePem(pem)
      caCertificate = pem
    } catch (err) {
      inputs.problem(`input ${inputs.label('ca_certificate', envPrefix ? `${envPrefix}_CA_CERTIFICATE` : undefined)} ${(err as Error).message}`)
    }
  }
  if (caCertificate && insecureSkipTlsVerify) inputs.problem(`inputs 'ca_certificate' and 'insecure_skip_tls_verify' cannot be used together: give only one`)
  return { caCertificate, insecureSkipTlsVerify }
}

export function warnInsecure(tls: TlsOptions, logger: Logger, server: string): void {
  if (tls.insecureSkipTlsVerify)
    logger.warning(
      `insecure_skip_tls_verify is true: the certificate of ${server} is NOT verified, so anyone on the network path can impersonate it and read the credentials sent to it. Use ca_certificate instead.`
    )
}
