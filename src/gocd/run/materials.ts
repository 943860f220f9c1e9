/**
 * Resolves the `materials` input (`<material name, URL or fingerprint>=<revision>`) to the fingerprints GoCD's
 * schedule API needs, using the pipeline's trigger options. Matching is exact on the fingerprint, then
 * case-insensitive on the material name, then on the URL with `.git`, trailing slashes and credentials ignored.
 */
import { ActionError } from '../../core/errors.js'
import type { TriggerOptions } from '../types.js'

export interface PinnedMaterial {
  /** What the user wrote. */
  given: string
  fingerprint: string
  name: string
  type: string
  revision: string
}

type OptionMaterial = TriggerOptions['materials'][number]

export function normaliseMaterialUrl(value: string): string {
  let v = value.trim().toLowerCase()
  try {
    const u = new URL(v)
    u.username = ''
    u.password = ''
    v = `${u.protocol}//${u.host}${u.pathname}`
  } catch {
    // scp-like git URLs (git@host:org/repo.git) and plain names are compared as text
  }
  return v.replace(/\/+$/, '').replace(/\.git$/, '').replace(/\/+$/, '')
}

function describe(m: OptionMaterial): string {
  return `${m.name} (${m.type}, fingerprint ${m.fingerprint.slice(0, 12)}…)`
}

function candidates(given: string, materials: OptionMaterial[]): OptionMaterial[] {
  const byFingerprint = materials.filter((m) => m.fingerprint === given)
  if (byFingerprint.length) return byFingerprint
  if (/^[0-9a-f]{12,}$/i.test(given)) {
    const byPrefix = materials.filter((m) => m.fingerprint.toLowerCase().startsWith(given.toLowerCase()))
    if (byPrefix.length) return byPrefix
  }
  const byName = materials.filter((m) => m.name.toLowerCase() === given.toLowerCase())
  if (byName.length) return byName
  const url = normaliseMaterialUrl(given)
  return materials.filter((m) => normaliseMaterialUrl(m.name) === url)
}

export function resolveMaterials(pipeline: string, pins: [string, string][], options: TriggerOptions): PinnedMaterial[] {
  const problems: string[] = []
  const resolved: PinnedMaterial[] = []
  const available = options.materials.map(describe).join('; ') || 'none'
  for (const [given, revision] of pins) {
    const found = candidates(given, options.materials)
    if (found.length === 0) problems.push(`'${given}' is not a material of pipeline ${pipeline}`)
    else if (found.length > 1) problems.push(`'${given}' matches ${found.length} materials (${found.map(describe).join('; ')}): use the fingerprint`)
    else if (resolved.some((r) => r.fingerprint === found[0].fingerprint)) problems.push(`'${given}' pins material ${found[0].name} a second time`)
    else resolved.push({ given, fingerprint: found[0].fingerprint, name: found[0].name, type: found[0].type, revision })
  }
  if (problems.length)
    throw new ActionError(
      `input 'materials' could not be resolved: ${problems.join('; ')}.\nMaterials of ${pipeline} (from GoCD's trigger options): ${available}. Name a material by its name, URL or fingerprint.`
    )
  return resolved
}
