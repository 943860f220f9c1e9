/**
 * Per-route fault injection for the fake servers.
 *
 * A rule matches a method and a path pattern and fires either for the next `times` matching requests or with a
 * `probability` drawn from a seeded generator (repeatable runs). Kinds:
 * - `latency`: wait `ms` before handling (the request is still handled);
 * - `status`: answer `status` (500/502/503/429...) without handling, with optional headers such as `Retry-After`;
 * - `reset`: destroy the connection before handling;
 * - `lost-response`: handle the request (the server acts: a release is created, a run scheduled) and then destroy
 *   the connection, so the client never sees the answer.
 */
export type Fault =
  | { kind: 'latency'; ms: number }
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: unknown }
  | { kind: 'reset' }
  | { kind: 'lost-response' }

export interface FaultRule {
  method?: string
  path: RegExp | string
  fault: Fault
  /** Fire for the next N matching requests, then retire. */
  times?: number
  /** Fire with this probability (0..1) on every matching request. */
  probability?: number
}

/** mulberry32: a small seeded PRNG, so chaos runs can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export class FaultInjector {
  private rules: (FaultRule & { remaining?: number })[] = []
  private random: () => number
  /** Faults fired so far, by kind (for chaos reports). */
  readonly fired: { method: string; path: string; kind: Fault['kind'] }[] = []

  constructor(seed = 42) {
    this.random = seededRandom(seed)
  }

  seed(seed: number): void {
    this.random = seededRandom(seed)
  }

  add(rule: FaultRule): this {
    this.rules.push({ ...rule, remaining: rule.times })
    return this
  }

  /** Shorthand: the next `times` requests matching method+path get `fault`. */
  next(method: string, path: RegExp | string, fault: Fault, times = 1): this {
    return this.add({ method, path, fault, times })
  }

  clear(): void {
    this.rules = []
  }

  /** Picks the fault for a request, if any rule fires. */
  pick(method: string, path: string): Fault | undefined {
    for (const rule of this.rules) {
      if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue
      if (typeof rule.path === 'string' ? rule.path !== path : !rule.path.test(path)) continue
      if (rule.remaining !== undefined) {
        if (rule.remaining <= 0) continue
        rule.remaining--
      } else if (rule.probability !== undefined && this.random() >= rule.probability) {
        continue
      }
      this.fired.push({ method, path, kind: rule.fault.kind })
      return rule.fault
    }
    return undefined
  }
}
