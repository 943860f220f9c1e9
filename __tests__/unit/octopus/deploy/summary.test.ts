import { describe, expect, it } from '@jest/globals'
import { MemorySummary } from '../../../helpers/memory-summary.js'
import { addDeploySummary } from '../../../../src/octopus/deploy/summary.js'
import type { DeploymentOutcome } from '../../../../src/octopus/deploy/targets.js'

const outcome = (env: string, state: DeploymentOutcome['state'], extra: Partial<DeploymentOutcome> = {}): DeploymentOutcome => ({
  environmentName: env,
  deploymentId: `Deployments-${env}`,
  serverTaskId: `ServerTasks-${env}`,
  deploymentUrl: `https://o.example/app#/Spaces-1/deployments/Deployments-${env}`,
  taskUrl: `https://o.example/app#/Spaces-1/tasks/ServerTasks-${env}`,
  state,
  pendingInterruptions: [],
  ...extra
})

describe('addDeploySummary', () => {
  it('one row per environment with state, duration and links; failures with the server message', async () => {
    const s = new MemorySummary()
    addDeploySummary(s, {
      project: 'Random Quotes',
      release: '1.0.0',
      releaseUrl: 'https://o.example/app#/Spaces-1/releases/Releases-1',
      waited: true,
      outcomes: [outcome('Dev', 'Success', { durationMs: 65_000 }), outcome('Test', 'Failed', { durationMs: 3000, errorMessage: 'Step <2> failed' })]
    })
    await s.write()
    const html = s.text()
    expect(html).toContain('<h2>Octopus deployment: Random Quotes 1.0.0 ❌</h2>')
    expect(html).toContain('<th>Environment</th><th>State</th><th>Duration</th><th>Links</th>')
    expect(html).not.toContain('<th>Tenant</th>')
    expect(html).toContain('<td>Dev</td><td>✅ Success</td><td>1m5s</td>')
    expect(html).toContain('<a href="https://o.example/app#/Spaces-1/tasks/ServerTasks-Test">task log</a>')
    expect(html).toContain('<b>Test</b> Failed: Step &lt;2&gt; failed')
  })

  it('adds a tenant column, who has to act, and what happened on timeout', async () => {
    const s = new MemorySummary()
    addDeploySummary(s, {
      project: 'SaaS',
      release: '3.1.0',
      waited: true,
      timedOutAfterMs: 600_000,
      canceledOnTimeout: false,
      outcomes: [outcome('Prod', 'Executing', { tenantName: 'Acme', pendingInterruptions: ['ManualIntervention'] })]
    })
    const html = s.text()
    expect(html).toContain('<th>Tenant</th>')
    expect(html).toContain('<td>Prod</td><td>Acme</td><td>🔄 Executing</td>')
    expect(html).toContain('<b>Prod / Acme</b> is waiting for a manual intervention')
    expect(html).toContain('Stopped waiting after 10m. The unfinished tasks keep running in Octopus.')
  })

  it('says when it did not wait, and when nothing was deployed', () => {
    const started = new MemorySummary()
    addDeploySummary(started, { project: 'P', release: '1', waited: false, outcomes: [outcome('Dev', 'Queued')] })
    expect(started.text()).toContain('<td>🚀 Started</td>')
    expect(started.text()).toContain('did not wait')
    const none = new MemorySummary()
    addDeploySummary(none, { project: 'P', release: '1', waited: true, outcomes: [] })
    expect(none.text()).toContain('No deployments were created')
  })

  it('says what a tag selection matched and who was left out where, escaping names from the server', async () => {
    const s = new MemorySummary()
    addDeploySummary(s, {
      project: 'SaaS',
      release: '1.0.0',
      waited: true,
      outcomes: [outcome('Prod', 'Success', { tenantName: 'Umbrella' })],
      selection: {
        tagFilter: 'Tier/Gold AND (Region/EU OR Region/US)',
        tagMatches: ['Umbrella', 'Initech'],
        unmatchedTags: ['Region/EU'],
        leftOut: [
          { environment: 'Prod', tenant: 'Initech', named: false, reason: "not connected to project 'SaaS' in environment 'Prod' (connected in Dev, Test)" },
          { environment: 'Prod', tenant: '<img src=x>', named: true, reason: "not connected to project 'SaaS'" }
        ]
      }
    })
    await s.write()
    const html = s.text()
    expect(html).toContain('<h3>Tenant selection</h3>')
    expect(html).toContain('Tags <code>Tier/Gold AND (Region/EU OR Region/US)</code> matched <b>Umbrella</b>, <b>Initech</b> (no tenant carries <code>Region/EU</code>)')
    expect(html).toContain("<b>Initech</b> (matched by the tags) left out of Prod: not connected to project 'SaaS' in environment 'Prod' (connected in Dev, Test)")
    expect(html).toContain('<b>&lt;img src=x&gt;</b> (named in <code>tenants</code>) left out of Prod')
    expect(html).not.toContain('<img')
  })
})

