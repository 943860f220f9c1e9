/** A minimal method + path-pattern router for the fake servers (`/api/:spaceId/releases/:id`, trailing `*rest`). */
import type { FakeRequest, FakeResponse } from './types.js'

export type Params = Record<string, string>
export type Handler = (req: FakeRequest, params: Params) => FakeResponse | Promise<FakeResponse>

interface Route {
  method: string
  pattern: string
  regex: RegExp
  names: string[]
  handler: Handler
}

function compile(pattern: string): { regex: RegExp; names: string[] } {
  const names: string[] = []
  const source = pattern
    .split('/')
    .map((segment) => {
      if (segment.startsWith(':')) {
        names.push(segment.slice(1))
        return '([^/]+)'
      }
      if (segment.startsWith('*')) {
        names.push(segment.slice(1))
        return '(.*)'
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    })
    .join('/')
  return { regex: new RegExp(`^${source}/?$`, 'i'), names }
}

export class Router {
  private readonly routes: Route[] = []

  add(method: string, pattern: string, handler: Handler): this {
    const { regex, names } = compile(pattern)
    this.routes.push({ method: method.toUpperCase(), pattern, regex, names, handler })
    return this
  }

  get(pattern: string, handler: Handler): this {
    return this.add('GET', pattern, handler)
  }
  post(pattern: string, handler: Handler): this {
    return this.add('POST', pattern, handler)
  }
  put(pattern: string, handler: Handler): this {
    return this.add('PUT', pattern, handler)
  }
  patch(pattern: string, handler: Handler): this {
    return this.add('PATCH', pattern, handler)
  }
  delete(pattern: string, handler: Handler): this {
    return this.add('DELETE', pattern, handler)
  }

  /**
   * Finds the route for a request. `allowed` lists the methods that exist for the path when none matches the
   * method, so a server can answer 405 the way the real one does.
   */
  match(method: string, path: string): { handler: Handler; params: Params; pattern: string } | { allowed: string[] } {
    const allowed: string[] = []
    for (const route of this.routes) {
      const m = route.regex.exec(path)
      if (!m) continue
      if (route.method !== method.toUpperCase()) {
        allowed.push(route.method)
        continue
      }
      const params: Params = {}
      route.names.forEach((name, i) => {
        params[name] = decodeURIComponent(m[i + 1] ?? '')
      })
      return { handler: route.handler, params, pattern: route.pattern }
    }
    return { allowed }
  }
}
