/**
 * The inputs of `upload-artifact`. The common ones choose the files and the destination; each destination has its
 * own. Every input is read whatever the destination (so the metadata checks see them all), but only the chosen
 * destination's problems are reported, and inputs given for another destination are an error rather than silently
 * ignored (a forgotten `destination: octopus` would otherwise upload to GitHub).
 */
import type { InputReader } from '../../core/inputs.js'
import { readGocdConnection } from '../../gocd/connection.js'
import { gocdNameProblem } from '../../gocd/names.js'
import { readOctopusConnection, type OctopusConnectionInputs } from '../../octopus/connection.js'
import type { GocdTarget } from '../../upload/destinations/gocd.js'
import { artifactNameProblem } from '../../upload/names.js'
import { OVERWRITE_MODES, packageIdProblem, packageVersionProblem, type OverwriteMode } from '../../upload/package-names.js'

export const DESTINATIONS = ['github', 'octopus', 'gocd'] as const
export type Destination = (typeof DESTINATIONS)[number]
export const NO_FILES_MODES = ['warn', 'error', 'ignore'] as const
export type NoFilesMode = (typeof NO_FILES_MODES)[number]

export interface GithubInputs {
  name: string
  retentionDays?: number
  overwrite: boolean
}

export interface OctopusInputs {
  connection: OctopusConnectionInputs
  /** With packageVersion: pack the files into `<packageId>.<packageVersion>.zip`; else upload package files as they are. */
  packageId?: string
  packageVersion?: string
  overwriteMode: OverwriteMode
}

/** Where in GoCD the files go: the gocd destination's target without the zip setting (common to every destination). */
export type GocdInputs = Omit<GocdTarget, 'compressionLevel'>

export interface UploadArtifactInputs {
  path: string[]
  ifNoFilesFound: NoFilesMode
  includeHiddenFiles: boolean
  destination: Destination
  compressionLevel: number
  github: GithubInputs
  octopus?: OctopusInputs
  gocd?: GocdInputs
}

/** Inputs without a default in action.yml that belong to one destination only. */
const OWN_INPUTS: Record<Destination, string[]> = {
  github: ['retention_days'],
  octopus: ['api_key', 'service_account_id', 'space', 'package_id', 'package_version'],
  gocd: ['token', 'username', 'password', 'pipeline', 'pipeline_counter', 'stage', 'job', 'remote_path']
}

/** Reads inputs for one destination; its problems are kept only when it is the chosen one. */
function scoped<T>(reader: InputReader, active: boolean, read: () => T): T | undefined {
  const before = reader.problems.length
  const value = read()
  if (active) return value
  reader.problems.splice(before)
  return undefined
}

function readOctopus(reader: InputReader): OctopusInputs {
  const connection = readOctopusConnection(reader)
  const packageId = reader.string('package_id')
  const packageVersion = reader.string('package_version')
  const overwriteMode = reader.enumOf('overwrite_mode', OVERWRITE_MODES) ?? 'FailIfExists'
  if (packageId && !packageVersion) reader.problem(`input 'package_version' is required with 'package_id': the files are packed into <package_id>.<package_version>.zip`)
  if (packageVersion && !packageId) reader.problem(`input 'package_id' is required with 'package_version': the files are packed into <package_id>.<package_version>.zip`)
  const idProblem = packageId ? packageIdProblem(packageId) : undefined
  if (idProblem) reader.problem(`input 'package_id' ${idProblem} (got "${packageId}")`)
  const versionProblem = packageVersion ? packageVersionProblem(packageVersion) : undefined
  if (versionProblem) reader.problem(`input 'package_version' ${versionProblem} (got "${packageVersion}")`)
  return { connection, packageId, packageVersion, overwriteMode }
}

function readGocd(reader: InputReader): GocdInputs {
  const connection = readGocdConnection(reader)
  const pipeline = reader.required('pipeline')
  const pipelineCounter = reader.integer('pipeline_counter', { required: true, min: 1 }) ?? 0
  const stage = reader.required('stage')
  const stageCounter = reader.integer('stage_counter', { min: 1 }) ?? 1
  const job = reader.required('job')
  // Checked before any URL is built from them: '..' would be normalised away and address another job.
  for (const [input, value] of [['pipeline', pipeline], ['stage', stage], ['job', job]] as const) {
    const problem = value ? gocdNameProblem(value) : undefined
    if (problem) reader.problem(`input '${input}' ${problem}`)
  }
  const remoteRaw = reader.string('remote_path') ?? ''
  const remotePath = remoteRaw.replace(/\\/g, '/').replace(/^\/+|\/+$/g, '')
  if (remotePath.split('/').some((s) => s === '..' || s === '.'))
    reader.problem(`input 'remote_path' must be a path inside the job's artifacts, without '.' or '..' segments (got "${remoteRaw}")`)
  return { connection, pipeline, pipelineCounter, stage, stageCounter, job, remotePath }
}

export function parseInputs(reader: InputReader): UploadArtifactInputs {
  const path = reader.list('path', { comma: false, required: true })
  const ifNoFilesFound = reader.enumOf('if_no_files_found', NO_FILES_MODES) ?? 'warn'
  const includeHiddenFiles = reader.boolean('include_hidden_files', false)
  const destination = reader.enumOf('destination', DESTINATIONS) ?? 'github'
  const compressionLevel = reader.integer('compression_level', { min: 0, max: 9 }) ?? 6

  const name = reader.string('name') ?? 'artifact'
  const retentionDays = reader.integer('retention_days', { min: 1, max: 400 })
  const overwrite = reader.boolean('overwrite', false)
  if (destination === 'github') {
    const problem = artifactNameProblem(name)
    if (problem) reader.problem(`input 'name' ${problem} (got ${JSON.stringify(name)})`)
  }
  const octopus = scoped(reader, destination === 'octopus', () => readOctopus(reader))
  const gocd = scoped(reader, destination === 'gocd', () => readGocd(reader))

  for (const [other, names] of Object.entries(OWN_INPUTS)) {
    if (other === destination) continue
    const given = names.filter((n) => reader.raw(n) !== undefined)
    if (given.length)
      reader.problem(
        `input${given.length > 1 ? 's' : ''} ${given.map((n) => `'${n}'`).join(', ')} only appl${given.length > 1 ? 'y' : 'ies'} to destination ${other}, but 'destination' is ${destination}: set destination: ${other} or remove ${given.length > 1 ? 'them' : 'it'}`
      )
  }
  if (destination === 'github' && reader.raw('server') !== undefined)
    reader.problem(`input 'server' only applies to destinations octopus and gocd, but 'destination' is github: set the destination or remove it`)
  reader.finish()
  return { path, ifNoFilesFound, includeHiddenFiles, destination, compressionLevel, github: { name, retentionDays, overwrite }, octopus, gocd }
}
