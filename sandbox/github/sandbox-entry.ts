/**
 * `npm run sandbox` entry: starts the GitHub fake with durations short but visible (the secondary rate-limit window is
 * 10 s, dispatched runs queue for 2 s and run for 8 s) and publishes its connection details plus a ready-made runner
 * environment under the state key `github`.
 */
import type { SandboxContext, SandboxEntry } from '../cli.js'
import { startGithubFake } from './index.js'

export async function start(_ctx: SandboxContext): Promise<SandboxEntry> {
  const fake = await startGithubFake({ secondaryWindowMs: 10_000, dispatchTiming: { queuedMs: 2000, runMs: 8000 } })
  fake.addEnvironment('production')
  const runner = await fake.runnerEnv()
  return {
    key: 'github',
    state: {
      apiUrl: fake.apiUrl,
      serverUrl: fake.serverUrl,
      url: fake.url,
      token: fake.token,
      workflowToken: fake.workflowToken,
      owner: fake.owner,
      repo: fake.repo,
      org: fake.org,
      oidcIssuer: fake.oidcIssuer,
      jwksUri: fake.jwksUri,
      env: runner.env
    },
    close: () => fake.close()
  }
}
