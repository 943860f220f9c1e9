/**
 * Which run did our schedule request create? GoCD's 202 carries no counter, so the run is recognised by: a counter
 * above the newest one before scheduling, `trigger_forced`, `approver` = our login, and the pinned revisions.
 * GoCD refuses a second manual trigger while one is pending, so another forced run by the same login can only slip
 * in before ours; the lowest matching counter is ours, and more than one match is reported.
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
