/** Minimal HTTP reads against the fakes' REST APIs for the demo's verification, with errors that say what failed. */

export class HttpCheckError extends Error {
  constructor(
    message: string,
    readonly status?: number
  ) {
    super(message)
    this.name = 'HttpCheckError'
  }
}

export async function getResponse(url: string, headers: Record<string, string>): Promise<Response> {
  let res: Response
  try {
    res = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) })
  } catch (err) {
    throw new HttpCheckError(`GET ${url} failed: ${(err as Error).message}`)
  }
  if (!res.ok) {
    const body = (await res.text()).slice(0, 300)
    throw new HttpCheckError(`GET ${url} answered ${res.status}: ${body}`, res.status)
  }
  return res
}

export async function getJson<T>(url: string, headers: Record<string, string>): Promise<T> {
  return (await (await getResponse(url, headers)).json()) as T
}

export async function getBytes(url: string, headers: Record<string, string>): Promise<Buffer> {
  return Buffer.from(await (await getResponse(url, headers)).arrayBuffer())
}

export const octopusHeaders = (apiKey: string): Record<string, string> => ({ 'X-Octopus-ApiKey': apiKey, Accept: 'application/json' })

export const gocdHeaders = (token: string): Record<string, string> => ({ Authorization: `Bearer ${token}`, Accept: 'application/vnd.go.cd.v1+json' })

export const githubHeaders = (token: string): Record<string, string> => ({
  Authorization: `Bearer ${token}`,
  Accept: 'application/vnd.github+json',
  'X-GitHub-Api-Version': '2022-11-28'
})
