/**
 * Package selections for a release, in the forms Octopus's own tools accept:
 *
 * - `StepName:Version` or `PackageId:Version` (two parts; the server decides which it names);
 * - `StepName:PackageReferenceName:Version` (three parts, for steps with several packages);
 * - `*` in place of a step, package or reference name matches all of them (`*:1.2.3`, `Deploy:*:1.2.3`).
 *
 * Parsing only checks the shape; the executions API resolves names on the server. For the legacy flow
 * `selectPackageVersions` applies the same rules on the client: the most specific selection wins (step +
 * reference > step > package id > wildcard), then `package_version`, then the feed's latest version.
 */

export type PackageSpec =
  | { raw: string; kind: 'two'; key: string; version: string }
  | { raw: string; kind: 'three'; step: string; ref: string; version: string }

/** Parses one selection; throws an Error describing the expected forms. */
export function parsePackageSpec(raw: string): PackageSpec {
  const entry = raw.trim()
  const parts = entry.split(':').map((p) => p.trim())
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !p))
    throw new Error(`"${entry}" is not a package selection: use StepName:Version, PackageId:Version or StepName:PackageReferenceName:Version ('*' matches any)`)
  const version = parts[parts.length - 1]
  if (/\s/.test(version)) throw new Error(`"${entry}" has a version with spaces ("${version}")`)
  return parts.length === 2 ? { raw: entry, kind: 'two', key: parts[0], version } : { raw: entry, kind: 'three', step: parts[0], ref: parts[1], version }
}

/**
 * Splits the `packages` input into selections: one per line; a line may hold several comma-separated selections
 * when every piece is itself a selection (so a step name containing a comma still works on its own line).
 */
export function splitPackageLines(text: string): string[] {
  const out: string[] = []
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim()
    if (!t || t.startsWith('#')) continue
    const pieces = t.split(',').map((p) => p.trim()).filter(Boolean)
    if (pieces.length > 1 && pieces.every((p) => p.includes(':'))) out.push(...pieces)
    else out.push(t)
  }
  return out
}

/** A package slot of a deployment process, as the release template lists it. */
export interface PackageSlot {
  ActionName: string
  PackageReferenceName?: string | null
  PackageId: string
  FeedId?: string
}

const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()

/** How specifically a selection names a slot (higher wins), or -1 when it does not match. */
export function specificity(spec: PackageSpec, slot: PackageSlot): number {
  const ref = slot.PackageReferenceName ?? ''
  if (spec.kind === 'three') {
    const stepOk = spec.step === '*' || eq(spec.step, slot.ActionName)
    const refOk = spec.ref === '*' || eq(spec.ref, ref) || (ref === '' && eq(spec.ref, slot.PackageId))
    if (!stepOk || !refOk) return -1
    return (spec.step === '*' ? 0 : 2) + (spec.ref === '*' ? 0 : 2)
  }
  if (spec.key === '*') return 0
  if (eq(spec.key, slot.ActionName)) return 3
  if (eq(spec.key, slot.PackageId)) return 1
  return -1
}

export interface SlotChoice {
  slot: PackageSlot
  /** The version chosen by a selection or `package_version`; undefined = take the latest from the feed. */
  version?: string
  /** The selection that chose it ('package_version' for the default version). */
  source?: string
}

/**
 * Chooses a version per slot from the selections and the default version. Throws an Error naming every selection
 * that matches no step or package, with the steps and packages that exist.
 */
export function selectPackageVersions(slots: PackageSlot[], specs: PackageSpec[], packageVersion?: string): SlotChoice[] {
  const unmatched = specs.filter((s) => !(s.kind === 'two' && s.key === '*') && !slots.some((slot) => specificity(s, slot) >= 0))
  if (unmatched.length) {
    const known = slots.map((s) => `${s.ActionName}${s.PackageReferenceName ? `:${s.PackageReferenceName}` : ''} (package ${s.PackageId})`)
    throw new Error(
      `${unmatched.map((s) => `"${s.raw}"`).join(', ')} ${unmatched.length > 1 ? 'match' : 'matches'} no step or package of the project. ${known.length ? `Its packages: ${known.join(', ')}.` : 'The project has no package steps.'}`
    )
  }
  return slots.map((slot) => {
    let best: { spec: PackageSpec; rank: number } | undefined
    for (const spec of specs) {
      const rank = specificity(spec, slot)
      if (rank >= 0 && (!best || rank >= best.rank)) best = { spec, rank }
    }
    if (best) return { slot, version: best.spec.version, source: best.spec.raw }
    if (packageVersion) return { slot, version: packageVersion, source: 'package_version' }
    return { slot }
  })
}
