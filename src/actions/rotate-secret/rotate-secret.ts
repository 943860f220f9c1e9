/**
 * The rotate-secret action's logic: inputs -> credential source -> GitHub secrets client -> rotation -> outputs,
 * summary, and a failure message that says which targets hold the new value and what to do next.
 */
import type { ActionContext } from '../../core/context.js'
import { ActionError } from '../../core/errors.js'
import { setOutputs } from '../../core/outputs.js'
import { createGithubClient, type GithubClientOptions } from '../../github/client.js'
import { tokenFacts } from '../../github/errors.js'
import { GithubSecrets } from '../../github/secrets-client.js'
import { connectOctopus } from '../../octopus/connection.js'
import { rotationMarker } from '../../rotation/marker.js'
import { rotate } from '../../rotation/rotate.js'
import { GocdAccessTokenSource } from '../../rotation/sources/gocd-access-token.js'
import { OctopusApiKeySource } from '../../rotation/sources/octopus-api-key.js'
import { RandomSource } from '../../rotation/sources/random.js'
import type { CredentialSource } from '../../rotation/sources/types.js'
import { ValueSource } from '../../rotation/sources/value.js'
import { writeRotationSummary } from '../../rotation/summary.js'
import { parseInputs, type RotateSecretInputs } from './inputs.js'

/** The outputs action.yml declares. */
export const OUTPUTS = ['credential_id', 'updated_targets', 'revoked_ids', 'rotated_at'] as const

/** Settings of the GitHub client that callers may tune (pacing, retries); never its token or URL. */
export type GithubTuning = Omit<Partial<GithubClientOptions>, 'token' | 'apiUrl' | 'logger' | 'secrets'>

export interface RotateSecretOptions {
  github?: GithubTuning
  /** Back-off sleep of the Octopus / GoCD clients (tests make it instant). */
  sleep?: (ms: number) => Promise<void>
}

const USER_AGENT = 'deployment-action-suite (rotate-secret)'

function buildSource(inputs: RotateSecretInputs, ctx: ActionContext, sleep?: (ms: number) => Promise<void>): CredentialSource {
  const marker = rotationMarker(inputs.secretName, inputs.targets[0])
  switch (inputs.source) {
    case 'octopus_api_key': {
      const connection = inputs.octopus!
      return new OctopusApiKeySource({
        connect: async () => (await connectOctopus(connection, { logger: ctx.logger, secrets: ctx.secrets, env: ctx.env, action: 'rotate-secret', sleep })).client,
        connection,
        marker,
        expiresInDays: inputs.expiresInDays,
        logger: ctx.logger,
        secrets: ctx.secrets,
        userAgent: USER_AGENT,
        sleep
      })
    }
    case 'gocd_access_token':
      return new GocdAccessTokenSource({ connection: inputs.gocd!, marker, logger: ctx.logger, secrets: ctx.secrets, userAgent: USER_AGENT, sleep })
    case 'random':
      return new RandomSource(inputs.length, inputs.charset, ctx.secrets)
    case 'value':
      return new ValueSource(inputs.value ?? '')
  }
}

export async function rotateSecret(ctx: ActionContext, options: RotateSecretOptions = {}): Promise<void> {
  const inputs = parseInputs(ctx.inputs)
  const gh = createGithubClient({ ...options.github, token: inputs.githubToken, apiUrl: inputs.githubApiUrl, logger: ctx.logger, secrets: ctx.secrets })
  const secrets = new GithubSecrets(gh, tokenFacts(inputs.githubToken, ctx.env), ctx.logger)
  const source = buildSource(inputs, ctx, options.sleep)
  ctx.logger.info(
    `${inputs.dryRun ? 'Dry run: would rotate' : 'Rotating'} ${inputs.secretName} from ${/^[aeiou]/i.test(source.description) ? 'an' : 'a'} ${source.description} into ${inputs.targets.length} target(s)`
  )
  let result
  try {
    result = await rotate(
      { source, secrets, logger: ctx.logger, sleep: options.sleep },
      { secretName: inputs.secretName, targets: inputs.targets, revokePrevious: inputs.revokePrevious, keepPrevious: inputs.keepPrevious, dryRun: inputs.dryRun }
    )
  } finally {
    await source.close?.()
  }
  setOutputs(ctx, OUTPUTS, {
    credential_id: result.credentialId,
    updated_targets: JSON.stringify(result.updatedTargets),
    revoked_ids: JSON.stringify(result.dryRun ? [] : result.revoked),
    rotated_at: result.dryRun ? '' : result.rotatedAt
  })
  await writeRotationSummary(ctx.summary, inputs.secretName, source.description, result)
  if (result.failure) throw new ActionError(result.failure)
}
