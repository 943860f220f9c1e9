import { afterEach, describe, expect, it } from '@jest/globals'
import { startGocdFake, type GocdFake } from '../../../sandbox/gocd/index.js'
import { call, V2, V3 } from './client.js'

describe('GoCD fake: run progression and operations', () => {
  let fake: GocdFake
  afterEach(() => fake.close())

  const instance = async (name: string, counter: number) => (await call(fake, 'GET', `/api/pipelines/${name}/${counter}`)).data
  const trigger = async (name: string) => expect((await call(fake, 'POST', `/api/pipelines/${name}/schedule`, { confirm: true })).status).toBe(202)

  it('moves jobs Scheduled -> Assigned -> Building -> Completed on the clock', async () => {
    fake = await startGocdFake({ speed: 0, scheduleDelayMs: 0, defaultStagePlan: { outcome: 'pass', durationMs: 1000 } })
    await trigger('up42')
    const seen: [string, string, string | undefined][] = []
    for (const step of [0, 100, 100, 800]) {
      fake.clock.advance(step)
      const run = await instance('up42', 3)
      seen.push([run.stages[0].jobs[0].state, run.stages[0].status, run.stages[0].result])
    }
    expect(seen).toEqual([
      ['Scheduled', 'Building', 'Unknown'],
      ['Assigned', 'Building', 'Unknown'],
      ['Building', 'Building', 'Unknown'],
      ['Completed', 'Passed', 'Passed']
    ])
    const stage = (await call(fake, 'GET', '/api/stages/up42/3/up42_stage/1', { accept: V3 })).data
    expect(stage.approved_by).toBe('demo')
    expect(stage.jobs[0].agent_uuid).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('derives Failing while other jobs build, then Failed, and stops automatic stages', async () => {
    fake = await startGocdFake({ speed: 0, scheduleDelayMs: 0 })
    fake.setStagePlan('deploy-service', 'build', { outcome: 'fail', durationMs: 2000 })
    await trigger('deploy-service')
    fake.clock.advance(1500)
    let run = await instance('deploy-service', 1)
    expect(run.stages[0]).toMatchObject({ status: 'Failing', result: 'Unknown' })
    expect(run.stages[0].jobs.map((j: { result: string }) => j.result)).toEqual(['Failed', 'Unknown'])
    fake.clock.advance(1000)
    run = await instance('deploy-service', 1)
    expect(run.stages[0]).toMatchObject({ status: 'Failed', result: 'Failed' })
    expect(run.stages[1].scheduled).toBe(false)
  })

  it('a cancel outcome ends every job Cancelled and the stage names who cancelled', async () => {
    fake = await startGocdFake({ speed: 0, scheduleDelayMs: 0 })
    fake.setStagePlan('up42', 'up42_stage', { outcome: 'cancel', durationMs: 1000 })
    await trigger('up42')
    fake.clock.advance(1000)
    const stage = (await call(fake, 'GET', '/api/stages/up42/3/up42_stage/1', { accept: V3 })).data
    expect(stage).toMatchObject({ result: 'Cancelled', cancelled_by: 'GoCD' })
    expect((await instance('up42', 3)).stages[0].status).toBe('Cancelled')
  })

  it('runs the manual stage through stage operations v2', async () => {
    fake = await startGocdFake({ speed: 0, scheduleDelayMs: 0, defaultStagePlan: { outcome: 'pass', durationMs: 1000 } })
    await trigger('deploy-service')
    fake.clock.advance(2500)
    const bad = await call(fake, 'POST', '/api/stages/deploy-service/x/production/run', { accept: V2, confirm: true })
    expect([bad.status, bad.data.message]).toEqual([422, "Error while running [deploy-service/x/production]. Received non-numeric pipeline counter 'x'."])
    expect((await call(fake, 'POST', '/api/stages/deploy-service/1/production/run', { accept: 'application/vnd.go.cd.v1+json', confirm: true })).status).toBe(404)
    const res = await call(fake, 'POST', '/api/stages/deploy-service/1/production/run', { accept: V2, confirm: true })
    expect([res.status, res.data]).toEqual([202, { message: 'Request to schedule stage deploy-service/1/production accepted' }])
    fake.clock.advance(1000)
    const run = await instance('deploy-service', 1)
    expect(run.stages[2]).toMatchObject({ scheduled: true, status: 'Passed', approval_type: 'manual', approved_by: 'demo' })
  })

  it('pauses with a cause, unpauses, and refuses repeated pause/unpause with 409', async () => {
    fake = await startGocdFake({ speed: 0 })
    const pause = await call(fake, 'POST', '/api/pipelines/up42/pause', { json: { pause_cause: 'release freeze' } })
    expect([pause.status, pause.data]).toEqual([200, { message: "Pipeline 'up42' paused successfully." }])
    expect((await call(fake, 'GET', '/api/pipelines/up42/status')).data).toMatchObject({ paused: true, paused_cause: 'release freeze', paused_by: 'demo' })
    expect((await call(fake, 'POST', '/api/pipelines/up42/pause', { confirm: true })).status).toBe(409)
    const unpause = await call(fake, 'POST', '/api/pipelines/up42/unpause', { confirm: true })
    expect([unpause.status, unpause.data]).toEqual([200, { message: "Pipeline 'up42' unpaused successfully." }])
    const again = await call(fake, 'POST', '/api/pipelines/up42/unpause', { confirm: true })
    expect([again.status, again.data.message]).toEqual([409, "Failed to unpause pipeline 'up42'. Pipeline 'up42' is already unpaused."])
  })

  it('keeps a lockOnFailure pipeline locked after a failed non-last stage until unlocked', async () => {
    fake = await startGocdFake({ speed: 0, scheduleDelayMs: 0 })
    fake.addPipeline({
      name: 'guarded',
      lockBehavior: 'lockOnFailure',
      stages: [
        { name: 'deploy', jobs: ['a', 'b'] },
        { name: 'verify', jobs: ['c'] }
      ]
    })
    fake.setStagePlan('guarded', 'deploy', { outcome: 'fail', durationMs: 1000 })
    const noLock = await call(fake, 'POST', '/api/pipelines/up42/unlock', { confirm: true })
    expect([noLock.status, noLock.data.message]).toEqual([409, 'No lock exists within the pipeline configuration for up42'])
    const idle = await call(fake, 'POST', '/api/pipelines/guarded/unlock', { confirm: true })
    expect(idle.data.message).toBe('Lock exists within the pipeline configuration but no pipeline instance is currently in progress')
    await trigger('guarded')
    const running = await call(fake, 'POST', '/api/pipelines/guarded/unlock', { confirm: true })
    expect(running.data.message).toBe('Locked pipeline instance is currently running (one of the stages is in progress)')
    fake.clock.advance(1000)
    expect(fake.isLocked('guarded')).toBe(true)
    const unlock = await call(fake, 'POST', '/api/pipelines/guarded/unlock', { confirm: true })
    expect([unlock.status, unlock.data]).toEqual([200, { message: 'Pipeline lock released for guarded.' }])
    expect(fake.isLocked('guarded')).toBe(false)
    await trigger('guarded')
  })

  it('releases the lock when the last stage completes, even failed, and unlockWhenFinished at a manual gate', async () => {
    fake = await startGocdFake({ speed: 0, scheduleDelayMs: 0, defaultStagePlan: { outcome: 'fail', durationMs: 1000 } })
    fake.addPipeline({ name: 'single', lockBehavior: 'lockOnFailure', stages: [{ name: 'only', jobs: ['a'] }] })
    fake.addPipeline({
      name: 'gate',
      lockBehavior: 'unlockWhenFinished',
      stages: [
        { name: 'build', jobs: ['a'] },
        { name: 'ship', jobs: ['b'], approval: 'manual' }
      ]
    })
    fake.setStagePlan('gate', 'build', { outcome: 'pass', durationMs: 1000 })
    await trigger('single')
    await trigger('gate')
    expect([fake.isLocked('single'), fake.isLocked('gate')]).toEqual([true, true])
    fake.clock.advance(1000)
    expect([fake.isLocked('single'), fake.isLocked('gate')]).toEqual([false, false])
  })

  it('does not auto-trigger the next stage of a stage that completed while paused', async () => {
    fake = await startGocdFake({ speed: 0, scheduleDelayMs: 0, defaultStagePlan: { outcome: 'pass', durationMs: 1000 } })
    await trigger('deploy-service')
    fake.pause('deploy-service', 'freeze')
    fake.clock.advance(1000)
    fake.unpause('deploy-service')
    fake.clock.advance(5000)
    const run = await instance('deploy-service', 1)
    expect(run.stages.map((st: { scheduled: boolean }) => st.scheduled)).toEqual([true, false, false])
    expect(run.stages[1].can_run).toBe(true)
  })

  it('refuses to run a stage whose previous stage did not run or did not pass, or that is running', async () => {
    fake = await startGocdFake({ speed: 0, scheduleDelayMs: 0, defaultStagePlan: { outcome: 'pass', durationMs: 1000 } })
    fake.setStagePlan('deploy-service', 'build', { outcome: 'fail', durationMs: 1000 })
    await trigger('deploy-service')
    const run = (path: string) => call(fake, 'POST', `/api/stages/deploy-service/1/${path}/run`, { accept: V2, confirm: true })
    const notRun = await run('production')
    expect([notRun.status, notRun.data.message]).toEqual([400, 'Can not run stage [production] in pipeline [deploy-service] because its previous stage has not been run.'])
    const building = await run('build')
    expect([building.status, building.data.message]).toEqual([409, 'Cannot schedule: Stage [build] in pipeline [deploy-service] is still in progress'])
    fake.clock.advance(1000)
    const failed = await run('integration')
    expect([failed.status, failed.data.message]).toEqual([409, 'Cannot schedule integration as the previous stage build has Failed!'])
    fake.setStagePlan('deploy-service', 'build', { outcome: 'pass', durationMs: 1000 })
    expect((await run('build')).status).toBe(202)
    fake.clock.advance(1000)
    const rerun = await instance('deploy-service', 1)
    expect(rerun.stages[0]).toMatchObject({ counter: '2', result: 'Passed' })
    expect(rerun.stages[1]).toMatchObject({ counter: '1', scheduled: true, approved_by: 'changes' })
    fake.clock.advance(1000)
    expect((await run('build')).status).toBe(202) // a rerun that passes triggers the next automatic stage again
    fake.clock.advance(1000)
    const again = await instance('deploy-service', 1)
    expect([again.stages[0].counter, again.stages[1].counter, again.stages[2].scheduled]).toEqual(['3', '2', false])
    const missing = await call(fake, 'POST', '/api/stages/deploy-service/7/build/run', { accept: V2, confirm: true })
    expect([missing.status, missing.data.message]).toEqual([
      500,
      'Stage rerun request for stage [deploy-service/7/build] could not be completed because of an unexpected failure. Cause: Pipeline instance [deploy-service/7] not found'
    ])
  })

  it('comments on an instance', async () => {
    fake = await startGocdFake({ speed: 0 })
    const res = await call(fake, 'POST', '/api/pipelines/up42/1/comment', { json: { comment: 'deployed to staging' } })
    expect([res.status, res.data]).toEqual([200, { message: 'Comment successfully updated.' }])
    expect((await instance('up42', 1)).comment).toBe('deployed to staging')
    const missing = await call(fake, 'POST', '/api/pipelines/up42/1/comment', { json: {} })
    expect([missing.status, missing.data.message]).toEqual([422, "Json `{}` does not contain property 'comment'"])
    expect((await call(fake, 'POST', '/api/pipelines/audited-release/1/comment', { json: { comment: 'x' } })).status).toBe(403)
  })
})
