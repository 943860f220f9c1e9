/**
 * The minimal job of each action for start-up measurements (cold start, profiles), and the official Octopus action
 * that does the same job where there is one. A context holds the fakes the jobs run against.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FakeServer } from '../../sandbox/common/index.js'
import { startGithubFake, type GithubFake } from '../../sandbox/github/index.js'
import { startGocdFake } from '../../sandbox/gocd/index.js'
import { startOctopusFake, type OctopusFake } from '../../sandbox/octopus/index.js'
import { runner, stepInputs, type ActionName } from './bundles.js'
import type { OfficialAction } from './official.js'

export const BASE_ENV = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir() }

export interface Job {
  env: Record<string, string>
  server: FakeServer
  dispose(): Promise<void>
}

export interface Context {
  octopus: OctopusFake
  github: GithubFake
  dir: string
  /** A new number on every call (package versions must differ between uploads to one feed). */
  next(): number
}

/** A job builder: given the fakes, the environment of one run of one bundle. */
export type JobOf = (c: Context, actionYmlPath: string) => Promise<Job>

export interface Case {
  /** Row label, e.g. `upload-artifact (octopus)`. */
  label: string
  action: ActionName
  job: JobOf
  reference?: { official: OfficialAction; job: JobOf }
}


const octopusJob =
  (inputs: (c: Context) => Record<string, string>): JobOf =>
  async (c, yml) => {
    const r = runner(yml, { server: c.octopus.url, api_key: c.octopus.apiKey, space: c.octopus.spaceName, ...inputs(c) })
    return { env: r.env, server: c.octopus.server, dispose: async () => r.dispose() }
  }

/** A tiny package file with a fresh version, for one push to the Octopus fake's built-in feed. */
function packageFile(c: Context): string {
  const file = join(c.dir, `Cold.Start.1.0.${c.next()}.zip`)
  writeFileSync(file, 'cold start package\n')
  return file
}

/** The minimal job of each action, and the official action doing the same job where there is one. */
export const CASES: Case[] = [
  {
    label: 'create-release',
    action: 'create-release',
    job: octopusJob(() => ({ project: 'Random Quotes' })),
    reference: { official: 'create-release-action', job: octopusJob(() => ({ project: 'Random Quotes' })) }
  },
  {
    label: 'deploy',
    action: 'deploy',
    job: octopusJob(() => ({ project: 'Random Quotes', release_number: '1.0.0', environments: 'Dev', wait: 'false' })),
    reference: { official: 'deploy-release-action', job: octopusJob(() => ({ project: 'Random Quotes', release_number: '1.0.0', environments: 'Dev' })) }
  },
  {
    label: 'trigger-gocd-pipeline',
    action: 'trigger-gocd-pipeline',
    job: async (_c, yml) => {
      const gocd = await startGocdFake({ scheduleDelayMs: 100, defaultStagePlan: { outcome: 'pass', durationMs: 60_000 } })
      const r = runner(yml, { server: gocd.goUrl, token: gocd.token, pipeline: 'up42', wait: 'false' })
      return { env: r.env, server: gocd.server, dispose: async () => (r.dispose(), gocd.close()) }
    }
  },
  {
    label: 'upload-artifact (github)',
    action: 'upload-artifact',
    job: async (c, yml) => {
      const file = join(c.dir, 'app.txt')
      writeFileSync(file, 'cold start artifact\n')
      const job = await c.github.runnerEnv({ inputs: stepInputs(yml, { path: file, name: `cold-${c.next()}` }) })
      const env = { ...BASE_ENV, ...job.env }
      return { env, server: c.github.server, dispose: async () => rmSync(job.dir, { recursive: true, force: true }) }
    }
  },
  {
    label: 'upload-artifact (octopus)',
    action: 'upload-artifact',
    job: octopusJob((c) => ({ destination: 'octopus', path: packageFile(c) })),
    reference: { official: 'push-package-action', job: octopusJob((c) => ({ packages: packageFile(c) })) }
  },
  {
    label: 'rotate-secret',
    action: 'rotate-secret',
    job: async (c, yml) => {
      const r = runner(yml, { source: 'random', secret_name: 'BENCH_COLD', targets: `repo:${c.github.owner}/${c.github.repo}`, github_token: c.github.token, github_api_url: c.github.apiUrl })
      return { env: r.env, server: c.github.server, dispose: async () => r.dispose() }
    }
  }
]

/** The fakes the jobs run against (a release 1.0.0 of Random Quotes exists for the deploy jobs); `close` stops them. */
export async function startJobContext(): Promise<Context & { close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-jobs-'))
  let counter = 0
  const [octopus, github] = await Promise.all([startOctopusFake({ taskProfile: { queueMs: 500, durationMs: 2000 } }), startGithubFake()])
  const close = async () => {
    await Promise.all([octopus.close(), github.close()])
    rmSync(dir, { recursive: true, force: true })
  }
  const created = await fetch(`${octopus.url}/api/${octopus.spaceId}/releases/create/v1`, {
    method: 'POST',
    headers: { 'X-Octopus-ApiKey': octopus.apiKey, 'Content-Type': 'application/json' },
    body: JSON.stringify({ SpaceId: octopus.spaceId, SpaceIdOrName: octopus.spaceId, ProjectName: 'Random Quotes', ReleaseVersion: '1.0.0' })
  })
  if (created.status !== 201) {
    await close()
    throw new Error(`creating the bench release failed: ${created.status} ${await created.text()}`)
  }
  return { octopus, github, dir, next: () => ++counter, close }
}
