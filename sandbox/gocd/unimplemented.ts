/**
 * GoCD API routes the fake knows exist on a real server but does not implement. Each answers 501 with a JSON body
 * saying so (after authentication, which a real server does first), an answer no GoCD server gives, and is recorded
 * in `unimplemented`. A path that no GoCD server knows keeps GoCD's own 404 (`The url you are trying to reach appears
 * to be incorrect.`), and so does a wrong Accept header on a route the fake implements: a test can tell "wrong
 * header" from "the fake lacks this route".
 *
 * Sources: the routes table of ../shared/reference/gocd-api.md §1 and the "HTTP Request" lines of the GoCD API seed
 * (api.go.cd), with the API version of each page's example where it gives one.
 */
import type { Router } from '../common/index.js'
import { gate, parseAccept, type ApiEnv } from './api.js'

export interface UnimplementedRoute {
  method: string
  /** Under `/go/api`. */
  path: string
  what: string
  /** The version the docs' example sends, when they give one. */
  version?: number
  /** Open routes (webhooks) need no authentication. */
  open?: boolean
}

export interface UnimplementedCall {
  method: string
  path: string
  /** The route it matched, e.g. `GET /go/api/dashboard`. */
  route: string
  what: string
  accept: string | undefined
}

const r = (method: string, path: string, what: string, version?: number, open?: boolean): UnimplementedRoute => ({ method, path, what, version, open })

