/** Stage instance v3 (get, cancel, history), stage operations v2 (run) and job instance v1. */
import type { Router } from '../common/index.js'
import { ApiError, apiRoute, json, type ApiContext, type ApiEnv } from './api.js'
import type { PipelineRun, StageRun } from './model.js'
import { cancelStage, isStageActive, stageResult } from './progression.js'
import { pageLinks, pageOf, readPageQuery } from './paging.js'
import { jobInstanceJson, stageHistoryItemJson, stageInstanceJson } from './representers.js'
import { guard } from './routes-pipelines.js'

/**
 * `StageService.findStageWithIdentifier` as the v3 controller calls it: the counter goes through `Integer.parseInt`
 * (a non-number is an unhandled exception), then unknown pipeline, unknown run and unknown stage run are 404s.
 */
function findStage(env: ApiEnv, ctx: ApiContext): { run: PipelineRun; stage: StageRun } {
  const { p, pc, s, sc } = ctx.params
  if (!/^[+-]?\d+$/.test(pc)) throw new ApiError(500, `For input string: "${pc}"`, 'error')
  const config = env.state.pipeline(p)
  if (!config) throw new ApiError(404, `Not Found { Pipeline '${p}' not found }`)
  const run = env.state.run(config.name, Number(pc))
  if (!run) throw new ApiError(404, `Not Found { Pipeline '${p}' with counter '${Number(pc)}' not found }`)
  const stage = run.stages.find((x) => x.name.toLowerCase() === s.toLowerCase() && String(x.counter) === sc)
  if (!stage) {
    throw new ApiError(
      404,
      `Not Found { Stage '${s}' with counter '${sc}' not found. Please make sure specified stage or stage run with specified counter exists. }`
    )
  }
  return { run, stage }
}

/** `checkPipelineViewPermissionsAnd403` (the gocd/gocd#4477 workaround): with security on, an unknown pipeline is a 404 for admins too. */
function viewGuard(env: ApiEnv, ctx: ApiContext): void {
  const name = ctx.params.p
  if (ctx.principal.user && !env.state.pipeline(name)) throw new ApiError(404, `Pipeline with name '${name}' was not found!`)
  guard(env, ctx, name, 'view')
}

