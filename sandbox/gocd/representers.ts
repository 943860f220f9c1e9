/** JSON shapes of the pipeline instance v1, stage instance / history v3, job instance v1 and material attribute representers. */
import type { MaterialConfig, PipelineRun, StageRun } from './model.js'
import { jobView, stageLastTransition, stageResult, stageStatus } from './progression.js'
import type { GocdState } from './state.js'

function materialJson(m: MaterialConfig) {
  if (m.type === 'git') {
    return { name: m.url, fingerprint: m.fingerprint, type: 'Git', description: `URL: ${m.url}, Branch: ${m.branch}` }
  }
  return { name: m.pipeline, fingerprint: m.fingerprint, type: 'Pipeline', description: `${m.pipeline} [ ${m.stage} ]` }
}

function modificationJson(state: GocdState, m: MaterialConfig, revision: string) {
  if (m.type === 'git') {
    const known = m.revisions.find((r) => r.revision === revision)
    return {
      revision,
      ...(known ? { modified_time: known.modifiedAt } : {}),
      user_name: known?.user ?? 'Unknown',
      comment: known?.comment ?? '',
      email_address: known?.email ?? null
    }
  }
  const [p, c] = revision.split('/')
  const upstream = state.run(p ?? '', Number(c))
  return {
    revision,
    ...(upstream ? { modified_time: upstream.scheduledAt } : {}),
    user_name: 'Unknown',
    comment: upstream ? String(upstream.counter) : '',
    email_address: null
  }
}

/** The `attributes` of a material in the config APIs (materials v2, pipeline config v11). */
export function materialAttributesJson(m: MaterialConfig) {
  if (m.type === 'git') {
    return {
      url: m.url,
      destination: null,
      filter: null,
      invert_filter: false,
      name: null,
      auto_update: true,
      branch: m.branch,
      submodule_folder: null,
      shallow_clone: false
    }
  }
  return { pipeline: m.pipeline, stage: m.stage, name: m.pipeline, auto_update: true, ignore_for_scheduling: false }
}

/**
 * `PipelineInstanceRepresenter` with `StageInstanceModelRepresenter` for scheduled and placeholder (future) stages.
 * `canRunPipeline` is the manual-trigger check for the caller (the same for every instance, as in GoCD).
 */
export function pipelineInstanceJson(state: GocdState, run: PipelineRun, canOperate: boolean, canRunPipeline: boolean) {
  const config = state.pipeline(run.name)!
  const now = state.clock.now()
  const latest = state.latestStages(run)
  const previousPassed = (i: number) => {
    const prev = i > 0 ? latest.get(config.stages[i - 1].name.toLowerCase()) : undefined
    return i === 0 || (!!prev && stageResult(prev, now) === 'Passed')
  }
  // Consistent with the stage run API: the previous stage must have run and passed, the stage checkers must pass.
  const canRunStage = (i: number) => canOperate && previousPassed(i) && state.stageBlocker(run, config.stages[i].name) === undefined
  const stages = config.stages.map((sc, i) => {
    const stage = latest.get(sc.name.toLowerCase())
    if (!stage) {
      return {
        status: 'Unknown',
        rerun_of_counter: null,
        name: sc.name,
        counter: '1',
        scheduled: false,
        approval_type: null,
        approved_by: null,
        operate_permission: canOperate,
        can_run: canRunStage(i),
        jobs: []
      }
    }
    return {
      result: stageResult(stage, now),
      status: stageStatus(stage, now),
      rerun_of_counter: null,
      name: stage.name,
      counter: String(stage.counter),
      scheduled: true,
      approval_type: stage.approvalType,
      approved_by: stage.approvedBy,
      operate_permission: canOperate,
      can_run: canRunStage(i),
      jobs: stage.jobs.map((j) => {
        const v = jobView(j, now)
        return { name: j.name, scheduled_date: j.scheduledAt, state: v.state, result: v.result }
      })
    }
  })
  return {
    name: run.name,
    counter: run.counter,
    label: String(run.counter),
    natural_order: run.counter,
    can_run: canRunPipeline,
    preparing_to_schedule: false,
    comment: run.comment,
    scheduled_date: run.scheduledAt,
    build_cause: {
      trigger_message: run.triggerMessage,
      trigger_forced: run.forced,
      approver: run.approver,
      material_revisions: config.materials.map((m) => {
        const rev = run.materialRevisions.find((r) => r.fingerprint === m.fingerprint)
        return {
          changed: rev?.changed ?? false,
          material: materialJson(m),
          modifications: rev && rev.revision ? [modificationJson(state, m, rev.revision)] : []
        }
      })
    },
    stages
  }
}

