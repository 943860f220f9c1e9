import { describe, expect, it } from '@jest/globals'
import { findOurRuns, mismatch, revisionMatches } from '../../../../src/actions/trigger-gocd-pipeline/correlate.js'
import { FP_REPO, run } from './instances.js'

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
