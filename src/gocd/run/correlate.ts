/**
 * Which run did our schedule request create? GoCD's 202 carries no counter, so the run is recognised by: a counter
 * above the newest one before scheduling, `trigger_forced`, `approver` = our login, and the pinned revisions.
 *
 * Another forced run by the same login (a second workflow with the same credentials) can still appear next to ours:
 * - After ours: GoCD refuses every manual trigger while ours is pending (`Pipeline already triggered`), so such a run
 *   has a higher counter, and the lowest matching counter is ours.
 * - Before ours, between the baseline read and our POST: GoCD accepts our trigger only once that run's first stage
 *   has finished (`Stage [...] is still in progress` otherwise), which takes at least seconds. So it was created
 *   before the second in which GoCD accepted ours, which the 202's `Date` header gives (on GoCD's clock, like the
 *   runs' `scheduled_date`), while our run is created after it. Runs already in the first history read after the 202
 *   that are older than that second are therefore not ours (`createdBeforeAcceptance`). Only that first read is
 *   judged so: a run appearing later was created after the 202, even if a proxy's clock skews `Date`.
 */
import type { PipelineInstance } from '../types.js'

export interface RunCriteria {
  baseline: number
  login: string
  pins: { fingerprint: string; revision: string }[]
}

/** A pinned revision matches a full revision, or a prefix of a git/hg SHA (at least 7 hex digits). */
export function revisionMatches(pinned: string, actual: string): boolean {
  if (pinned === actual) return true
  return /^[0-9a-f]{7,}$/i.test(pinned) && actual.toLowerCase().startsWith(pinned.toLowerCase())
}

/** Why a run is not ours (undefined when it is). */
export function mismatch(run: PipelineInstance, c: RunCriteria): string | undefined {
  if (run.counter <= c.baseline) return `counter ${run.counter} is not above ${c.baseline}`
  const cause = run.build_cause
  if (!cause.trigger_forced) return `it was triggered by a material change (${cause.trigger_message})`
  if (cause.approver.toLowerCase() !== c.login.toLowerCase()) return `it was triggered by ${cause.approver}, not ${c.login}`
  for (const pin of c.pins) {
    const material = cause.material_revisions.find((m) => m.material.fingerprint === pin.fingerprint)
    if (!material?.modifications.some((m) => revisionMatches(pin.revision, m.revision)))
      return `it does not build revision ${pin.revision} of ${material?.material.name ?? pin.fingerprint}`
  }
  return undefined
}

export function findOurRuns(runs: PipelineInstance[], c: RunCriteria): PipelineInstance[] {
  return runs.filter((r) => mismatch(r, c) === undefined).sort((a, b) => a.counter - b.counter)
}

/**
 * Matching runs GoCD created before the second in which it accepted our trigger (`acceptedAt`, from the 202's `Date`
 * header, whole seconds). Apply to the first history read after the 202 only (see above).
 */
export function createdBeforeAcceptance(runs: PipelineInstance[], c: RunCriteria, acceptedAt: number | undefined): PipelineInstance[] {
  if (acceptedAt === undefined) return []
  return runs.filter((r) => r.scheduled_date !== undefined && r.scheduled_date < acceptedAt && mismatch(r, c) === undefined)
}
