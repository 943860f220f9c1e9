/**
 * The one place credentials are registered. Every value added here is masked in the runner log at once (through
 * the `mask` callback, `core.setSecret` in the actions) together with the forms it may take on the wire or in
 * output: base64 (Basic auth), URL-encoded, JSON-escaped. `redact()` is the second line of defence for every
 * message, error and summary the suite writes.
 */
export type MaskFunction = (value: string) => void

const MIN_LENGTH = 4

export class SecretRegistry {
  private readonly values = new Set<string>()
  constructor(private readonly mask: MaskFunction = () => undefined) {}

  /** Registers a credential and its derived forms. Empty and very short values are ignored (masking them would garble logs). */
  add(value: string | undefined | null): void {
    if (!value || value.trim().length < MIN_LENGTH) return
    const trimmed = value.trim()
    for (const v of derivedForms(value).concat(trimmed === value ? [] : derivedForms(trimmed))) {
      if (v.length < MIN_LENGTH || this.values.has(v)) continue
      this.values.add(v)
      this.mask(v)
    }
  }

  /** Registers a `user:password` pair: the password, and the Basic auth token built from both. */
  addBasicAuth(username: string, password: string): string {
    this.add(password)
    const token = Buffer.from(`${username}:${password}`, 'utf8').toString('base64')
    this.add(token)
    return token
  }

  has(value: string): boolean {
    return this.values.has(value)
  }

  /** All registered forms, longest first (so a longer secret is replaced before its substrings). */
  all(): string[] {
    return [...this.values].sort((a, b) => b.length - a.length)
  }

  redact(text: string): string {
    let out = text
    for (const v of this.all()) if (out.includes(v)) out = out.split(v).join('***')
    return out
  }
}

export function derivedForms(value: string): string[] {
  const forms = new Set<string>([value])
  forms.add(Buffer.from(value, 'utf8').toString('base64'))
  forms.add(Buffer.from(value, 'utf8').toString('base64url'))
  forms.add(encodeURIComponent(value))
  const json = JSON.stringify(value).slice(1, -1)
  forms.add(json)
  // Multi-line secrets: GitHub masks line by line, so register each substantial line too.
  if (value.includes('\n')) for (const line of value.split(/\r?\n/)) if (line.trim().length >= 8) forms.add(line.trim())
  return [...forms]
}
