import { describe, expect, it } from '@jest/globals'
import { TaskTracker } from '../../../../src/octopus/deploy/task-tracker.js'

const deployment = {
  environmentName: 'Prod',
  tenantName: 'Acme',
  deploymentId: 'Deployments-3',
  serverTaskId: 'ServerTasks-3',
  deploymentUrl: 'https://octopus.example/app#/Spaces-1/deployments/Deployments-3',
  taskUrl: 'https://octopus.example/app#/Spaces-1/tasks/ServerTasks-3'
}

describe('TaskTracker', () => {
  it('reports the first state and then only changes', () => {
    const t = new TaskTracker(deployment)
    expect(t.update({ Id: 'ServerTasks-3', State: 'Queued', EstimatedRemainingQueueDurationSeconds: 2 })).toEqual([
      { level: 'info', message: 'Prod / Acme: Queued (expected to start in about 2s)' }
    ])
    expect(t.update({ Id: 'ServerTasks-3', State: 'Queued' })).toEqual([])
    expect(t.update({ Id: 'ServerTasks-3', State: 'Executing' })).toEqual([{ level: 'info', message: 'Prod / Acme: Queued → Executing' }])
    expect(t.update({ Id: 'ServerTasks-3', State: 'Failed', ErrorMessage: 'The deployment failed.' })).toEqual([
      { level: 'info', message: 'Prod / Acme: Executing → Failed: The deployment failed.' }
    ])
    expect(t.done).toBe(true)
  })

  it('warns once when a person has to act, with the portal link, and says when it was answered', () => {
    const t = new TaskTracker(deployment)
    t.update({ Id: 'ServerTasks-3', State: 'Executing' })
    const waiting = t.update({ Id: 'ServerTasks-3', State: 'Executing', HasPendingInterruptions: true, PendingInterruptionTypes: ['ManualIntervention'] })
    expect(waiting).toEqual([
      {
        level: 'warning',
        message:
          'Prod / Acme is waiting for a manual intervention. The deployment will not continue until someone responds in Octopus: https://octopus.example/app#/Spaces-1/tasks/ServerTasks-3'
      }
    ])
    expect(t.status()).toBe('Prod / Acme Executing, waiting for a manual intervention')
    expect(t.update({ Id: 'ServerTasks-3', State: 'Executing', HasPendingInterruptions: true, PendingInterruptionTypes: ['ManualIntervention'] })).toEqual([])
    expect(t.update({ Id: 'ServerTasks-3', State: 'Executing', HasPendingInterruptions: false, PendingInterruptionTypes: [] })).toEqual([
      { level: 'info', message: 'Prod / Acme: the interruption was answered; the deployment continues.' }
    ])
  })

  it('names a guided failure for what it asks', () => {
    const t = new TaskTracker(deployment)
    const [, warning] = t.update({ Id: 'ServerTasks-3', State: 'Executing', HasPendingInterruptions: true, PendingInterruptionTypes: ['GuidedFailure'] })
    expect(warning.message).toContain('waiting for a guided failure decision (retry, ignore or fail)')
  })

  it('reports progress only when it moves', () => {
    const t = new TaskTracker(deployment)
    t.update({ Id: 'ServerTasks-3', State: 'Executing' })
    expect(t.updateProgress(50, 'Step 2 of 4')).toEqual({ level: 'info', message: 'Prod / Acme: 50% (Step 2 of 4)' })
    expect(t.updateProgress(50, 'Step 2 of 4')).toBeUndefined()
    expect(t.updateProgress(undefined, undefined)).toBeUndefined()
    expect(t.status()).toBe('Prod / Acme Executing 50%')
  })
})