export const UNIMPLEMENTED_ROUTES: UnimplementedRoute[] = [
  // Pipelines, stages and jobs (reference §1).
  r('GET', '/pipelines/:name/compare/:from/:to', 'pipeline compare', 2),
  r('POST', '/stages/:p/:pc/:s/:sc/run-failed-jobs', 'rerun failed jobs', 3),
  r('POST', '/stages/:p/:pc/:s/:sc/run-selected-jobs', 'rerun selected jobs', 3),
  r('GET', '/jobs/:p/:s/:job/history', 'job history', 1),
  r('GET', '/dashboard', 'dashboard', 4),
  r('POST', '/webhooks/:provider/notify', 'material update webhook', undefined, true),
  // Pipeline config writes (only GET is implemented).
  r('POST', '/admin/pipelines', 'create pipeline config', 11),
  r('PUT', '/admin/pipelines/:name', 'edit pipeline config', 11),
  r('DELETE', '/admin/pipelines/:name', 'delete pipeline config', 11),
  r('PUT', '/admin/pipelines/:name/extract_to_template', 'extract template', 11),
  r('GET', '/admin/export/pipelines/:name', 'export pipeline config', 4),
  // Configuration, agents and server administration (seed).
  r('GET', '/admin/pipeline_groups', 'pipeline groups', 1),
  r('POST', '/admin/pipeline_groups', 'create pipeline group', 1),
  r('GET', '/admin/pipeline_groups/:group', 'pipeline group', 1),
  r('PUT', '/admin/pipeline_groups/:group', 'edit pipeline group', 1),
  r('DELETE', '/admin/pipeline_groups/:group', 'delete pipeline group', 1),
  r('GET', '/admin/templates', 'templates', 7),
  r('POST', '/admin/templates', 'create template', 7),
  r('GET', '/admin/templates/:name', 'template'),
  r('PUT', '/admin/templates/:name', 'edit template', 7),
  r('DELETE', '/admin/templates/:name', 'delete template', 7),
  r('GET', '/admin/templates/:name/parameters', 'template parameters', 7),
  r('GET', '/admin/templates/:name/authorization', 'template authorization', 1),
  r('PUT', '/admin/templates/:name/authorization', 'edit template authorization'),
  r('GET', '/admin/environments', 'environments', 3),
  r('POST', '/admin/environments', 'create environment', 3),
  r('GET', '/admin/environments/:name', 'environment', 3),
  r('PUT', '/admin/environments/:name', 'edit environment', 3),
  r('PATCH', '/admin/environments/:name', 'patch environment', 3),
  r('DELETE', '/admin/environments/:name', 'delete environment', 3),
  r('GET', '/admin/config_repos', 'config repos'),
  r('POST', '/admin/config_repos', 'create config repo'),
  r('GET', '/admin/config_repos/:id', 'config repo'),
  r('PUT', '/admin/config_repos/:id', 'edit config repo', 4),
  r('DELETE', '/admin/config_repos/:id', 'delete config repo', 4),
  r('GET', '/admin/config_repos/:id/definitions', 'config repo definitions', 4),
  r('GET', '/admin/config_repos/:id/status', 'config repo status', 4),
  r('POST', '/admin/config_repos/:id/trigger_update', 'config repo update', 4),
  r('GET', '/admin/packages', 'packages'),
  r('POST', '/admin/packages', 'create package', 2),
  r('GET', '/admin/packages/:id', 'package'),
  r('PUT', '/admin/packages/:id', 'edit package', 2),
  r('DELETE', '/admin/packages/:id', 'delete package', 2),
  r('GET', '/admin/packages/:id/usages', 'package usages', 2),
  r('GET', '/admin/repositories', 'package repositories'),
  r('POST', '/admin/repositories', 'create package repository', 1),
  r('GET', '/admin/repositories/:id', 'package repository'),
  r('PUT', '/admin/repositories/:id', 'edit package repository', 1),
  r('DELETE', '/admin/repositories/:id', 'delete package repository', 1),
  r('GET', '/admin/scms', 'pluggable SCMs'),
  r('POST', '/admin/scms', 'create pluggable SCM'),
  r('GET', '/admin/scms/:name', 'pluggable SCM'),
  r('PUT', '/admin/scms/:name', 'edit pluggable SCM', 4),
  r('DELETE', '/admin/scms/:name', 'delete pluggable SCM'),
  r('GET', '/admin/scms/:name/usages', 'pluggable SCM usages'),
  r('GET', '/admin/artifact_stores', 'artifact stores', 1),
  r('POST', '/admin/artifact_stores', 'create artifact store', 1),
  r('GET', '/admin/artifact_stores/:id', 'artifact store', 1),
  r('PUT', '/admin/artifact_stores/:id', 'edit artifact store', 1),
  r('DELETE', '/admin/artifact_stores/:id', 'delete artifact store', 1),
  r('GET', '/admin/elastic/cluster_profiles', 'cluster profiles', 1),
  r('POST', '/admin/elastic/cluster_profiles', 'create cluster profile', 1),
  r('GET', '/admin/elastic/cluster_profiles/:id', 'cluster profile', 1),
  r('PUT', '/admin/elastic/cluster_profiles/:id', 'edit cluster profile', 1),
  r('DELETE', '/admin/elastic/cluster_profiles/:id', 'delete cluster profile', 1),
  r('GET', '/elastic/profiles', 'elastic agent profiles', 2),
  r('POST', '/elastic/profiles', 'create elastic agent profile', 2),
  r('GET', '/elastic/profiles/:id', 'elastic agent profile', 2),
  r('PUT', '/elastic/profiles/:id', 'edit elastic agent profile', 2),
  r('DELETE', '/elastic/profiles/:id', 'delete elastic agent profile', 2),
  r('GET', '/admin/secret_configs', 'secret configs', 3),
  r('POST', '/admin/secret_configs', 'create secret config', 3),
  r('GET', '/admin/secret_configs/:id', 'secret config', 3),
  r('PUT', '/admin/secret_configs/:id', 'edit secret config', 3),
  r('DELETE', '/admin/secret_configs/:id', 'delete secret config', 3),
  r('GET', '/admin/security/auth_configs', 'authorization configurations', 2),
  r('POST', '/admin/security/auth_configs', 'create authorization configuration', 2),
  r('GET', '/admin/security/auth_configs/:id', 'authorization configuration', 2),
  r('PUT', '/admin/security/auth_configs/:id', 'edit authorization configuration', 2),
  r('DELETE', '/admin/security/auth_configs/:id', 'delete authorization configuration', 2),
  r('GET', '/admin/security/roles', 'roles', 3),
  r('POST', '/admin/security/roles', 'create role', 3),
  r('PATCH', '/admin/security/roles', 'bulk update roles', 3),
  r('GET', '/admin/security/roles/:name', 'role', 3),
  r('PUT', '/admin/security/roles/:name', 'edit role', 3),
  r('DELETE', '/admin/security/roles/:name', 'delete role', 3),
  r('GET', '/admin/security/system_admins', 'system admins', 2),
  r('PUT', '/admin/security/system_admins', 'edit system admins', 2),
  r('PATCH', '/admin/security/system_admins', 'bulk update system admins', 2),
  r('GET', '/admin/plugin_settings/:id', 'plugin settings'),
  r('POST', '/admin/plugin_settings', 'create plugin settings', 1),
  r('PUT', '/admin/plugin_settings/:id', 'edit plugin settings', 1),
  r('GET', '/admin/config.xml', 'configuration XML'),
  r('GET', '/admin/config/server/artifact_config', 'artifact configuration', 1),
  r('PUT', '/admin/config/server/artifact_config', 'edit artifact configuration', 1),
  r('GET', '/admin/config/server/default_job_timeout', 'default job timeout', 1),
  r('POST', '/admin/config/server/default_job_timeout', 'edit default job timeout', 1),
  r('GET', '/admin/config/server/site_urls', 'site URLs', 1),
  r('POST', '/admin/config/server/site_urls', 'edit site URLs', 1),
  r('GET', '/config/backup', 'backup configuration', 1),
  r('POST', '/config/backup', 'edit backup configuration', 1),
  r('DELETE', '/config/backup', 'delete backup configuration', 1),
  r('POST', '/backups', 'schedule backup', 2),
  r('GET', '/config/mailserver', 'mail server configuration', 1),
  r('POST', '/config/mailserver', 'edit mail server configuration', 1),
  r('DELETE', '/config/mailserver', 'delete mail server configuration', 1),
  r('GET', '/agents', 'agents', 7),
  r('PATCH', '/agents', 'bulk update agents', 7),
  r('DELETE', '/agents', 'bulk delete agents', 7),
  r('GET', '/agents/:uuid', 'agent', 7),
  r('PATCH', '/agents/:uuid', 'update agent', 7),
  r('DELETE', '/agents/:uuid', 'delete agent', 7),
  r('GET', '/agents/:uuid/job_run_history', 'agent job run history', 1),
  r('POST', '/agents/:uuid/kill_running_tasks', 'kill running tasks', 7),
  r('GET', '/materials/:fingerprint/modifications', 'material modifications', 2),
  r('GET', '/auth/permissions', 'permissions', 1),
  r('PATCH', '/current_user', 'update current user', 1),
  r('GET', '/notification_filters', 'notification filters', 2),
  r('POST', '/notification_filters', 'create notification filter', 2),
  r('GET', '/notification_filters/:id', 'notification filter', 2),
  r('PATCH', '/notification_filters/:id', 'edit notification filter', 2),
  r('DELETE', '/notification_filters/:id', 'delete notification filter', 2)
]

/** Registers the 501 answers; call after the implemented routes, so that those win. */
export function registerUnimplementedRoutes(env: ApiEnv, router: Router, calls: UnimplementedCall[]): void {
  for (const route of UNIMPLEMENTED_ROUTES) {
    const full = `/go/api${route.path}`
    router.add(route.method, full, (req) => {
      const gated = gate(env, req, !route.open)
      if ('response' in gated) return gated.response
      const accept = typeof req.headers.accept === 'string' ? req.headers.accept : undefined
      calls.push({ method: req.method, path: req.path, route: `${route.method} ${full}`, what: route.what, accept })
      const version = route.version ? `, Accept application/vnd.go.cd.v${route.version}+json` : ''
      const sent = parseAccept(accept) === undefined ? ` (the request's Accept header would not have matched on a real server either: ${accept ?? 'none'})` : ''
      return {
        status: 501,
        headers: { 'X-GoCD-Fake': 'unimplemented' },
        body: {
          message: `The GoCD fake does not implement ${route.method} ${full} (${route.what}${version}); a real GoCD server has this route${sent}. See sandbox/gocd/README.md.`
        }
      }
    })
  }
}
