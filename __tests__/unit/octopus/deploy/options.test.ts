import { describe, expect, it } from '@jest/globals'
import { ConfigurationError } from '../../../../src/core/errors.js'
import { InputReader } from '../../../../src/core/inputs.js'
import { DEFAULT_TIMEOUT_MS, parseInstant, readDeployOptions } from '../../../../src/octopus/deploy/options.js'

function reader(inputs: Record<string, string>): InputReader {
  return new InputReader((n) => inputs[n] ?? '')
}

function problemsOf(inputs: Record<string, string>, extended = true): string[] {
  const r = reader(inputs)
  readDeployOptions(r, { extended })
  try {
    r.finish()
    return []
  } catch (err) {
    return (err as ConfigurationError).problems
  }
}

describe('readDeployOptions', () => {
  it('defaults: wait 30 minutes, no cancel, show the task log', () => {
    const r = reader({})
    const o = readDeployOptions(r, { extended: true })
    r.finish()
    expect(o).toMatchObject({
      variables: {},
      tenants: [],
      tenantTags: [],
      wait: true,
      timeoutMs: DEFAULT_TIMEOUT_MS,
      cancelOnTimeout: false,
      showTaskLog: true,
      skipSteps: [],
      forcePackageRedeployment: false,
      updateVariableSnapshot: false
    })
    expect(o.pollIntervalMs).toBeUndefined()
    expect(o.useGuidedFailure).toBeUndefined()
  })

  it('the shared set reads only the six inputs create-release declares', () => {
    const r = reader({})
    readDeployOptions(r)
    expect([...r.read].sort()).toEqual(['cancel_on_timeout', 'tenant_tags', 'tenants', 'timeout', 'variables', 'wait'])
    const all = reader({})
    readDeployOptions(all, { extended: true })
    expect(all.read.size).toBe(16)
  })

  it('splits variables at the first = or :, so values keep their colons (the official action truncates them)', () => {
    const r = reader({ variables: 'Change Ticket=CHG-1\nConnection: Server=db;Port=1433\nUrl=https://example.org:8443/x' })
    const o = readDeployOptions(r)
    expect(o.variables).toEqual({ 'Change Ticket': 'CHG-1', Connection: 'Server=db;Port=1433', Url: 'https://example.org:8443/x' })
  })

  it('reads tenants, tags, durations and schedules', () => {
    const r = reader({
      tenants: 'Acme\nGlobex',
      tenant_tags: 'Tier/Gold, Region/EU',
      timeout: '5m',
      poll_interval: '2s',
      cancel_on_timeout: 'true',
      use_guided_failure: 'false',
      skip_steps: 'Send email, then wait',
      specific_machines: 'web-1,web-2',
      deploy_at: '2026-11-22T19:00:00+01:00',
      deploy_at_expiry: '2026-11-22T18:30:00Z'
    })
    const o = readDeployOptions(r, { extended: true })
    r.finish()
    expect(o).toMatchObject({
      tenants: ['Acme', 'Globex'],
      tenantTags: ['Tier/Gold', 'Region/EU'],
      timeoutMs: 300_000,
      pollIntervalMs: 2000,
      cancelOnTimeout: true,
      useGuidedFailure: false,
      skipSteps: ['Send email, then wait'],
      specificMachines: ['web-1', 'web-2'],
      deployAt: '2026-11-22T18:00:00.000Z',
      deployAtExpiry: '2026-11-22T18:30:00.000Z'
    })
  })

  it('reports every problem together, naming each input', () => {
    const problems = problemsOf({
      wait: 'yes',
      timeout: 'soon',
      tenant_tags: 'Gold',
      tenants: '*\nAcme',
      variables: 'no separator here',
      deploy_at_expiry: 'tomorrow'
    })
    expect(problems).toEqual([
      expect.stringContaining("input 'variables' line 1"),
      expect.stringContaining("input 'wait' must be true or false"),
      expect.stringContaining("input 'timeout' must be a duration"),
      expect.stringContaining("'tenant_tags' entry \"Gold\" must be a canonical tag name TagSet/Tag"),
      expect.stringContaining("input 'tenants' contains '*'"),
      expect.stringContaining("input 'deploy_at_expiry' must be an ISO 8601 date")
    ])
  })

  it('rejects cancel_on_timeout without waiting and an expiry before the start', () => {
    expect(problemsOf({ wait: 'false', cancel_on_timeout: 'true' })).toEqual([expect.stringContaining("'cancel_on_timeout' needs 'wait: true'")])
    expect(problemsOf({ deploy_at: '2026-11-22T18:00:00Z', deploy_at_expiry: '2026-11-22T17:00:00Z' })).toEqual([
      expect.stringContaining("'deploy_at_expiry' (2026-11-22T17:00:00.000Z) must be later than 'deploy_at'")
    ])
    expect(problemsOf({ deploy_at_expiry: '2026-11-22T17:00:00Z' })).toEqual([expect.stringContaining("'deploy_at_expiry' needs 'deploy_at'")])
  })
})

describe('parseInstant', () => {
  it('requires a time zone and normalises to UTC', () => {
    expect(parseInstant('2026-11-22T18:00Z')).toBe('2026-11-22T18:00:00.000Z')
    expect(parseInstant('2026-11-22T18:00:00.5-05:00')).toBe('2026-11-22T23:00:00.500Z')
    expect(() => parseInstant('2026-11-22 18:00')).toThrow('ISO 8601')
    expect(() => parseInstant('2026-11-22T18:00:00')).toThrow('time zone')
    expect(() => parseInstant('2026-13-45T18:00:00Z')).toThrow('ISO 8601')
  })
})
