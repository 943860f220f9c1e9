/**
 * The sandbox the example workflows run against: the GitHub, Octopus and GoCD fakes started in this process in the
 * order `npm run sandbox` uses (the Octopus fake trusts the GitHub fake's OIDC issuer), with task and stage durations
 * short enough for a demo or a test but long enough to be seen progressing, plus what the examples expect to find:
 * the `production` GitHub environment and the GoCD pipeline `random-quotes-smoke-tests` (variables RELEASE_NUMBER
 * and OCTOPUS_ENVIRONMENT) that the promotion example triggers.
 *
 * `secrets` and `vars` are what a repository using the examples configures in its settings.
 */
import { startGithubFake, type GithubFake } from '../sandbox/github/index.js'
import { startGocdFake, type GocdFake } from '../sandbox/gocd/index.js'
import { startOctopusFake, type OctopusFake } from '../sandbox/octopus/index.js'

/** Real-time durations of the fakes, in milliseconds. */
export interface SandboxTiming {
  octopusQueueMs: number
  octopusTaskMs: number
  gocdScheduleDelayMs: number
  gocdStageMs: number
}

/** Short but visible: an Octopus deployment takes ~3 s, a GoCD run of two stages ~5 s. */
export const DEMO_TIMING: SandboxTiming = { octopusQueueMs: 500, octopusTaskMs: 2500, gocdScheduleDelayMs: 1000, gocdStageMs: 2000 }

/** The GoCD pipeline the promotion example triggers after a deployment. */
export const SMOKE_PIPELINE = 'random-quotes-smoke-tests'

export interface DemoSandbox {
  github: GithubFake
  octopus: OctopusFake
  gocd: GocdFake
  /** Repository secrets the examples read (`secrets.*`). */
  secrets: Record<string, string>
  /** Repository variables the examples read (`vars.*`), with the examples' opt-in guard set. */
  vars: Record<string, string>
  close(): Promise<void>
}

export async function startDemoSandbox(timing: SandboxTiming = DEMO_TIMING): Promise<DemoSandbox> {
  const github = await startGithubFake()
  const started: { close(): Promise<void> }[] = [github]
  try {
    github.addEnvironment('production')
    const octopus = await startOctopusFake({
      oidcIssuers: [{ issuer: github.oidcIssuer, jwksUri: github.jwksUri, subjects: ['repo:*'] }],
      taskProfile: { queueMs: timing.octopusQueueMs, durationMs: timing.octopusTaskMs, cancelMs: 500 }
    })
    started.push(octopus)
    const gocd = await startGocdFake({
      scheduleDelayMs: timing.gocdScheduleDelayMs,
      defaultStagePlan: { outcome: 'pass', durationMs: timing.gocdStageMs }
    })
    started.push(gocd)
    gocd.addPipeline({
      name: SMOKE_PIPELINE,
      group: 'deployments',
      environmentVariables: [
        { name: 'RELEASE_NUMBER', value: '', secure: false },
        { name: 'OCTOPUS_ENVIRONMENT', value: '', secure: false }
      ],
      stages: [
        { name: 'smoke', jobs: ['http-checks'] },
        { name: 'report', jobs: ['publish-results'] }
      ]
    })
    return {
      github,
      octopus,
      gocd,
      secrets: {
        OCTOPUS_API_KEY: octopus.apiKey,
        GOCD_TOKEN: gocd.token,
        // A PAT that may write repository secrets (the workflow's GITHUB_TOKEN cannot).
        SECRETS_ADMIN_TOKEN: github.token
      },
      vars: {
        DEPLOY_SUITE_EXAMPLES: 'true',
        OCTOPUS_URL: octopus.url,
        OCTOPUS_SPACE: octopus.spaceName,
        // The Octopus service account that trusts this repository's GitHub OIDC tokens (an alternative to api_key).
        OCTOPUS_SERVICE_ACCOUNT_ID: octopus.serviceAccountId,
        GOCD_URL: gocd.url
      },
      close: () => closeAll(started)
    }
  } catch (err) {
    await closeAll(started)
    throw err
  }
}

async function closeAll(servers: { close(): Promise<void> }[]): Promise<void> {
  for (const s of [...servers].reverse()) await s.close()
}