/** `StageRepresenter` (v3): numeric counter, no `status`, `result` Unknown while running. */
export function stageInstanceJson(state: GocdState, run: PipelineRun, stage: StageRun) {
  const config = state.pipeline(run.name)!.stages.find((s) => s.name === stage.name)!
  const now = state.clock.now()
  const result = stageResult(stage, now)
  return {
    name: stage.name,
    counter: stage.counter,
    approval_type: stage.approvalType,
    approved_by: stage.approvedBy,
    scheduled_at: stage.scheduledAt,
    last_transitioned_time: stageLastTransition(stage, now),
    result,
    ...(result === 'Cancelled' ? { cancelled_by: stage.cancelledBy ?? 'GoCD' } : {}),
    rerun_of_counter: null,
    fetch_materials: config.fetchMaterials,
    clean_working_directory: config.cleanWorkingDirectory,
    artifacts_deleted: false,
    pipeline_name: run.name,
    pipeline_counter: run.counter,
    jobs: stage.jobs.map((j) => {
      const v = jobView(j, now)
      return {
        name: j.name,
        state: v.state,
        result: v.result,
        scheduled_date: j.scheduledAt,
        rerun: false,
        original_job_id: null,
        agent_uuid: v.agentUuid,
        pipeline_name: null,
        pipeline_counter: null,
        stage_name: null,
        stage_counter: null,
        job_state_transitions: v.transitions.map((t) => ({ state: t.state, state_change_time: t.at }))
      }
    })
  }
}

/** `StageInstanceRepresenter` of stage history v3: string counter, `result` as stored (Unknown while running), short jobs. */
export function stageHistoryItemJson(state: GocdState, run: PipelineRun, stage: StageRun) {
  const now = state.clock.now()
  const result = stageResult(stage, now)
  return {
    name: stage.name,
    counter: String(stage.counter),
    approval_type: stage.approvalType,
    approved_by: stage.approvedBy,
    result,
    ...(result === 'Cancelled' ? { cancelled_by: stage.cancelledBy ?? 'GoCD' } : {}),
    rerun_of_counter: null,
    pipeline_name: run.name,
    pipeline_counter: run.counter,
    jobs: stage.jobs.map((j) => {
      const v = jobView(j, now)
      return { name: j.name, state: v.state, result: v.result, scheduled_date: j.scheduledAt }
    })
  }
}

/** `JobInstanceRepresenter` (job instance v1). */
export function jobInstanceJson(state: GocdState, run: PipelineRun, stage: StageRun, jobName: string) {
  const job = stage.jobs.find((j) => j.name.toLowerCase() === jobName.toLowerCase())
  if (!job) return undefined
  const v = jobView(job, state.clock.now())
  return {
    name: job.name,
    state: v.state,
    result: v.result,
    original_job_id: null,
    scheduled_date: job.scheduledAt,
    rerun: false,
    agent_uuid: v.agentUuid,
    pipeline_name: run.name,
    pipeline_counter: run.counter,
    stage_name: stage.name,
    stage_counter: String(stage.counter),
    job_state_transitions: v.transitions.map((t) => ({ state: t.state, state_change_time: t.at }))
  }
}
