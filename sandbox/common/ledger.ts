/**
 * Counts what a fake server created (releases, deployments, pipeline runs, packages, secret writes...) so tests can
 * assert that an operation happened exactly once, whatever faults and retries happened on the way.
 */
export interface LedgerEntry {
  kind: string
  id: string
  at: number
  detail?: unknown
}

export class Ledger {
  readonly entries: LedgerEntry[] = []

  record(kind: string, id: string, detail?: unknown): void {
    this.entries.push({ kind, id, at: Date.now(), detail })
  }

  count(kind: string): number {
    return this.entries.filter((e) => e.kind === kind).length
  }

  of(kind: string): LedgerEntry[] {
    return this.entries.filter((e) => e.kind === kind)
  }

  /** Ids recorded more than once for a kind (should be empty: each id is one creation). */
  duplicates(kind: string): string[] {
    const seen = new Map<string, number>()
    for (const e of this.of(kind)) seen.set(e.id, (seen.get(e.id) ?? 0) + 1)
    return [...seen].filter(([, n]) => n > 1).map(([id]) => id)
  }

  clear(): void {
    this.entries.length = 0
  }
}
