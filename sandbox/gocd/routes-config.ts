/**
 * Pipeline config v11, read only (`PipelineConfigControllerV11.show`): server admins and admins of the pipeline's
 * group may read it (`checkPipelineGroupAdminOfPipelineOrGroupInURLUserAnd403`; an unknown pipeline has no group, so
 * a non-admin gets 403 rather than 404), the answer carries a quoted `ETag`, and `If-None-Match` with that value
 * (quotes and a `--gzip` suffix stripped, as `preconditionHeader` does) is a 304 without a body. This is the only
 * API that says which stages need manual approval before they run.
 */
import { createHash } from 'node:crypto'
import type { Router } from '../common/index.js'
import { ApiError, apiRoute, json, mime, type ApiContext, type ApiEnv } from './api.js'
import type { EnvVarConfig, PipelineConfig, StageConfig } from './model.js'
import { materialAttributesJson } from './representers.js'

function envVarsJson(vars: EnvVarConfig[]) {
  return vars.map((v) =>
    v.secure
      ? { name: v.name, encrypted_value: `AES:${createHash('sha256').update(`iv:${v.name}`).digest('base64').slice(0, 24)}:${createHash('sha256').update(v.value).digest('base64')}`, secure: true }
      : { name: v.name, value: v.value, secure: false }
  )
}

function stageJson(s: StageConfig) {
  return {
    name: s.name,
    fetch_materials: s.fetchMaterials,
    clean_working_directory: s.cleanWorkingDirectory,
    never_cleanup_artifacts: false,
    approval: {
      type: s.approval,
      allow_only_on_success: s.allowOnlyOnSuccess ?? false,
      authorization: { roles: [], users: s.authorizedUsers ?? [] }
    },
    environment_variables: envVarsJson(s.environmentVariables),
    jobs: s.jobs.map((job) => ({
      name: job,
      run_instance_count: null,
      timeout: null,
      environment_variables: [],
      resources: [],
      // The fake does not model tasks; every job runs its script of the same name.
      tasks: [{ type: 'exec', attributes: { run_if: ['passed'], command: './ci/run', arguments: [job], working_directory: null } }],
      tabs: [],
      artifacts: []
    }))
  }
}

/** `PipelineConfigRepresenter` (v11) of a locally defined pipeline. */
export function pipelineConfigJson(config: PipelineConfig, base: string) {
  return {
    _links: {
      self: { href: `${base}/go/api/admin/pipelines/${config.name}` },
      doc: { href: 'https://api.gocd.org/#pipeline-config' },
      find: { href: `${base}/go/api/admin/pipelines/:pipeline_name` }
    },
    label_template: '${COUNT}',
    lock_behavior: config.lockBehavior,
    name: config.name,
    template: null,
    group: config.group,
    origin: {
      _links: { self: { href: `${base}/go/admin/config_xml` }, doc: { href: 'https://api.gocd.org/#get-configuration' } },
      type: 'gocd'
    },
    parameters: [],
    environment_variables: envVarsJson(config.environmentVariables),
    materials: config.materials.map((m) => ({ type: m.type, attributes: materialAttributesJson(m) })),
    stages: config.stages.map(stageJson),
    tracking_tool: null,
    timer: null
  }
}

/** `EntityHashingService.hashForEntity(pipelineConfig, group)`: a digest of the configuration and its group. */
export function pipelineConfigEtag(config: PipelineConfig): string {
  const { _links: _ignored, ...body } = pipelineConfigJson(config, '')
  return createHash('sha256').update(JSON.stringify(body)).update('/').update(config.group).digest('hex')
}

/** `ControllerMethods.preconditionHeader`. */
function clientEtag(ctx: ApiContext): string | undefined {
  const raw = ctx.req.headers['if-none-match']
  if (typeof raw !== 'string') return undefined
  return raw.replace(/^"(.*)"$/, '$1').replace(/(.*)(--(gzip|deflate))/, '$1')
}

export function registerConfigRoutes(env: ApiEnv, router: Router): void {
  const { state } = env
  apiRoute(env, router, 'GET', '/admin/pipelines/:name', { versions: [11] }, (ctx) => {
    const config = state.pipeline(ctx.params.name)
    if (!state.isGroupAdmin(ctx.principal.user, config?.group)) throw new ApiError(403, 'You are not authorized to perform this action.')
    if (!config) throw new ApiError(404, `Pipeline with name '${ctx.params.name}' was not found!`)
    const etag = pipelineConfigEtag(config)
    if (clientEtag(ctx) === etag) return { status: 304, headers: { 'Content-Type': mime(ctx.version) } }
    return json(200, pipelineConfigJson(config, ctx.base), ctx.version, { ETag: `"${etag}"` })
  })
}
