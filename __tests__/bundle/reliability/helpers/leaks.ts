/**
 * Leak scanning: every place a user can see after a run (job log without the mask commands, stderr, outputs,
 * GITHUB_ENV, job summary) searched for each secret in plain, base64 and URL-encoded form.
 */
import type { BundleResult } from './bundle-run.js'
import { visibleLog } from './bundle-run.js'

export interface RunnerView {
  outputs(): Record<string, string>
  summary(): string
  envFile(): string
}

/** The forms a secret can leak in: plain, base64 (and base64url), URL-encoded. */
export function leakForms(secret: string): { form: string; text: string }[] {
  const b64 = Buffer.from(secret).toString('base64')
  const forms = [
    { form: 'plain', text: secret },
    { form: 'base64', text: b64 },
    { form: 'base64 (unpadded)', text: b64.replace(/=+$/, '') },
    { form: 'url-encoded', text: encodeURIComponent(secret) }
  ]
  return forms.filter((f, i) => f.text.length >= 6 && forms.findIndex((g) => g.text === f.text) === i)
}

export interface Leak {
  secret: string
  form: string
  where: string
}

/** Searches every visible surface of a bundle run; returns what leaked (empty = nothing). */
export function scanRun(res: BundleResult, runner: RunnerView, secrets: string[]): Leak[] {
  const surfaces: Record<string, string> = {
    log: visibleLog(res),
    outputs: JSON.stringify(runner.outputs()),
    'GITHUB_ENV': runner.envFile(),
    summary: runner.summary()
  }
  return scanSurfaces(surfaces, secrets)
}

export function scanSurfaces(surfaces: Record<string, string>, secrets: string[]): Leak[] {
  const leaks: Leak[] = []
  for (const secret of secrets)
    for (const { form, text } of leakForms(secret))
      for (const [where, content] of Object.entries(surfaces)) if (content.includes(text)) leaks.push({ secret: secret.slice(0, 4) + '…', form, where })
  return leaks
}
