import { describe, expect, it } from '@jest/globals'
import { approvalTypes } from '../../../src/gocd/pipeline-config.js'

describe('pipeline config v11: approval types', () => {
  it('maps lower-cased stage names to success or manual, ignoring anything else', () => {
    const types = approvalTypes({
      name: 'p',
      stages: [
        { name: 'Build', approval: { type: 'success', allow_only_on_success: false } },
        { name: 'Deploy', approval: { type: 'manual' } },
        { name: 'odd', approval: { type: 'something-new' } },
        { name: 'bare' }
      ]
    })
    expect([...types]).toEqual([
      ['build', 'success'],
      ['deploy', 'manual']
    ])
  })

  it('has nothing for a template-based pipeline (stages null)', () => {
    expect(approvalTypes({ name: 'p', stages: null }).size).toBe(0)
  })
})
