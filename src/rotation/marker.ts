/**
 * The label put on credentials this action creates: a stable marker naming the target secret (its name and the
 * first target), followed by the creation time. Later runs find the credentials they manage by this marker, so
 * no state has to be stored anywhere.
 */
import { targetLabel, type SecretTarget } from '../github/targets.js'

export function rotationMarker(secretName: string, anchor: SecretTarget): string {
  return `rotate-secret:${secretName.toUpperCase()}@${targetLabel(anchor)}`
}

/** The full label of a new credential. */
export function credentialLabel(marker: string, createdAt: string): string {
  return `${marker} ${createdAt}`
}

/** True when `label` was written by this action for this marker (case-insensitive, as secret names are). */
export function isManagedBy(label: string | undefined, marker: string): boolean {
  if (!label) return false
  const l = label.toLowerCase()
  const m = marker.toLowerCase()
  return l === m || l.startsWith(`${m} `)
}
