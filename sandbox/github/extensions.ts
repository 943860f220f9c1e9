/**
 * Feature modules that add routes to the fake (runtime services, runs/artifacts, variables...) register here, so
 * index.ts stays small and each concern lives in its own file.
 */
import type { Clock, FakeServer, Router } from '../common/index.js'
import type { RestHandler } from './rest.js'
import type { JobRegistry } from './runtime/jobs.js'
import type { OidcIssuer } from './runtime/oidc.js'
import type { GitHubStore } from './store.js'

export interface Extension {
  /** Top-level router (non-REST paths: Twirp, blob storage). Routes added here win over REST. */
  router: Router
  /** REST handlers by OpenAPI operationId. */
  handlers: Map<string, RestHandler>
  store: GitHubStore
  jobs: JobRegistry
  oidc: OidcIssuer
  clock: Clock
  serverUrl: () => string
  url: () => string
  server: () => FakeServer
}

export const extraRegistrations: ((ext: Extension) => void)[] = []
