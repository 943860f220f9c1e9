/**
 * A clock the tests control. Fakes read `now()` to decide how far a task or a run has progressed, so a test can
 * jump forward (`advance`) instead of sleeping, or run in real time scaled by `speed` (the sandbox CLI does this).
 */
export class Clock {
  private offset = 0
  constructor(private readonly speed = 1) {}
  private readonly start = Date.now()

  now(): number {
    return this.start + (Date.now() - this.start) * this.speed + this.offset
  }

  advance(ms: number): void {
    this.offset += ms
  }

  iso(): string {
    return new Date(this.now()).toISOString()
  }
}
