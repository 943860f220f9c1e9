import { describe, expect, it } from '@jest/globals'
import { evaluate, targetIndex, TransitionLog } from '../../../../src/gocd/run/progress.js'
import type { InstanceStage } from '../../../../src/gocd/types.js'
import { building, placeholder, run, stage } from './instances.js'

describe('run evaluation', () => {
  const three = (a: InstanceStage, b: InstanceStage, c: InstanceStage) => run(5, [a, b, c])

  it('is running while a stage builds, and passes when every stage up to the target passed', () => {
    expect(evaluate(three(building('build'), placeholder('test'), placeholder('prod')), 2)).toMatchObject({ state: 'running', stage: { name: 'build' } })
    expect(evaluate(three(stage('build'), building('test'), placeholder('prod')), 0)).toMatchObject({ state: 'done', result: 'Passed', stage: { name: 'build' } })
    expect(evaluate(three(stage('build'), stage('test'), stage('prod')), 2)).toMatchObject({ state: 'done', result: 'Passed', stage: { name: 'prod' } })
  })

  it('fails on a failed or cancelled stage, but only once the stage stopped (Failing keeps running)', () => {
    const failing = stage('build', { status: 'Failing', result: 'Unknown', jobs: [{ name: 'a', state: 'Completed', result: 'Failed' }, { name: 'b', state: 'Building', result: 'Unknown' }] })
    expect(evaluate(three(failing, placeholder('test'), placeholder('prod')), 2).state).toBe('running')
    expect(evaluate(three(stage('build', { status: 'Failed', result: 'Failed' }), placeholder('test'), placeholder('prod')), 2)).toMatchObject({ state: 'done', result: 'Failed', stage: { name: 'build' } })
    expect(evaluate(three(stage('build'), stage('test', { status: 'Cancelled', result: 'Cancelled' }), placeholder('prod')), 2)).toMatchObject({ state: 'done', result: 'Cancelled' })
  })

  it('reports a stop before an unscheduled stage after a passed one (manual approval)', () => {
    expect(evaluate(three(stage('build'), stage('test'), placeholder('prod')), 2)).toMatchObject({ state: 'stopped', stage: { name: 'prod' }, after: { name: 'test' } })
    expect(evaluate(three(stage('build'), stage('test'), placeholder('prod')), 1)).toMatchObject({ state: 'done', result: 'Passed' })
    expect(evaluate(run(5, [placeholder('build')]), 0).state).toBe('running')
  })

  it('finds the target stage by name, case-insensitively', () => {
    const r = three(stage('build'), stage('Test'), placeholder('prod'))
    expect(targetIndex(r, { kind: 'stage', name: 'test' })).toBe(1)
    expect(targetIndex(r, { kind: 'stage', name: 'nope' })).toBe(-1)
    expect(targetIndex(r, { kind: 'all_stages' })).toBe(2)
    expect(targetIndex(r, { kind: 'first_stage' })).toBe(0)
  })

  it('reports each stage and job transition once', () => {
    const log = new TransitionLog()
    const scheduled = stage('build', { status: 'Building', result: 'Unknown', jobs: [{ name: 'compile', state: 'Scheduled', result: 'Unknown' }] })
    expect(log.next(run(5, [scheduled])).map((t) => t.message)).toEqual(['stage build #1 scheduled (approved by changes)', 'job build/compile: Scheduled', 'stage build #1: Building'])
    expect(log.next(run(5, [scheduled]))).toEqual([])
    const done = stage('build', { jobs: [{ name: 'compile', state: 'Completed', result: 'Passed' }] })
    expect(log.next(run(5, [done])).map((t) => t.message)).toEqual(['job build/compile: Completed, Passed', 'stage build #1: Passed'])
    const rerun = stage('build', { counter: '2', status: 'Building', result: 'Unknown', jobs: [{ name: 'compile', state: 'Building', result: 'Unknown' }] })
    expect(log.next(run(5, [rerun])).map((t) => t.message)).toEqual(['stage build #2 scheduled (approved by changes)', 'job build/compile: Building', 'stage build #2: Building'])
  })
})
