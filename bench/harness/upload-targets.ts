/**
 * The three upload destinations as the benchmark drives them: a fresh fake, the action's inputs for a payload, and
 * the `curl` command that sends the same bytes to the same fake (the reference). The action gets
 * `compression_level: 0`: the payload does not compress, which is what the action's docs advise for such data.
 */
import { startGithubFake } from '../../sandbox/github/index.js'
import { startGocdFake } from '../../sandbox/gocd/index.js'
import { startOctopusFake } from '../../sandbox/octopus/index.js'
import { actionYml, runner as stepRunner, stepInputs } from './bundles.js'

export type Destination = 'github' | 'octopus' | 'gocd'

export interface Payload {
  /** What the action's `path` input selects (a file or a directory). */
  path: string
  /** The file curl sends: the big file itself, or a stored zip of the directory. */
  curlFile: string
  /** For Octopus without packing: the big file is named like a package, so it goes up as it is. */
  packaged: boolean
  /** Unique per upload (package versions, artifact names, GoCD folders). */
  tag: string
  /** The directory holding exactly the payload's files (what `@actions/artifact` alone is given, in the benchmark). */
  libraryRoot?: string
}

export interface Target {
  env: Record<string, string>
  curl: string[]
  close(): Promise<void>
}

function jwtClaims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>
}

export async function uploadTarget(dest: Destination, p: Payload, forCurl: boolean): Promise<Target> {
  if (dest === 'github') {
    const gh = await startGithubFake()
    const job = await gh.runnerEnv({ inputs: stepInputs(actionYml('upload-artifact'), { path: p.path, name: `bench-${p.tag}`, compression_level: '0' }) })
    let curl: string[] = []
    if (forCurl) {
      // The reference creates the artifact as @actions/artifact does, then sends the bytes in one Put Blob.
      const token = job.env.ACTIONS_RUNTIME_TOKEN
      const [, run, jobId] = String(jwtClaims(token).scp).split(' ').find((s) => s.startsWith('Actions.Results:'))!.split(':')
      const res = await fetch(`${job.env.ACTIONS_RESULTS_URL}twirp/github.actions.results.api.v1.ArtifactService/CreateArtifact`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ workflow_run_backend_id: run, workflow_job_run_backend_id: jobId, name: `curl-${p.tag}`, version: 4 })
      })
      const body = (await res.json()) as { signed_upload_url?: string }
      if (!body.signed_upload_url) throw new Error(`CreateArtifact for the curl reference failed: ${res.status} ${JSON.stringify(body)}`)
      curl = ['-sS', '-f', '-X', 'PUT', '-H', 'x-ms-blob-type: BlockBlob', '-T', p.curlFile, body.signed_upload_url]
    }
    return { env: job.env, curl, close: () => gh.close() }
  }
  if (dest === 'octopus') {
    const octo = await startOctopusFake()
    const pack: Record<string, string> = p.packaged ? {} : { package_id: `Bench.Many${p.tag.replace(/\W/g, '')}`, package_version: '1.0.0' }
    const runner = stepRunner(actionYml('upload-artifact'), { destination: 'octopus', server: octo.url, api_key: octo.apiKey, path: p.path, compression_level: '0', ...pack })
    const curl = ['-sS', '-f', '-H', `X-Octopus-ApiKey: ${octo.apiKey}`, '-F', `file=@${p.curlFile}`, `${octo.url}/api/${octo.spaceId}/packages/raw?overwriteMode=OverwriteExisting`]
    return { env: runner.env, curl, close: () => octo.close().finally(() => runner.dispose()) }
  }
  const gocd = await startGocdFake()
  const runner = stepRunner(actionYml('upload-artifact'), {
    destination: 'gocd', server: gocd.goUrl, username: gocd.username, password: gocd.password, path: p.path, pipeline: 'up42', pipeline_counter: '1', stage: 'up42_stage', job: 'up42_job', remote_path: `action-${p.tag}`, compression_level: '0'
  })
  const part = p.packaged ? 'file' : 'zipfile'
  const curl = ['-sS', '-f', '-u', `${gocd.username}:${gocd.password}`, '-H', 'Confirm: true', '-F', `${part}=@${p.curlFile}`, `${gocd.goUrl}/files/up42/1/up42_stage/1/up42_job/curl-${p.tag}/${p.packaged ? 'big.bin' : ''}`]
  return { env: runner.env, curl, close: () => gocd.close().finally(() => runner.dispose()) }
}
