/** What every route of the Octopus fake shares: the store, the task engine, the clock, options and instrumentation. */
import type { Clock, FakeRequest, Ledger } from '../common/index.js'
import type { BuildInformationKnobs } from './build-information.js'
import type { Space, User } from './model.js'
import type { OctopusStore } from './store.js'
import type { TaskEngine } from './tasks.js'

export interface RequestScope {
  /** The space a space-scoped route resolved to (`/api/{spaceId}/…`, `/api/spaces/{ident}/…` or the default space). */
  space: Space
  /** The route named the space (`/api/{spaceId}/…`), rather than falling back to the default space. */
  explicit: boolean
  /** The authenticated user (undefined on anonymous routes). */
  user?: User
}

export interface OctopusContext {
  store: OctopusStore
  engine: TaskEngine
  clock: Clock
  ledger: Ledger
  version: string
  /** 2022.3.5512 or later (or 0.0.0): the executions API exists. */
  modern: boolean
  installationId: string
  /** Knobs routes read at request time (the issue tracker that turns commit messages into work items). */
  knobs: BuildInformationKnobs
  /** Base URL of the server (scheme, host, port and virtual directory), set once listening. */
  baseUrl: () => string
}

const scopes = new WeakMap<FakeRequest, RequestScope>()

export function setScope(req: FakeRequest, scope: RequestScope): void {
  scopes.set(req, scope)
}

export function scopeOf(req: FakeRequest): RequestScope {
  const s = scopes.get(req)
  if (!s) throw new Error('request has no scope')
  return s
}
