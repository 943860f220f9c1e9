/**
 * Server tasks and interruptions: `GET …/tasks/{id}`, `GET …/tasks?ids=a,b&skip=&take=` (with the list filters),
 * `…/details?verbose=&tail=`, `…/raw`, `POST …/cancel`; `GET …/interruptions?regarding=&pendingOnly=`,
 * `PUT …/interruptions/{id}/responsible`, `POST …/interruptions/{id}/submit` (`{Result, Notes}`).
 */
import type { FakeRequest } from '../common/index.js'
import { CiBody } from './body.js'
import { intParam, listParam, paged } from './collection.js'
import type { OctopusContext, RequestScope } from './context.js'
import { invalid, notFound } from './errors.js'
import type { OctoRoutes } from './routes.js'
import { interruptionResource, rawLog, taskDetails, taskResource } from './task-resources.js'
import { isCompleted, type ServerTask } from './tasks.js'

const TASKS_TEMPLATE = (s: string) =>
  `/api/${s}/tasks{/id}{?skip,active,environment,tenant,runbook,project,name,node,running,states,hasPendingInterruptions,hasWarningsOrErrors,take,ids,partialName,spaces,includeSystem,description,fromCompletedDate,toCompletedDate,fromQueueDate,toQueueDate,fromStartDate,toStartDate}`

