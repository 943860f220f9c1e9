/**
 * The fake's initial configuration: `up42` as in the api.go.cd examples, a multi-stage pipeline with a manual stage,
 * overridable variables (one secure) and two materials, and a group the demo user can view but not operate.
 */
import { createHash } from 'node:crypto'
import type { DependencyMaterialConfig, GitMaterialConfig, GroupConfig, MaterialConfig, PipelineConfig, UserConfig } from './model.js'

/** A stable SHA-256 fingerprint of a material's identifying attributes (GoCD fingerprints are SHA-256 hex too). */
export function fingerprintOf(material: GitMaterialConfig | DependencyMaterialConfig): string {
  const key =
    material.type === 'git'
      ? `type=GitMaterial<|>url=${material.url}<|>branch=${material.branch}`
      : `type=DependencyMaterial<|>pipelineName=${material.pipeline}<|>stageName=${material.stage}`
  return createHash('sha256').update(key).digest('hex')
}

export function git(url: string, branch: string, revisions: GitMaterialConfig['revisions']): MaterialConfig {
  const m: GitMaterialConfig = { type: 'git', url, branch, revisions }
  return { ...m, fingerprint: fingerprintOf(m) }
}

export function dependency(pipeline: string, stage: string): MaterialConfig {
  const m: DependencyMaterialConfig = { type: 'dependency', pipeline, stage }
  return { ...m, fingerprint: fingerprintOf(m) }
}

export const DEMO_USER: UserConfig = {
  login: 'demo',
  password: 'demo-password',
  displayName: 'Demo User',
  email: 'demo@example.com',
  admin: false
}

export const ADMIN_USER: UserConfig = {
  login: 'admin',
  password: 'badger',
  displayName: 'Administrator',
  email: null,
  admin: true
}

export function seedGroups(): GroupConfig[] {
  return [
    { name: 'first', operate: ['demo'], view: [] },
    { name: 'deployments', operate: ['demo'], view: [] },
    { name: 'restricted', operate: [], view: ['demo'] }
  ]
}

export function seedPipelines(epoch: number): PipelineConfig[] {
  const commit = (revision: string, minutesAgo: number, comment: string) => ({
    revision,
    user: 'Jane Doe <jane@example.com>',
    comment,
    email: null,
    modifiedAt: epoch - minutesAgo * 60_000
  })
  return [
    {
      name: 'up42',
      group: 'first',
      lockBehavior: 'none',
      materials: [
        git('https://github.com/gocd/gocd', 'master', [
          commit('40f0a7ef224a0a2fba438b158483b5b2cfdc6c11', 30, 'some commit message.'),
          commit('9c1a31b5a5d1d3e8d5d4b6f1c0e2f3a4b5c6d7e8', 90, 'an older commit.')
        ])
      ],
      environmentVariables: [],
      stages: [
        { name: 'up42_stage', approval: 'success', jobs: ['up42_job'], fetchMaterials: true, cleanWorkingDirectory: false, environmentVariables: [] }
      ]
    },
    {
      name: 'deploy-service',
      group: 'deployments',
      lockBehavior: 'unlockWhenFinished',
      materials: [
        git('https://github.com/example/deploy-service.git', 'main', [
          commit('e3b0c44298fc1c149afbf4c8996fb92427ae41e4', 10, 'Bump version to 1.4.2'),
          commit('a1b2c3d4e5f60718293a4b5c6d7e8f9012345678', 120, 'Fix health check')
        ]),
        dependency('up42', 'up42_stage')
      ],
      environmentVariables: [
        { name: 'DEPLOY_ENV', value: 'staging', secure: false },
        { name: 'RELEASE_NOTES', value: '', secure: false },
        { name: 'API_TOKEN', value: 's3cr3t-token', secure: true }
      ],
      stages: [
        { name: 'build', approval: 'success', jobs: ['compile', 'lint'], fetchMaterials: true, cleanWorkingDirectory: false, environmentVariables: [] },
        {
          name: 'integration',
          approval: 'success',
          jobs: ['api-tests', 'ui-tests'],
          fetchMaterials: true,
          cleanWorkingDirectory: false,
          environmentVariables: [{ name: 'TEST_SUITE', value: 'smoke', secure: false }]
        },
        { name: 'production', approval: 'manual', jobs: ['deploy'], fetchMaterials: false, cleanWorkingDirectory: true, environmentVariables: [] }
      ]
    },
    {
      name: 'audited-release',
      group: 'restricted',
      lockBehavior: 'none',
      materials: [git('https://github.com/example/audited.git', 'main', [commit('0123456789abcdef0123456789abcdef01234567', 60, 'Release')])],
      environmentVariables: [],
      stages: [{ name: 'release', approval: 'success', jobs: ['publish'], fetchMaterials: true, cleanWorkingDirectory: false, environmentVariables: [] }]
    }
  ]
}
