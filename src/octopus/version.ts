/**
 * Octopus server versions (`2022.1.2386`, `2025.4.10384`, `0.0.0` for a local build) and the features they gate.
 * Versions are compared numerically part by part; a pre-release suffix sorts before its release.
 */

/** The first version with the executions API (`releases/create/v1`, `deployments/create/*\/v1`). */
export const EXECUTIONS_API_MIN_VERSION = '2022.3.5512'

export function parseVersion(version: string): { parts: number[]; prerelease: string } {
  const [core, ...rest] = version.trim().split(/[-+]/)
  const parts = core.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : NaN))
  if (!parts.length || parts.some((p) => Number.isNaN(p))) throw new Error(`'${version}' is not a server version`)
  return { parts, prerelease: version.includes('-') ? rest.join('-') : '' }
}

/** Negative when a < b, 0 when equal, positive when a > b. */
export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a)
  const y = parseVersion(b)
  for (let i = 0; i < Math.max(x.parts.length, y.parts.length); i++) {
    const d = (x.parts[i] ?? 0) - (y.parts[i] ?? 0)
    if (d) return d
  }
  if (x.prerelease && !y.prerelease) return -1
  if (!x.prerelease && y.prerelease) return 1
  return x.prerelease.localeCompare(y.prerelease)
}

/** True for 2022.3.5512 and later, and for `0.0.0` (a locally built server). Unparseable versions count as current. */
export function hasExecutionsApi(version: string): boolean {
  try {
    if (/^0\.0\.0(\D|$)/.test(version.trim())) return true
    return compareVersions(version, EXECUTIONS_API_MIN_VERSION) >= 0
  } catch {
    return true
  }
}
