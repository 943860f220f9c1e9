/**
 * `upload-artifact`: selects files with the official action's rules, checks their names, then sends them to the
 * chosen destination (GitHub run artifact, Octopus built-in feed, GoCD job artifacts), sets the outputs and writes
 * the job summary.
 */
import type { ActionContext } from '../../core/context.js'
import { ActionError } from '../../core/errors.js'
import type { RetryPolicy } from '../../core/retry-policy.js'
import { humanBytes } from '../../core/summary.js'
import { invalidPathProblems } from '../../upload/names.js'
import { selectFiles, type Selection } from '../../upload/selection.js'
import { escapeHtml, link, writeUploadSummary } from '../../upload/summary.js'
import { parseInputs, type UploadArtifactInputs } from './inputs.js'

/** Knobs for tests and benchmarks; the action uses the defaults. */
export interface UploadDeps {
  http?: { retry?: Partial<RetryPolicy>; timeoutMs?: number; sleep?: (ms: number) => Promise<void> }
  /** Minimum time between progress lines (default 5 s). */
  progressIntervalMs?: number
}

export const OUTPUTS = ['artifact_id', 'artifact_url', 'artifact_digest', 'packages', 'artifact_urls'] as const

function noFiles(ctx: ActionContext, inputs: UploadArtifactInputs): void {
  const message = `No files were found with the provided path: ${inputs.path.join(', ')}. No artifacts will be uploaded.`
  if (inputs.ifNoFilesFound === 'error')
    throw new ActionError(`${message} Check the path (relative to ${process.cwd()}), or set if_no_files_found: warn or ignore.`)
  if (inputs.ifNoFilesFound === 'warn') ctx.logger.warning(message)
  else ctx.logger.info(message)
}

/** Lists up to 20 problems, then how many more. */
function listed(problems: string[]): string {
  return `${problems
    .slice(0, 20)
    .map((p) => `  - ${p}`)
    .join('\n')}${problems.length > 20 ? `\n  … and ${problems.length - 20} more` : ''}`
}

function checkSources(selection: Selection): void {
  const refused = selection.refused
  if (refused.length)
    throw new ActionError(
      `${refused.length} matched file${refused.length > 1 ? 's are' : ' is'} not uploaded: a link may only lead to a file inside the workspace (or inside a path named outside it), /proc, /sys and /dev are never read, and only regular files are:\n${listed(
        refused.map((r) => `${r.path}: ${r.reason}`)
      )}\nExclude ${refused.length > 1 ? 'them' : 'it'} with a '!' pattern in 'path', or copy the file into the workspace first.`
    )
}

function checkNames(selection: Selection): void {
  const invalid = invalidPathProblems(selection.files.map((f) => f.name))
  if (invalid.length)
    throw new ActionError(
      `${invalid.length} file path${invalid.length > 1 ? 's' : ''} cannot be uploaded (NTFS cannot store these characters, and a . or .. segment would unpack elsewhere):\n${listed(invalid)}\nRename the files, or exclude them with a '!' pattern in 'path'.`
    )
}

export async function uploadArtifactAction(ctx: ActionContext, deps: UploadDeps = {}): Promise<void> {
  const inputs = parseInputs(ctx.inputs)
  // Masked before anything from the file system (names) is printed.
  if (inputs.destination === 'github') ctx.secrets.add(ctx.env.ACTIONS_RUNTIME_TOKEN)
  const selection = await selectFiles(inputs.path, { includeHiddenFiles: inputs.includeHiddenFiles, workspace: ctx.env.GITHUB_WORKSPACE })
  checkSources(selection)
  if (!selection.files.length) return noFiles(ctx, inputs)
  const count = selection.files.length
  ctx.logger.info(`With the provided path, there will be ${count} file${count === 1 ? '' : 's'} uploaded (${humanBytes(selection.totalBytes)}) from ${selection.root}`)
  for (const name of selection.caseCollisions)
    ctx.logger.warning(`Uploads are case insensitive: ${name} differs from another file's path only in letter case, and one will overwrite the other when downloaded on Windows or macOS`)
  checkNames(selection)
  const options = { progressIntervalMs: deps.progressIntervalMs ?? 5000, http: deps.http ?? {} }

  // Each destination is loaded only when chosen (a chunk of its own in dist/): @actions/artifact with its Azure, Octokit
  // and protobuf code is most of this bundle, and an upload to Octopus or GoCD does not need it.
  if (inputs.destination === 'github') {
    const { uploadToGithub } = await import('../../upload/destinations/github.js')
    const target = { ...inputs.github, compressionLevel: inputs.compressionLevel }
    const result = await uploadToGithub(ctx, selection, target)
    ctx.logger.info(`Artifact ${target.name} has been successfully uploaded! Final size is ${result.size} bytes. Artifact ID is ${result.id}`)
    ctx.logger.info(`Artifact download URL: ${result.url}`)
    ctx.setOutput('artifact_id', String(result.id))
    ctx.setOutput('artifact_url', result.url)
    ctx.setOutput('artifact_digest', result.digest)
    await writeUploadSummary(ctx.summary, selection, {
      title: `GitHub artifact '${target.name}'`,
      rows: [
        ['Artifact', link(`${target.name} (id ${result.id})`, result.url)],
        ['Zip size', escapeHtml(humanBytes(result.size))],
        ['SHA-256', `<code>${escapeHtml(result.digest)}</code>`]
      ]
    })
    return
  }
  if (inputs.destination === 'octopus') {
    const { uploadToOctopus } = await import('../../upload/destinations/octopus.js')
    await uploadToOctopus(ctx, selection, { ...inputs.octopus!, compressionLevel: inputs.compressionLevel }, options)
    return
  }
  const { uploadToGocd } = await import('../../upload/destinations/gocd.js')
  await uploadToGocd(ctx, selection, { ...inputs.gocd!, compressionLevel: inputs.compressionLevel }, options)
}
