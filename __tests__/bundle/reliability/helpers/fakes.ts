/** The three fakes the reliability suites run against, and what their request logs say about mutations. */
import { startGithubFake, type GithubFake } from '../../../../sandbox/github/index.js'
import { startGocdFake, type GocdFake } from '../../../../sandbox/gocd/index.js'
import { startOctopusFake, type OctopusFake } from '../../../../sandbox/octopus/index.js'
import type { FakeServer } from '../../../../sandbox/common/index.js'

export interface Fakes {
  octopus: OctopusFake
  gocd: GocdFake
  github: GithubFake
  close(): Promise<void>
}

export async function startFakes(opts: { octopusApiKey?: string } = {}): Promise<Fakes> {
  const [octopus, gocd, github] = await Promise.all([
    startOctopusFake({ apiKey: opts.octopusApiKey, clockSpeed: 20, taskProfile: { queueMs: 200, durationMs: 1000 } }),
    startGocdFake({ scheduleDelayMs: 200, defaultStagePlan: { outcome: 'pass', durationMs: 500 } }),
    startGithubFake()
  ])
  return {
    octopus,
    gocd,
    github,
    close: async () => {
      await Promise.all([octopus.close(), gocd.close(), github.close()])
    }
  }
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** Requests that change state (POST/PUT/PATCH/DELETE), except reads that use POST by protocol (none of ours do). */
export function mutatingRequests(servers: FakeServer[], since = 0): string[] {
  return servers.flatMap((s) => s.log.entries.filter((e) => e.at >= since && MUTATING.has(e.method)).map((e) => `${e.method} ${e.path}`))
}

/** Count of log entries per server, to look only at what one run sent. */
export function logMarks(servers: FakeServer[]): number[] {
  return servers.map((s) => s.log.entries.length)
}

export function mutatingSince(servers: FakeServer[], marks: number[]): string[] {
  return servers.flatMap((s, i) => s.log.entries.slice(marks[i]).filter((e) => MUTATING.has(e.method)).map((e) => `${e.method} ${e.path}`))
}
