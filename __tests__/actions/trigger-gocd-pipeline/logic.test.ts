import { describe, expect, it } from '@jest/globals'
import { findOurRuns, mismatch, revisionMatches } from '../../../src/actions/trigger-gocd-pipeline/correlate.js'
import { normaliseMaterialUrl, resolveMaterials } from '../../../src/actions/trigger-gocd-pipeline/materials.js'
import { evaluate, targetIndex, TransitionLog } from '../../../src/actions/trigger-gocd-pipeline/progress.js'
import type { InstanceStage, PipelineInstance, TriggerOptions } from '../../../src/gocd/types.js'

const FP_REPO = 'a'.repeat(64)
const FP_UP = 'b'.repeat(64)

function stage(name: string, over: Partial<InstanceStage> = {}): InstanceStage {
  return { name, counter: '1', scheduled: true, status: 'Passed', result: 'Passed', rerun_of_counter: null, approval_type: 'success', approved_by: 'changes', jobs: [{ name: `${name}-job`, state: 'Completed', result: 'Passed' }], ...over }
}
const placeholder = (name: string): InstanceStage => ({ name, counter: '1', scheduled: false, status: 'Unknown', rerun_of_counter: null, approval_type: null, approved_by: null, jobs: [] })
const building = (name: string): InstanceStage => stage(name, { status: 'Building', result: 'Unknown', jobs: [{ name: `${name}-job`, state: 'Building', result: 'Unknown' }] })

function run(counter: number, stages: InstanceStage[], cause: Partial<PipelineInstance['build_cause']> = {}): PipelineInstance {
  return {
    name: 'deploy-service',
    counter,
    label: `1.${counter}`,
    comment: null,
    build_cause: {
      trigger_message: 'Forced by Demo User',
      trigger_forced: true,
      approver: 'demo',
      material_revisions: [
        { changed: true, material: { name: 'https://github.com/example/deploy-service.git', fingerprint: FP_REPO, type: 'Git', description: '' }, modifications: [{ revision: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4' }] },
        { changed: false, material: { name: 'up42', fingerprint: FP_UP, type: 'Pipeline', description: '' }, modifications: [{ revision: 'up42/2/up42_stage/1' }] }
      ],
      ...cause
    },
    stages
  }
}

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

describe('correlation', () => {
  const criteria = { baseline: 4, login: 'Demo', pins: [{ fingerprint: FP_REPO, revision: 'e3b0c44' }] }

  it('accepts a forced run above the baseline by our login with the pinned revision', () => {
    expect(mismatch(run(5, []), criteria)).toBeUndefined()
  })

  it.each([
    [run(4, []), 'counter 4 is not above 4'],
    [run(5, [], { trigger_forced: false, approver: 'changes', trigger_message: 'modified by Jane' }), 'it was triggered by a material change (modified by Jane)'],
    [run(5, [], { approver: 'timer' }), 'it was triggered by timer, not Demo'],
    [run(5, [], { material_revisions: [] }), `it does not build revision e3b0c44 of ${FP_REPO}`]
  ])('rejects %#', (r, why) => {
    expect(mismatch(r, criteria)).toBe(why)
  })

  it('follows the lowest matching counter', () => {
    expect(findOurRuns([run(7, []), run(6, [], { approver: 'other' }), run(5, [])], criteria).map((r) => r.counter)).toEqual([5, 7])
  })

  it('matches SHA prefixes of 7+ hex digits only', () => {
    expect(revisionMatches('e3b0c44', 'e3b0c44298fc')).toBe(true)
    expect(revisionMatches('e3b0c4', 'e3b0c44298fc')).toBe(false)
    expect(revisionMatches('up42/2/up42_stage/1', 'up42/2/up42_stage/1')).toBe(true)
    expect(revisionMatches('up42/2', 'up42/2/up42_stage/1')).toBe(false)
  })
})

describe('material resolution', () => {
  const options: TriggerOptions = {
    variables: [],
    materials: [
      { type: 'Git', name: 'https://github.com/example/deploy-service.git', fingerprint: FP_REPO },
      { type: 'Pipeline', name: 'up42', fingerprint: FP_UP }
    ]
  }

  it('resolves by fingerprint, fingerprint prefix, name and URL', () => {
    const pins = resolveMaterials('deploy-service', [[FP_UP, 'up42/1/up42_stage/1'], ['aaaaaaaaaaaa', 'abc1234']], options)
    expect(pins.map((p) => [p.name, p.revision])).toEqual([['up42', 'up42/1/up42_stage/1'], ['https://github.com/example/deploy-service.git', 'abc1234']])
    expect(resolveMaterials('d', [['UP42', 'x']], options)[0].fingerprint).toBe(FP_UP)
    expect(resolveMaterials('d', [['https://user:pw@GitHub.com/example/deploy-service/', 'x']], options)[0].fingerprint).toBe(FP_REPO)
    expect(normaliseMaterialUrl('git@github.com:org/repo.git')).toBe('git@github.com:org/repo')
  })

  it('lists the materials when one cannot be resolved', () => {
    expect(() => resolveMaterials('deploy-service', [['other-repo', 'x'], ['up42', 'y'], [FP_UP, 'z']], options)).toThrow(
      `input 'materials' could not be resolved: 'other-repo' is not a material of pipeline deploy-service; '${FP_UP}' pins material up42 a second time.\nMaterials of deploy-service (from GoCD's trigger options): https://github.com/example/deploy-service.git (Git, fingerprint aaaaaaaaaaaa…); up42 (Pipeline, fingerprint bbbbbbbbbbbb…).`
    )
  })
})
