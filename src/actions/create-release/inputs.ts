/**
 * The inputs of `create-release`. Names match OctopusDeploy/create-release-action so users can switch by changing
 * `uses:`; `deploy_to` and its options (from the tutorial's v1 snippet) deploy the release with the `deploy`
 * action's code. Every input is read, then all problems are reported together.
 */
import { readFile } from 'node:fs/promises'
import { isAbsolute, resolve } from 'node:path'
import { ActionError } from '../../core/errors.js'
import type { InputReader } from '../../core/inputs.js'
import { readOctopusConnection, type OctopusConnectionInputs } from '../../octopus/connection.js'
import { readDeployOptions, type DeployOptions } from '../../octopus/deploy/index.js'
import { parsePackageSpec, splitPackageLines } from '../../octopus/package-specs.js'
import type { ReleaseRequest } from '../../octopus/release/request.js'

/** The release to create (`releaseNotes` from the input; `releaseNotesFile` is read later), plus how to reach Octopus and where to deploy. */
export interface CreateReleaseInputs extends ReleaseRequest {
  connection: OctopusConnectionInputs
  releaseNotesFile?: string
  /** Environments to deploy the release to (empty = create only). */
  deployTo: string[]
  deploy: DeployOptions
}

/** Names and versions travel in URLs and query strings: bounded, so an oversized value fails here, naming its input. */
const NAME_MAX = 200
const VERSION_MAX = 200

export function parseInputs(reader: InputReader): CreateReleaseInputs {
  const connection = readOctopusConnection(reader)
  const project = reader.required('project', { maxLength: NAME_MAX })
  const releaseNumber = reader.string('release_number', { maxLength: VERSION_MAX })
  const channel = reader.string('channel', { maxLength: NAME_MAX })
  const packageVersion = reader.string('package_version', { maxLength: VERSION_MAX })
  const packagesText = reader.string('packages') ?? ''
  const gitRef = reader.string('git_ref')
  const gitCommit = reader.string('git_commit')
  const gitResources = reader.list('git_resources', { comma: false })
  const releaseNotes = reader.string('release_notes')
  const releaseNotesFile = reader.string('release_notes_file')
  const customFields = Object.fromEntries(reader.map('custom_fields', { separators: [':'] }))
  const ignoreExisting = reader.boolean('ignore_existing', false)
  const ignoreChannelRules = reader.boolean('ignore_channel_rules', false)
  const packagePrerelease = reader.string('package_prerelease')
  const deployTo = reader.list('deploy_to')
  const deploy = readDeployOptions(reader, { waitDefault: true })

  const packages = splitPackageLines(packagesText)
  for (const p of packages) {
    try {
      parsePackageSpec(p)
    } catch (err) {
      reader.problem(`input 'packages': ${(err as Error).message}`)
    }
  }
  for (const r of gitResources) {
    const parts = r.split(':').map((x) => x.trim())
    if (parts.length < 2 || parts.length > 3 || parts.some((x) => !x))
      reader.problem(`input 'git_resources' entry "${r}" must be StepName:GitRef or StepName:GitResourceName:GitRef ('*' as the ref = the default branch)`)
  }
  if (releaseNumber && /\s/.test(releaseNumber)) reader.problem(`input 'release_number' must not contain spaces (got "${releaseNumber}")`)
  if (gitCommit && !/^[0-9a-f]{7,40}$/i.test(gitCommit)) reader.problem(`input 'git_commit' must be a commit SHA (7 to 40 hex digits), got "${gitCommit}"`)
  if (gitCommit && !gitRef) reader.problem(`input 'git_commit' needs 'git_ref': the commit is looked up on that branch or tag`)
  reader.exclusive({ release_notes: releaseNotes, release_notes_file: releaseNotesFile })
  if (!deployTo.length) {
    const orphans = Object.entries({ variables: Object.keys(deploy.variables), tenants: deploy.tenants, tenant_tags: deploy.tenantTags })
      .filter(([, v]) => v.length)
      .map(([k]) => `'${k}'`)
    if (orphans.length) reader.problem(`input${orphans.length > 1 ? 's' : ''} ${orphans.join(', ')} only apply when 'deploy_to' names environments to deploy the release to`)
  }
  reader.finish()
  return {
    connection,
    project,
    releaseNumber,
    channel,
    packageVersion,
    packages,
    gitRef,
    gitCommit,
    gitResources,
    releaseNotes,
    releaseNotesFile,
    customFields,
    ignoreExisting,
    ignoreChannelRules,
    packagePrerelease,
    deployTo,
    deploy
  }
}

/** The release request: the inputs with `release_notes_file` read (relative paths start at the workspace, where the runner starts steps). */
export async function releaseRequest(inputs: CreateReleaseInputs, env: NodeJS.ProcessEnv): Promise<ReleaseRequest> {
  const { connection: _connection, releaseNotesFile, deployTo: _deployTo, deploy: _deploy, ...request } = inputs
  return { ...request, releaseNotes: releaseNotesFile ? await readReleaseNotesFile(releaseNotesFile, env) : request.releaseNotes }
}

async function readReleaseNotesFile(path: string, env: NodeJS.ProcessEnv): Promise<string> {
  const full = isAbsolute(path) ? path : resolve(env.GITHUB_WORKSPACE || process.cwd(), path)
  try {
    return await readFile(full, 'utf8')
  } catch (err) {
    const code = (err as { code?: string }).code
    throw new ActionError(
      `input 'release_notes_file': cannot read ${full} (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : ((err as Error).message ?? code)}). Check the path (relative paths start at the workspace) and that an earlier step created the file.`
    )
  }
}
