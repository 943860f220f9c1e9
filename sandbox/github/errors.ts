/** GitHub's REST error bodies: `{message, documentation_url, status}` ("Basic Error" / "Validation Error"). */
import type { FakeResponse } from '../common/index.js'

export const DOCS_ROOT = 'https://docs.github.com/rest'

export function ghError(
  status: number,
  message: string,
  documentationUrl = DOCS_ROOT,
  extra: { headers?: Record<string, string>; errors?: unknown[] } = {}
): FakeResponse {
  const body: Record<string, unknown> = { message, documentation_url: documentationUrl }
  if (extra.errors) body.errors = extra.errors
  body.status = String(status)
  return { status, headers: extra.headers, body }
}

export const notFound = (docs?: string) => ghError(404, 'Not Found', docs)

/** A 422 "Validation Failed" with one `errors[]` entry, the shape GitHub uses for resource rule violations. */
export function validationFailed(docs: string | undefined, resource: string, field: string, code: string, message: string): FakeResponse {
  return ghError(422, 'Validation Failed', docs, { errors: [{ resource, field, code, message }] })
}
