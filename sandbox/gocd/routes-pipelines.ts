/**
 * Pipeline operations v1 (schedule, status, trigger_options, pause/unpause/unlock) and pipeline instance v1
 * (history, instance, comment), with GoCD's checker order and verbatim messages.
 */
import type { Router } from '../common/index.js'
import { ApiError, apiRoute, json, type ApiContext, type ApiEnv } from './api.js'
import type { PipelineConfig } from './model.js'
import { pageLinks, pageOf, readPageQuery } from './paging.js'
import { pipelineInstanceJson } from './representers.js'

/** `checkPipelineGroup{Operate,View}ViaNameParamsAnd403`: admins and anonymous (security off) pass through. */
export function guard(env: ApiEnv, ctx: ApiContext, name: string, need: 'operate' | 'view'): PipelineConfig | undefined {
  const user = ctx.principal.user
  const config = env.state.pipeline(name)
  if (user && !user.admin) {
    if (!config) throw new ApiError(404, `Pipeline with name '${name}' was not found!`)
    const allowed = need === 'operate' ? env.state.canOperate(user, config) : env.state.canView(user, config)
    if (!allowed) throw new ApiError(403, 'You are not authorized to perform this action.')
  }
  return config
}

interface ScheduleBody {
  environment_variables?: { name?: unknown; value?: unknown; encrypted_value?: unknown; secure?: unknown }[]
  materials?: { fingerprint?: unknown; revision?: unknown }[]
  update_materials_before_scheduling?: unknown
}

/** The manual-trigger checkers in `SchedulingCheckerService` order, without the disk and stage authorization checks. */
export function triggerBlocker(env: ApiEnv, config: PipelineConfig): string | undefined {
  const { state } = env
  const name = config.name
  if (state.pending.has(name.toLowerCase())) return `Failed to trigger pipeline: ${name} { Pipeline already triggered }`
  if (state.pauseInfo(name).paused) return `Failed to trigger pipeline [${name}] { Pipeline ${name} is paused }`
  const active = state.firstStageActive(name)
  if (active) return `Failed to trigger pipeline [${name}] { Stage [${active}] in pipeline [${name}] is still in progress }`
  if (state.lockedRun(name)) return `Pipeline ${name} cannot be scheduled { Pipeline ${name} is locked as another instance of this pipeline is running. }`
  return undefined
}

function parseCounter(raw: string): number {
  if (!/^-?\d+$/.test(raw)) throw new ApiError(422, 'Your request could not be processed. The pipeline counter should be an integer.')
  const n = Number(raw)
  if (n < 1) throw new ApiError(422, 'Your request could not be processed. The pipeline counter cannot be less than 1.')
  return n
}

function link(ctx: ApiContext, path: string) {
  return { href: `${ctx.base}/go/api${path}` }
}

