import { Octokit } from '@octokit/rest'
import type { GithubFake } from '../../../sandbox/github/index.js'

/** An Octokit client (the real one actions use) pointed at the fake. */
export function octokitFor(fake: GithubFake, token = fake.token): Octokit {
  return new Octokit({ auth: token, baseUrl: fake.apiUrl, log: { debug() {}, info() {}, warn() {}, error() {} } })
}

export async function status(p: Promise<unknown>): Promise<number> {
  try {
    const res = (await p) as { status: number }
    return res.status
  } catch (err) {
    return (err as { status?: number }).status ?? -1
  }
}
