/**
 * TLS and proxy settings for the HTTP client. Uses undici's `EnvHttpProxyAgent`, which honours HTTP_PROXY,
 * HTTPS_PROXY and NO_PROXY (upper or lower case) the way runners set them. A custom CA bundle is added to Node's
 * built-in roots (not replacing them), for the target server and for servers reached through a proxy tunnel.
 */
import { rootCertificates } from 'node:tls'
import { Agent, EnvHttpProxyAgent, type Dispatcher } from 'undici'

export interface TlsOptions {
  /** PEM text of one or more CA certificates to trust in addition to the system roots. */
  caCertificate?: string
  /** Disable certificate verification (dangerous; the caller warns loudly). */
  insecureSkipTlsVerify?: boolean
  /** Ignore proxy environment variables (tests). */
  noProxy?: boolean
}

const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE'
])

export function isTlsErrorCode(code: string | undefined): boolean {
  return code !== undefined && TLS_CODES.has(code)
}

/** Checks that the text holds at least one PEM certificate (a path or a fingerprint is a common mistake). */
export function validatePem(pem: string): void {
  if (!/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.test(pem))
    throw new Error('must be the PEM text of a CA certificate (-----BEGIN CERTIFICATE----- ...)')
}

export function createDispatcher(opts: TlsOptions = {}): Dispatcher {
  const tls: { ca?: string[]; rejectUnauthorized?: boolean } = {}
  if (opts.caCertificate) tls.ca = [...rootCertificates, opts.caCertificate]
  if (opts.insecureSkipTlsVerify) tls.rejectUnauthorized = false
  if (opts.noProxy) return new Agent({ connect: tls })
  return new EnvHttpProxyAgent({ connect: tls, requestTls: tls })
}