export function registerPipelineRoutes(env: ApiEnv, router: Router): void {
  const { state } = env
  const v1 = { versions: [1] }
  const write = { versions: [1], verifyContentType: true }

  apiRoute(env, router, 'POST', '/pipelines/:name/schedule', write, async (ctx) => {
    const config = guard(env, ctx, ctx.params.name, 'operate')
    const body = (await ctx.json<ScheduleBody>()) ?? {}
    if (!config) throw new ApiError(404, `Pipeline '${ctx.params.name}' not found.`)
    const variables: { name: string; value: string; secure: boolean }[] = []
    for (const v of body.environment_variables ?? []) {
      if (typeof v.name !== 'string') throw new ApiError(422, `Json \`${JSON.stringify(v)}\` does not contain property 'name'`)
      if (v.value === undefined && v.encrypted_value === undefined) {
        throw new ApiError(422, "Environment variable must contain either 'value' or 'encrypted_value'")
      }
      variables.push({ name: v.name, value: String(v.value ?? v.encrypted_value), secure: v.secure === true })
    }
    const inScope = new Set(
      [...config.environmentVariables, ...config.stages.flatMap((s) => s.environmentVariables)].map((v) => v.name)
    )
    for (const v of variables) {
      if (!inScope.has(v.name)) {
        throw new ApiError(422, `Request to schedule pipeline rejected { Variable '${v.name}' has not been configured for pipeline '${config.name}' }`)
      }
    }
    // `PipelineScheduleOptionsRepresenter` reads both keys with `getString`: a missing one is a 422.
    const materials = (body.materials ?? []).map((m) => {
      for (const k of ['fingerprint', 'revision'] as const) {
        if (m[k] === undefined || m[k] === null) throw new ApiError(422, `Json \`${JSON.stringify(m)}\` does not contain property '${k}'`)
      }
      return { fingerprint: String(m.fingerprint), revision: String(m.revision) }
    })
    const unknown = materials.filter((m) => !config.materials.some((c) => c.fingerprint === m.fingerprint)).map((m) => m.fingerprint)
    if (unknown.length) {
      throw new ApiError(422, `Request to schedule pipeline rejected { Pipeline '${config.name}' does not contain the following material(s): [${unknown.join(', ')}]. }`)
    }
    const blank = materials.find((m) => m.revision.trim() === '')
    if (blank) throw new ApiError(422, `Request to schedule pipeline rejected { Material [${blank.fingerprint}] has empty revision }`)
    state.raceOnTrigger(config.name, ctx.principal.login, ctx.principal.displayName, 'checkers')
    const blocker = triggerBlocker(env, config)
    if (blocker) throw new ApiError(409, blocker)
    if (state.diskFull) {
      const limit = 100
      throw new ApiError(
        507,
        `GoCD Server has run out of ${state.diskFull} disk space. Scheduling has been stopped { GoCD has less than ${limit}Mb of disk space available. Scheduling has stopped, and will resume once more than ${limit}Mb is available. }`
      )
    }
    const first = config.stages[0]
    const user = ctx.principal.user
    if (first.authorizedUsers && user && !user.admin && !first.authorizedUsers.includes(user.login)) {
      throw new ApiError(403, `Failed to trigger pipeline [${config.name}] { User ${user.login} does not have permission to schedule ${config.name}/${first.name} }`)
    }
    const updateMaterials = body.update_materials_before_scheduling !== false
    let failure = state.failNext.get(config.name.toLowerCase()) ?? (state.silentFailure ? 'Material update failed' : undefined)
    state.failNext.delete(config.name.toLowerCase())
    if (failure !== undefined && !updateMaterials) {
      // Without a material update the build cause is produced inside the request, so the error is synchronous.
      throw new ApiError(422, `Error while scheduling pipeline: ${config.name} { ${failure} }`)
    }
    if (!updateMaterials) failure = undefined
    // `WaitForPipelineMaterialUpdate.start`: losing the trigger monitor to a concurrent trigger is a 409 of its own.
    const forced = state.raceOnTrigger(config.name, ctx.principal.login, ctx.principal.displayName, 'accept')
    if (forced) throw new ApiError(409, forced)
    const now = state.clock.now()
    state.pending.set(config.name.toLowerCase(), {
      pipeline: config.name,
      user: ctx.principal.login,
      displayName: ctx.principal.displayName,
      acceptedAt: now,
      createAt: now + state.scheduleDelayMs,
      materials,
      environmentVariables: variables,
      failure
    })
    return json(202, { message: `Request to schedule pipeline ${config.name} accepted` }, ctx.version)
  })

  apiRoute(env, router, 'GET', '/pipelines/:name/status', v1, (ctx) => {
    const config = guard(env, ctx, ctx.params.name, 'operate')
    if (!config) throw new ApiError(404, 'Not Found { Pipeline not found }')
    const pause = state.pauseInfo(config.name)
    const schedulable = triggerBlocker(env, config) === undefined && state.canOperate(ctx.principal.user, config)
    return json(
      200,
      { paused: pause.paused, paused_cause: pause.cause, paused_by: pause.by, locked: !!state.lockedRun(config.name), schedulable },
      ctx.version
    )
  })

  apiRoute(env, router, 'GET', '/pipelines/:name/trigger_options', v1, (ctx) => {
    const config = guard(env, ctx, ctx.params.name, 'operate')
    if (!config) throw new ApiError(404, `Pipeline '${ctx.params.name}' not found.`)
    const last = state.runsOf(config.name).at(-1)
    return json(
      200,
      {
        _links: {
          doc: { href: 'https://api.gocd.org/current/#pipeline-trigger-options' },
          self: link(ctx, `/pipelines/${config.name}/trigger_options`),
          schedule: link(ctx, `/pipelines/${config.name}/schedule`)
        },
        variables: config.environmentVariables.map((v) => (v.secure ? { name: v.name, secure: true } : { name: v.name, secure: false, value: v.value })),
        materials: config.materials.map((m) => {
          const lastRun = last?.materialRevisions.find((r) => r.fingerprint === m.fingerprint)?.revision ?? null
          if (m.type === 'git') {
            const head = m.revisions[0]
            return {
              type: 'Git',
              name: m.url,
              fingerprint: m.fingerprint,
              revision: { date: head ? new Date(head.modifiedAt).toISOString() : null, user: head?.user ?? null, comment: head?.comment ?? null, last_run_revision: lastRun }
            }
          }
          return { type: 'Pipeline', name: m.pipeline, fingerprint: m.fingerprint, revision: { date: null, user: null, comment: null, last_run_revision: lastRun } }
        })
      },
      ctx.version
    )
  })

  apiRoute(env, router, 'POST', '/pipelines/:name/pause', write, async (ctx) => {
    const config = guard(env, ctx, ctx.params.name, 'operate')
    const body = (await ctx.json<{ pause_cause?: unknown }>()) ?? {}
    if (!config) throw new ApiError(404, `Pipeline '${ctx.params.name}' not found.`)
    if (state.pauseInfo(config.name).paused) {
      throw new ApiError(409, `Failed to pause pipeline '${config.name}'. Pipeline '${config.name}' is already paused.`)
    }
    state.setPause(config.name, { paused: true, cause: typeof body.pause_cause === 'string' ? body.pause_cause : '', by: ctx.principal.login })
    return json(200, { message: `Pipeline '${config.name}' paused successfully.` }, ctx.version)
  })

  apiRoute(env, router, 'POST', '/pipelines/:name/unpause', write, (ctx) => {
    const config = guard(env, ctx, ctx.params.name, 'operate')
    if (!config) throw new ApiError(404, `Pipeline '${ctx.params.name}' not found.`)
    if (!state.pauseInfo(config.name).paused) {
      throw new ApiError(409, `Failed to unpause pipeline '${config.name}'. Pipeline '${config.name}' is already unpaused.`)
    }
    state.setPause(config.name, { paused: false, cause: null, by: null })
    return json(200, { message: `Pipeline '${config.name}' unpaused successfully.` }, ctx.version)
  })

  apiRoute(env, router, 'POST', '/pipelines/:name/unlock', write, (ctx) => {
    const config = guard(env, ctx, ctx.params.name, 'operate')
    if (!config) throw new ApiError(404, `pipeline name ${ctx.params.name} is incorrect`)
    if (config.lockBehavior === 'none') throw new ApiError(409, `No lock exists within the pipeline configuration for ${config.name}`)
    const locked = state.lockedRun(config.name)
    if (!locked) throw new ApiError(409, 'Lock exists within the pipeline configuration but no pipeline instance is currently in progress')
    if (state.isRunActive(locked)) throw new ApiError(409, 'Locked pipeline instance is currently running (one of the stages is in progress)')
    state.unlock(locked)
    return json(200, { message: `Pipeline lock released for ${config.name}.` }, ctx.version)
  })

  apiRoute(env, router, 'GET', '/pipelines/:name/history', v1, (ctx) => {
    const config = guard(env, ctx, ctx.params.name, 'view')
    // The handler reads the paging parameters before the service checks that the pipeline exists.
    const query = readPageQuery(ctx.req.query)
    if (!config) throw new ApiError(404, `Pipeline with name '${ctx.params.name}' was not found!`)
    const all = state.runsOf(config.name)
    const page = pageOf(all, query)
    const body: Record<string, unknown> = {}
    const links = pageLinks(all, page, (cursor) => `${ctx.base}/go/api/pipelines/${config.name}/history?${cursor}`)
    if (links) body._links = links
    const operate = state.canOperate(ctx.principal.user, config)
    const canRun = operate && triggerBlocker(env, config) === undefined
    body.pipelines = page.map((r) => pipelineInstanceJson(state, r, operate, canRun))
    return json(200, body, ctx.version)
  })

  apiRoute(env, router, 'GET', '/pipelines/:name/:counter', v1, (ctx) => {
    const config = guard(env, ctx, ctx.params.name, 'view')
    if (!config) throw new ApiError(404, `Pipeline named [${ctx.params.name}] is not known.`)
    const counter = parseCounter(ctx.params.counter)
    const run = state.run(config.name, counter)
    if (!run) throw new ApiError(404, `Pipeline [${ctx.params.name}/${counter}] not found.`)
    const operate = state.canOperate(ctx.principal.user, config)
    return json(200, pipelineInstanceJson(state, run, operate, operate && triggerBlocker(env, config) === undefined), ctx.version)
  })

  apiRoute(env, router, 'POST', '/pipelines/:name/:counter/comment', write, async (ctx) => {
    const config = guard(env, ctx, ctx.params.name, 'operate')
    const body = (await ctx.json<{ comment?: unknown }>()) ?? {}
    if (!config) throw new ApiError(404, `Pipeline named [${ctx.params.name}] is not known.`)
    const counter = parseCounter(ctx.params.counter)
    if (typeof body.comment !== 'string') throw new ApiError(422, `Json \`${JSON.stringify(body)}\` does not contain property 'comment'`)
    const run = state.run(config.name, counter)
    if (!run) throw new ApiError(404, `Pipeline [${ctx.params.name}/${counter}] not found.`)
    run.comment = body.comment
    return json(200, { message: 'Comment successfully updated.' }, ctx.version)
  })
}
