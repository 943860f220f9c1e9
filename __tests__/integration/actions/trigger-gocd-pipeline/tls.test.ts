/** trigger-gocd-pipeline against a GoCD fake served over HTTPS with the sandbox's private CA. */
import { afterEach, describe, expect, it } from '@jest/globals'
import { sandboxTls } from '../../../../sandbox/common/index.js'
import type { GocdFake } from '../../../../sandbox/gocd/index.js'
import { startFake, trigger } from './harness.js'

describe('trigger-gocd-pipeline over HTTPS', () => {
  let fake: GocdFake
  afterEach(() => fake.close())

  it('trusts the server through ca_certificate', async () => {
    fake = await startFake({ tls: sandboxTls(), scheduleDelayMs: 0 })
    expect(fake.goUrl).toMatch(/^https:/)
    const { t, code } = await trigger(fake, { pipeline: 'up42', wait: 'false', ca_certificate: sandboxTls().ca })
    expect(t.failures).toEqual([])
    expect(code).toBe(0)
    expect(t.outputs.counter).toBe('3')
  })

  it('fails without the CA, naming ca_certificate, before scheduling anything', async () => {
    fake = await startFake({ tls: sandboxTls(), scheduleDelayMs: 0 })
    const { t, code } = await trigger(fake, { pipeline: 'up42', wait: 'false' })
    expect(code).toBe(1)
    expect(t.failures[0]).toMatch(/ca_certificate/)
    expect(fake.server.ledger.count('pipeline-run')).toBe(0)
  })

  it('warns loudly when verification is switched off', async () => {
    fake = await startFake({ tls: sandboxTls(), scheduleDelayMs: 0 })
    const { t, code } = await trigger(fake, { pipeline: 'up42', wait: 'false', insecure_skip_tls_verify: 'true' })
    expect(code).toBe(0)
    expect(t.logger.lines.some((l) => l.level === 'warning' && /insecure_skip_tls_verify/.test(l.message))).toBe(true)
  })
})
