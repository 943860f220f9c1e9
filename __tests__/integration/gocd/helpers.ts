/** Shared setup for the GoCD client tests: a client for the fake with an in-memory logger and secret registry. */
import { GocdClient } from '../../../src/gocd/client.js'
import type { GocdAuth } from '../../../src/gocd/connection.js'
import { MemoryLogger } from '../../helpers/memory-logger.js'
import { SecretRegistry } from '../../../src/core/secrets.js'
import type { GocdFake } from '../../../sandbox/gocd/index.js'

export type AuthMode = 'token' | 'basic' | 'none' | 'admin'

export function authFor(fake: GocdFake, mode: AuthMode): GocdAuth {
  if (mode === 'token') return { kind: 'token', token: fake.token }
  if (mode === 'basic') return { kind: 'basic', username: fake.username, password: fake.password }
  if (mode === 'admin') return { kind: 'basic', username: fake.admin.username, password: fake.admin.password }
  return { kind: 'none' }
}

export function gocdClient(fake: GocdFake, mode: AuthMode = 'token', server = fake.goUrl) {
  const logger = new MemoryLogger()
  const secrets = new SecretRegistry()
  const client = new GocdClient({
    connection: { server, auth: authFor(fake, mode), tls: { noProxy: true } },
    logger,
    secrets,
    timeoutMs: 5000,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    sleep: async () => undefined
  })
  return { client, logger, secrets }
}
