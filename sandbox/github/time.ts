/** GitHub's REST timestamps: ISO 8601 in UTC with whole seconds (`2011-01-26T19:01:12Z`), never milliseconds. */
export function ghTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
}

/** The same for a timestamp given as text (a client's `expires_at`). */
export const ghTimeOf = (iso: string): string => ghTime(Date.parse(iso))
