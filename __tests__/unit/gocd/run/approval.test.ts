import { describe, expect, it } from '@jest/globals'
import { isManual, nextApproval } from '../../../../src/gocd/run/approval.js'
import { building, placeholder, run, stage } from './instances.js'

describe('the next manual stage', () => {
  const approvals = new Map([
    ['build', 'success'],
    ['integration', 'success'],
    ['production', 'manual'],
    ['verify', 'manual']
  ] as const)

  it('is the first stage that has not run and that the config marks manual', () => {
    const r = run(3, [building('build'), placeholder('integration'), placeholder('Production'), placeholder('verify')])
    expect(nextApproval(r, approvals)?.name).toBe('Production')
  })

  it('skips manual stages that already ran, and is unknown without the config', () => {
    const r = run(3, [stage('build'), stage('integration'), stage('production', { approval_type: 'manual', approved_by: 'alice' }), placeholder('verify')])
    expect(nextApproval(r, approvals)?.name).toBe('verify')
    expect(nextApproval(r, undefined)).toBeUndefined()
    expect(nextApproval(run(3, [stage('build'), stage('integration'), stage('production'), stage('verify')]), approvals)).toBeUndefined()
  })

  it('knows a stage is manual from the run when it ran, from the config otherwise', () => {
    expect(isManual(undefined, { name: 'x', approval_type: 'manual' })).toBe(true)
    expect(isManual(approvals, { name: 'VERIFY', approval_type: null })).toBe(true)
    expect(isManual(approvals, { name: 'build', approval_type: null })).toBe(false)
    expect(isManual(undefined, { name: 'verify', approval_type: null })).toBe(false)
  })
})
