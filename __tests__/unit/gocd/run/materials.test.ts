import { describe, expect, it } from '@jest/globals'
import { normaliseMaterialUrl, resolveMaterials } from '../../../../src/gocd/run/materials.js'
import type { TriggerOptions } from '../../../../src/gocd/types.js'
import { FP_REPO, FP_UP } from './instances.js'

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
