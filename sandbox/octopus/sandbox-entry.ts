/**
 * Sandbox CLI entry: starts the Octopus fake with short but visible task durations (seconds) and trusts the GitHub
 * fake's OIDC issuer when that fake started first and published one.
 */
import type { SandboxContext, SandboxEntry } from '../cli.js'
import { startOctopusFake, type TrustedIssuer } from './index.js'

function githubIssuer(started: SandboxContext['started']): TrustedIssuer[] {
  const gh = started.github
  if (!gh) return []
  const issuer = (gh.oidcIssuer ?? gh.issuer) as string | undefined
  const jwksUri = (gh.jwksUri ?? gh.jwks_uri) as string | undefined
  if (!issuer || !jwksUri) return []
  return [{ issuer, jwksUri, subjects: ['repo:*'] }]
}

export async function start(ctx: SandboxContext): Promise<SandboxEntry> {
  const fake = await startOctopusFake({
    oidcIssuers: githubIssuer(ctx.started),
    taskProfile: { queueMs: 1000, durationMs: 6000, cancelMs: 1000 }
  })
  return {
    key: 'octopus',
    state: {
      url: fake.url,
      apiKey: fake.apiKey,
      space: fake.spaceName,
      spaceId: fake.spaceId,
      serviceAccountId: fake.serviceAccountId,
      version: fake.version
    },
    close: () => fake.close()
  }
}