export function registerTaskRoutes(routes: OctoRoutes, ctx: OctopusContext): void {
  const { engine, clock } = ctx
  /** The default-space form (`/api/tasks/{id}`) finds tasks in any space, as the global route does. */
  const findTask = (id: string, scope: RequestScope): ServerTask => {
    const task = engine.get(id)
    if (!task || (scope.explicit && task.SpaceId !== scope.space.Id)) throw notFound(id)
    return task
  }

  routes.spaced('GET', '/tasks', (req: FakeRequest, _p, scope) => {
    const now = clock.now()
    const ids = new Set(listParam(req, 'ids').map((x) => x.toLowerCase()))
    const states = new Set(listParam(req, 'states').map((x) => x.toLowerCase()))
    const bool = (name: string) => (req.query.has(name) ? req.query.get(name)!.toLowerCase() === 'true' : undefined)
    const [active, running, pendingInt, warnings] = [bool('active'), bool('running'), bool('hasPendingInterruptions'), bool('hasWarningsOrErrors')]
    const project = req.query.get('project')
    const environment = req.query.get('environment')
    const tenant = req.query.get('tenant')
    const runbook = req.query.get('runbook')
    const items = engine
      .all()
      .filter((t) => !scope.explicit || t.SpaceId === scope.space.Id)
      .filter((t) => !ids.size || ids.has(t.Id.toLowerCase()))
      .filter((t) => !states.size || states.has(t.State.toLowerCase()))
      .filter((t) => active === undefined || active === !isCompleted(t.State))
      .filter((t) => running === undefined || running === (t.State === 'Executing' || t.State === 'Cancelling'))
      .filter((t) => pendingInt === undefined || pendingInt === engine.pendingInterruptions(t).length > 0)
      .filter((t) => warnings === undefined || warnings === t.HasWarningsOrErrors)
      .filter((t) => !project || t.ProjectId === project)
      .filter((t) => !environment || t.EnvironmentId === environment)
      .filter((t) => !tenant || t.TenantId === tenant)
      .filter((t) => !runbook || t.RunbookId === runbook)
      .sort((a, b) => b.queuedAt - a.queuedAt || Number(b.Id.split('-')[1]) - Number(a.Id.split('-')[1]))
      .map((t) => taskResource(engine, t, now))
    const base = `/api/${scope.space.Id}/tasks`
    return { status: 200, body: paged(req, 'ServerTask', items, base, TASKS_TEMPLATE(scope.space.Id)) }
  })
  routes.spaced('GET', '/tasks/:id', (_req, p, scope) => ({ status: 200, body: taskResource(engine, findTask(p.id, scope), clock.now()) }))
  routes.spaced('GET', '/tasks/:id/details', (req, p, scope) => {
    const task = findTask(p.id, scope)
    const tail = req.query.has('tail') ? intParam(req, 'tail', 0) : undefined
    const verbose = req.query.get('verbose')?.toLowerCase() === 'true'
    return { status: 200, body: taskDetails(engine, task, clock.now(), { verbose, tail }) }
  })
  routes.spaced('GET', '/tasks/:id/raw', (_req, p, scope) => ({
    status: 200,
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    body: rawLog(findTask(p.id, scope))
  }))
  routes.spaced('POST', '/tasks/:id/cancel', (_req, p, scope) => {
    const task = findTask(p.id, scope)
    engine.cancel(task.Id)
    return { status: 200, body: taskResource(engine, task, clock.now()) }
  })

  const findInterruption = (id: string, scope: RequestScope) => {
    const i = [...engine.interruptions.values()].find((x) => x.Id.toLowerCase() === id.toLowerCase())
    if (!i || (scope.explicit && i.SpaceId !== scope.space.Id)) throw notFound(id)
    const task = engine.get(i.TaskId)
    if (task) engine.tick(task)
    return i
  }
  routes.spaced('GET', '/interruptions', (req, _p, scope) => {
    engine.all()
    const regarding = req.query.get('regarding')
    const pendingOnly = req.query.get('pendingOnly')?.toLowerCase() === 'true'
    const ids = new Set(listParam(req, 'ids').map((x) => x.toLowerCase()))
    const items = [...engine.interruptions.values()]
      .filter((i) => !scope.explicit || i.SpaceId === scope.space.Id)
      .filter((i) => !regarding || i.RelatedDocumentIds.some((d) => d.toLowerCase() === regarding.toLowerCase()))
      .filter((i) => !pendingOnly || i.IsPending)
      .filter((i) => !ids.size || ids.has(i.Id.toLowerCase()))
      .reverse()
      .map((i) => interruptionResource(i, scope.user?.Id))
    const s = scope.space.Id
    return { status: 200, body: paged(req, 'Interruption', items, `/api/${s}/interruptions`, `/api/${s}/interruptions{/id}{?skip,take,regarding,pendingOnly,ids}`) }
  })
  routes.spaced('GET', '/interruptions/:id', (_req, p, scope) => ({ status: 200, body: interruptionResource(findInterruption(p.id, scope), scope.user?.Id) }))
  routes.spaced('GET', '/interruptions/:id/responsible', (_req, p, scope) => {
    const i = findInterruption(p.id, scope)
    const user = i.ResponsibleUserId ? ctx.store.user(i.ResponsibleUserId) : undefined
    return { status: 200, body: user ? { Id: user.Id, Username: user.Username, DisplayName: user.DisplayName } : null }
  })
  routes.spaced('PUT', '/interruptions/:id/responsible', (_req, p, scope) => {
    const i = findInterruption(p.id, scope)
    if (!i.IsPending) throw invalid('This interruption is no longer pending.')
    i.ResponsibleUserId = scope.user!.Id
    return { status: 200, body: interruptionResource(i, scope.user?.Id) }
  })
  routes.spaced('POST', '/interruptions/:id/submit', async (req, p, scope) => {
    const i = findInterruption(p.id, scope)
    const body = await CiBody.read(req)
    if (!i.IsPending) throw invalid('This interruption is no longer pending.')
    if (i.ResponsibleUserId !== scope.user!.Id) throw invalid('You must take responsibility for this interruption before you can submit it.')
    const allowed = i.Type === 'ManualIntervention' ? ['Proceed', 'Abort'] : ['Retry', 'Ignore', 'Fail']
    const result = body.text('Result')
    const match = allowed.find((a) => result && a.toLowerCase() === result.toLowerCase())
    if (!match) throw invalid(`The Result must be one of: ${allowed.join(', ')}.`)
    engine.respond(i, match, body.text('Notes'))
    return { status: 200, body: interruptionResource(i, scope.user?.Id) }
  })
}