export function registerStageRoutes(env: ApiEnv, router: Router): void {
  const { state } = env

  apiRoute(env, router, 'GET', '/stages/:p/:pc/:s/:sc', { versions: [3] }, (ctx) => {
    viewGuard(env, ctx)
    const { run, stage } = findStage(env, ctx)
    return json(200, stageInstanceJson(state, run, stage), ctx.version)
  })

  /**
   * `StageInstanceControllerV3.cancelStage` -> `ScheduleService.cancelAndTriggerRelevantStages`: group operate
   * permission (route filter), the stage run, "not active" (200, nothing changes), the stage's own approval
   * authorization, then exactly this stage run's active jobs are cancelled.
   */
  apiRoute(env, router, 'POST', '/stages/:p/:pc/:s/:sc/cancel', { versions: [3], verifyContentType: true }, (ctx) => {
    guard(env, ctx, ctx.params.p, 'operate')
    const { run, stage } = findStage(env, ctx)
    const now = state.clock.now()
    if (!isStageActive(stage, now)) return json(200, { message: 'Stage is not active. Cancellation Ignored.' }, ctx.version)
    if (!state.canOperateStage(ctx.principal.user, run.name, stage.name)) {
      throw new ApiError(403, `Unauthorized to operate stage named ${stage.name}`)
    }
    cancelStage(stage, now, ctx.principal.login)
    state.ledgerRecord('stage-cancel', `${run.name}/${run.counter}/${stage.name}/${stage.counter}`, { by: ctx.principal.login })
    return json(200, { message: 'Stage cancelled successfully.' }, ctx.version)
  })

  /** Stage history v3: every run of the stage across the pipeline's runs, newest first, cursor-paginated by stage id. */
  apiRoute(env, router, 'GET', '/stages/:p/:s/history', { versions: [3] }, (ctx) => {
    viewGuard(env, ctx)
    const query = readPageQuery(ctx.req.query)
    const config = state.pipeline(ctx.params.p)
    if (!config) throw new ApiError(404, `Pipeline with name '${ctx.params.p}' was not found!`)
    const name = ctx.params.s.toLowerCase()
    const all = state.runsOf(config.name).flatMap((run) =>
      run.stages.filter((stage) => stage.name.toLowerCase() === name).map((stage) => ({ id: stage.id, run, stage }))
    )
    const page = pageOf(all, query)
    if (!page.length) return json(200, { stages: [] }, ctx.version)
    const { run, stage } = page[0]
    const links = pageLinks(all, page, (cursor) => `${ctx.base}/go/api/stages/${run.name}/${stage.name}/history?${cursor}`)
    return json(200, { ...(links ? { _links: links } : {}), stages: page.map((x) => stageHistoryItemJson(state, x.run, x.stage)) }, ctx.version)
  })

  /** `ScheduleService.rerunStage`: previous-stage checks, then the stage's own checkers ("Cannot schedule: ..."). */
  apiRoute(env, router, 'POST', '/stages/:p/:pc/:s/run', { versions: [2], verifyContentType: true }, (ctx) => {
    const { p, pc, s } = ctx.params
    if (!/^\d+$/.test(pc)) throw new ApiError(422, `Error while running [${p}/${pc}/${s}]. Received non-numeric pipeline counter '${pc}'.`)
    const config = guard(env, ctx, p, 'operate')
    if (!config) throw new ApiError(404, `Pipeline with name '${p}' was not found!`)
    const identifier = `${p}/${pc}/${s}`
    const unexpected = (cause: string) =>
      new ApiError(500, `Stage rerun request for stage [${identifier}] could not be completed because of an unexpected failure. Cause: ${cause}`)
    const run = state.run(config.name, Number(pc))
    if (!run) throw unexpected(`Pipeline instance [${p}/${pc}] not found`)
    const index = config.stages.findIndex((x) => x.name.toLowerCase() === s.toLowerCase())
    if (index < 0) throw unexpected(`Stage [${s}] not found`)
    const stageConfig = config.stages[index]
    const now = state.clock.now()
    if (index > 0) {
      const prevName = config.stages[index - 1].name
      const prev = state.latestStages(run).get(prevName.toLowerCase())
      if (!prev) throw new ApiError(400, `Can not run stage [${s}] in pipeline [${p}] because its previous stage has not been run.`)
      const result = stageResult(prev, now)
      if (result !== 'Passed') throw new ApiError(409, `Cannot schedule ${s} as the previous stage ${prevName} has ${result}!`)
    }
    const blocker = state.stageBlocker(run, stageConfig.name)
    if (blocker) throw new ApiError(409, `Cannot schedule: ${blocker}`)
    state.scheduleStage(run, stageConfig.name, now, ctx.principal.login, stageConfig.approval)
    return json(202, { message: `Request to schedule stage ${identifier} accepted` }, ctx.version)
  })

  apiRoute(env, router, 'GET', '/jobs/:p/:pc/:s/:sc/:job', { versions: [1] }, (ctx) => {
    const { p, pc, s, sc, job } = ctx.params
    guard(env, ctx, p, 'view')
    for (const [k, v] of [['pipeline_counter', pc], ['stage_counter', sc]]) {
      if (!/^\d+$/.test(v)) throw new ApiError(400, `The params '${k}' must be a number greater than 0.`)
    }
    const run = state.run(p, Number(pc))
    const stage = run?.stages.find((x) => x.name.toLowerCase() === s.toLowerCase() && x.counter === Number(sc))
    const body = run && stage ? jobInstanceJson(state, run, stage, job) : undefined
    if (!body) throw new ApiError(404, `No job instance was found for '${p}/${pc}/${s}/${sc}/${job}'.`)
    return json(200, body, ctx.version)
  })
}
