/**
 * The rotate-secret action's logic: inputs -> credential source -> GitHub secrets client -> rotation -> outputs,
 * summary, and a failure message that says which targets hold the new value and what to do next.
 */
import type { ActionContext } from '../../core/context.js'
import { ActionError } from '../../core/errors.js'
import { createGithubClient, type GithubClientOptions } from '../../github/client.js'
import { tokenFacts } from '../../github/errors.js'
import { GithubSecrets } from '../../github/secrets-client.js'
import { setRotationOutputs, writeRotationSummary } from '../../rotation/report.js'
import { rotate } from '../../rotation/rotate.js'
import { RandomSource } from '../../rotation/sources/random.js'
import type { CredentialSource } from '../../rotation/sources/types.js'
import { ValueSource } from '../../rotation/sources/value.js'
import { parseInputs, type RotateSecretInputs } from './inputs.js'

/** Settings of the GitHub client that callers may tune (pacing, retries); never its token or URL. */
export type GithubTuning = Omit<Partial<GithubClientOptions>, 'token' | 'apiUrl' | 'logger' | 'secrets'>

export interface RotateSecretOptions {
  github?: GithubTuning
}

function buildSource(inputs: RotateSecretInputs, ctx: ActionContext): CredentialSource {
  switch (inputs.source) {
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
  const source = buildSource(inputs, ctx)
  ctx.logger.info(
    `${inputs.dryRun ? 'Dry run: would rotate' : 'Rotating'} ${inputs.secretName} from a ${source.description} into ${inputs.targets.length} target(s)`
  )
  const result = await rotate(
    { source, secrets, logger: ctx.logger },
    { secretName: inputs.secretName, targets: inputs.targets, revokePrevious: inputs.revokePrevious, keepPrevious: inputs.keepPrevious, dryRun: inputs.dryRun }
  )
  setRotationOutputs(ctx, result)
  await writeRotationSummary(ctx, inputs.secretName, source.description, result)
  if (result.failure) throw new ActionError(result.failure)
}
