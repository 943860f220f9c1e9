/** GoCD pipeline instances as the trigger logic's unit tests need them: passed, building and placeholder stages. */
import type { InstanceStage, PipelineInstance } from '../../../../src/gocd/types.js'

export const FP_REPO = 'a'.repeat(64)
export const FP_UP = 'b'.repeat(64)

export function stage(name: string, over: Partial<InstanceStage> = {}): InstanceStage {
  return { name, counter: '1', scheduled: true, status: 'Passed', result: 'Passed', rerun_of_counter: null, approval_type: 'success', approved_by: 'changes', jobs: [{ name: `${name}-job`, state: 'Completed', result: 'Passed' }], ...over }
}
export const placeholder = (name: string): InstanceStage => ({ name, counter: '1', scheduled: false, status: 'Unknown', rerun_of_counter: null, approval_type: null, approved_by: null, jobs: [] })
export const building = (name: string): InstanceStage => stage(name, { status: 'Building', result: 'Unknown', jobs: [{ name: `${name}-job`, state: 'Building', result: 'Unknown' }] })

export function run(counter: number, stages: InstanceStage[], cause: Partial<PipelineInstance['build_cause']> = {}): PipelineInstance {
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
