/**
 * Step-boundary failures: the n-th and every later request matching method + path gets `fault`, so a rotation can
 * be stopped exactly at one step (the second `GET /api/users/me` is the new key's verification, the first is the
 * connection's). Wraps the server's fault picker from the test side; `restore` puts it back.
 */
import type { Fault, FakeServer } from '../../../../sandbox/common/index.js'

export function failFromNth(server: FakeServer, method: string, path: RegExp, n: number, fault: Fault): { restore(): void; hits(): number } {
  const injector = server.faults
  const original = injector.pick.bind(injector)
  let seen = 0
  let hits = 0
  injector.pick = (m: string, p: string) => {
    if (m.toUpperCase() === method && path.test(p) && ++seen >= n) {
      hits++
      return fault
    }
    return original(m, p)
  }
  return {
    restore: () => {
      injector.pick = original
    },
    hits: () => hits
  }
}
