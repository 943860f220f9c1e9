import { describe, expect, it } from '@jest/globals'
import { createdBeforeAcceptance, findOurRuns, mismatch, revisionMatches } from '../../../../src/gocd/run/correlate.js'
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

  it('sets apart matching runs GoCD created before the second it accepted our trigger (strictly earlier only)', () => {
    const at = (counter: number, ms?: number, cause = {}) => ({ ...run(counter, [], cause), ...(ms === undefined ? {} : { scheduled_date: ms }) })
    const accepted = 1_700_000_010_000
    const runs = [at(5, accepted - 2500), at(6, accepted - 1), at(7, accepted), at(8, accepted + 400), at(9), at(10, accepted - 9000, { approver: 'other' })]
    expect(createdBeforeAcceptance(runs, criteria, accepted).map((r) => r.counter)).toEqual([5, 6])
    // Without the server's Date nothing is set apart, and then the lowest match is followed.
    expect(createdBeforeAcceptance(runs, criteria, undefined)).toEqual([])
  })

  it('matches SHA prefixes of 7+ hex digits only', () => {
    expect(revisionMatches('e3b0c44', 'e3b0c44298fc')).toBe(true)
    expect(revisionMatches('e3b0c4', 'e3b0c44298fc')).toBe(false)
    expect(revisionMatches('up42/2/up42_stage/1', 'up42/2/up42_stage/1')).toBe(true)
    expect(revisionMatches('up42/2', 'up42/2/up42_stage/1')).toBe(false)
  })
})
