/**
 * Octopus error bodies: `{ErrorMessage, Errors[]}` with the status the real server uses. Handlers throw `OctopusError`
 * and the dispatcher renders it; messages quoted in the reference notes are kept verbatim here.
 */
import type { FakeResponse } from '../common/index.js'

export class OctopusError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: string[] = [],
    readonly extra: Record<string, unknown> = {}
  ) {
    super(message)
  }

  toResponse(): FakeResponse {
    return { status: this.status, body: { ErrorMessage: this.message, Errors: this.errors, ...this.extra } }
  }
}

export const MESSAGES = {
  notLoggedIn: 'You must be logged in to perform this action. Please provide a valid API key or log in again.',
  invalidApiKey:
    'The API key you provided was not valid. Please double-check your API key and try again. For instructions on finding your API key, please visit: https://oc.to/ApiKey',
  invalidAccessToken: 'The access token you provided was not valid or has expired. Please request a new access token.',
  resourceNotFound: 'The resource you requested was not found.',
  problem: 'There was a problem with your request.',
  packageExists: (id: string, version: string) =>
    `A package with the same ID and version already exists. Package ID: ${id}, Version: ${version}. Please use a different version, or set the overwrite mode to OverwriteExisting or IgnoreIfExists.`,
  cannotDeploy: (version: string, project: string, env: string) =>
    `Release '${version}' of project '${project}' cannot be deployed to environment '${env}' because the environment is not in the list of environments that this release can be deployed to. This may be because a) the environment does not exist, b) the name is misspelled, c) you don't have permission to deploy to this environment, or d) the environment is not in the list of environments defined by the lifecycle.`
}

export const notFound = (what: string) => new OctopusError(404, `The resource '${what}' was not found.`)
export const routeNotFound = () => new OctopusError(404, MESSAGES.resourceNotFound)
/** Validation failures: the generic message plus the individual reasons. */
export const invalid = (...errors: string[]) => new OctopusError(400, MESSAGES.problem, errors)
