/**
 * Inputs of the `deploy` action: the Octopus connection (server, api_key / service_account_id, space, TLS), what to
 * deploy (`project`, `release_number`, `channel`), where (`environments`, or `environment` with `tenants` /
 * `tenant_tags`), and the deployment options shared with create-release plus the deploy-only ones.
 */
import type { InputReader } from '../../core/inputs.js'
import { readDeployOptions, type DeployOptions } from '../../octopus/deploy/options.js'
import { readOctopusConnection, type OctopusConnectionInputs } from '../../octopus/connection.js'
import { NAME_MAX } from '../../octopus/lookups.js'

export interface DeployInputs {
  connection: OctopusConnectionInputs
  project: string
  /** A release version, or `latest`. */
  releaseNumber: string
  channel?: string
  /** Environment names or ids (from `environments` or `environment`). */
  environments: string[]
  options: DeployOptions
}

export function parseInputs(reader: InputReader): DeployInputs {
  const connection = readOctopusConnection(reader)
  const project = reader.required('project', { maxLength: NAME_MAX })
  const releaseNumber = reader.required('release_number', { maxLength: NAME_MAX })
  const channel = reader.string('channel', { maxLength: NAME_MAX })
  const environments = reader.list('environments')
  const environment = reader.string('environment')
  const options = readDeployOptions(reader, { extended: true })
  reader.exclusive({ environments, environment })
  if (!environments.length && !environment)
    reader.problem(
      "input 'environments' is required: name the environments to deploy to, one per line (or 'environment' with 'tenants' / 'tenant_tags' for a tenanted deployment)"
    )
  reader.finish()
  return { connection, project, releaseNumber, channel, environments: environment ? [environment] : environments, options }
}
