/**
 * The demo's closing verification: reads back, through the fakes' REST APIs (as a person would check Octopus,
 * GoCD and GitHub), that what the workflows reported really exists: the release with the uploaded package, each
 * deployment's task succeeded, the GoCD run passed with the release number as a variable, the workflow artifact is
 * listed, and the rotated secret is stored and is a working Octopus API key. Values that no REST API exposes (GoCD
 * run variables, a secret's plaintext) come from the fakes' in-process test API.
 */
import { createHash } from 'node:crypto'
import type { DemoSandbox } from './sandbox.js'
import { getBytes, getJson, githubHeaders, gocdHeaders, octopusHeaders } from './http.js'

export interface Check {
  name: string
  ok: boolean
  detail: string
}

/** What the workflows reported, to be confirmed by the fakes. */
export interface DemoFacts {
  project: string
  releaseNumber: string
  packageId: string
  packageSha256: string
  /** Environments the release was deployed to, in order. */
  environments: string[]
  gocd: { pipeline: string; counter: string; variables: Record<string, string> }
  artifactName: string
  secretName: string
  credentialId: string
}

interface OctopusProject {
  Id: string
  Name: string
}
interface OctopusRelease {
  Id: string
  Version: string
  SelectedPackages: { ActionName: string; Version: string }[]
}
interface OctopusDeployment {
  Id: string
  ReleaseId: string
  EnvironmentId: string
  TaskId: string
}

async function check(name: string, body: () => Promise<string>): Promise<Check> {
  try {
    return { name, ok: true, detail: await body() }
  } catch (err) {
    return { name, ok: false, detail: (err as Error).message }
  }
}

/** A reported value for a check's name; `(not reported)` when the workflow did not produce it. */
function shown(value: string): string {
  return value || '(not reported)'
}

function expect(condition: boolean, message: string): void {
  if (!condition) throw new Error(message)
}

async function octopusChecks(sb: DemoSandbox, f: DemoFacts): Promise<Check[]> {
  const { url, spaceId, apiKey } = sb.octopus
  const h = octopusHeaders(apiKey)
  const api = `${url}/api/${spaceId}`
  let release: OctopusRelease | undefined
  let project: OctopusProject | undefined
  const checks: Check[] = []
  checks.push(
    await check(`Octopus: release ${shown(f.releaseNumber)} of ${f.project} exists`, async () => {
      expect(!!f.releaseNumber, 'the release workflow reported no release number')
      project = (await getJson<OctopusProject[]>(`${api}/projects/all`, h)).find((p) => p.Name === f.project)
      expect(!!project, `no project named ${f.project}`)
      release = await getJson<OctopusRelease>(`${api}/projects/${project!.Id}/releases/${encodeURIComponent(f.releaseNumber)}`, h)
      const pkgs = release.SelectedPackages.map((p) => `${p.ActionName} ${p.Version}`)
      expect(release.SelectedPackages.every((p) => p.Version === f.releaseNumber), `the release uses ${pkgs.join(', ')}`)
      return `${release.Id} with ${pkgs.join(', ')}`
    })
  )
  checks.push(
    await check(`Octopus: package ${shown(f.packageId)} ${f.releaseNumber} is in the built-in feed`, async () => {
      expect(!!f.packageId && !!f.packageSha256, 'the release workflow reported no package')
      const id = `packages-${f.packageId}.${f.releaseNumber}`
      const bytes = await getBytes(`${api}/packages/${id}/raw`, h)
      const sha = createHash('sha256').update(bytes).digest('hex')
      expect(sha === f.packageSha256, `the feed holds ${sha}, the upload reported ${f.packageSha256}`)
      return `${bytes.length} bytes, SHA-256 ${sha.slice(0, 12)}… as uploaded`
    })
  )
  for (const environment of f.environments) {
    checks.push(
      await check(`Octopus: deployment to ${environment} succeeded`, async () => {
        expect(!!project && !!release, 'the release was not found')
        const envs = await getJson<{ Items: { Id: string; Name: string }[] }>(`${api}/environments?name=${encodeURIComponent(environment)}`, h)
        const env = envs.Items.find((e) => e.Name === environment)
        expect(!!env, `no environment ${environment}`)
        const page = await getJson<{ Items: OctopusDeployment[] }>(`${api}/deployments?projects=${project!.Id}&environments=${env!.Id}`, h)
        const deployments = page.Items.filter((d) => d.ReleaseId === release!.Id)
        expect(deployments.length === 1, `${deployments.length} deployments of ${f.releaseNumber} to ${environment}`)
        const task = await getJson<{ State: string; Duration: string }>(`${url}/api/tasks/${deployments[0].TaskId}`, h)
        expect(task.State === 'Success', `task ${deployments[0].TaskId} is ${task.State}`)
        return `${deployments[0].Id}, task ${deployments[0].TaskId} ${task.State} (${task.Duration})`
      })
    )
  }
  return checks
}

async function gocdCheck(sb: DemoSandbox, f: DemoFacts): Promise<Check> {
  const { pipeline, counter, variables } = f.gocd
  return check(`GoCD: ${pipeline} run ${shown(counter)} passed with the release variables`, async () => {
    expect(!!counter, 'the promotion workflow reported no GoCD run')
    const run = await getJson<{ stages: { name: string; result: string }[] }>(`${sb.gocd.goUrl}/api/pipelines/${pipeline}/${counter}`, gocdHeaders(sb.gocd.token))
    const stages = run.stages.map((s) => `${s.name} ${s.result}`)
    expect(run.stages.length > 0 && run.stages.every((s) => s.result === 'Passed'), `stages: ${stages.join(', ')}`)
    const sent = sb.gocd.state.run(pipeline, Number(counter))?.environmentVariables ?? []
    for (const [name, value] of Object.entries(variables)) {
      const got = sent.find((v) => v.name === name)?.value
      expect(got === value, `variable ${name} is ${got === undefined ? 'not set' : `'${got}'`}, expected '${value}'`)
    }
    return `${stages.join(', ')}; ${Object.entries(variables)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')}`
  })
}

async function githubChecks(sb: DemoSandbox, f: DemoFacts): Promise<Check[]> {
  const { apiUrl, owner, repo, token } = sb.github
  const h = githubHeaders(token)
  const artifact = await check(`GitHub: workflow artifact ${shown(f.artifactName)} is listed`, async () => {
    expect(!!f.artifactName, 'the release workflow reported no artifact')
    const list = await getJson<{ total_count: number; artifacts: { id: number; size_in_bytes: number }[] }>(
      `${apiUrl}/repos/${owner}/${repo}/actions/artifacts?name=${encodeURIComponent(f.artifactName)}`,
      h
    )
    expect(list.total_count === 1, `${list.total_count} artifacts named ${f.artifactName}`)
    return `artifact ${list.artifacts[0].id}, ${list.artifacts[0].size_in_bytes} bytes`
  })
  const secret = await check(`GitHub: secret ${f.secretName} holds a working Octopus API key`, async () => {
    expect(!!f.credentialId, 'the rotation workflow reported no new key')
    const meta = await getJson<{ updated_at: string }>(`${apiUrl}/repos/${owner}/${repo}/actions/secrets/${f.secretName}`, h)
    const value = sb.github.readSecret({ repo }, f.secretName)
    expect(!!value, 'the secret has no value')
    const me = await getJson<{ Id: string; Username: string }>(`${sb.octopus.url}/api/users/me`, octopusHeaders(value!))
    const keys = await getJson<{ Items: { Id: string }[] }>(`${sb.octopus.url}/api/users/${me.Id}/apikeys?take=100`, octopusHeaders(sb.octopus.apiKey))
    expect(
      keys.Items.some((k) => k.Id === f.credentialId),
      `${f.credentialId} is not among the API keys of ${me.Username}`
    )
    return `updated ${meta.updated_at}; signs in to Octopus as ${me.Username} (key ${f.credentialId})`
  })
  return [artifact, secret]
}

export async function verifyDemo(sb: DemoSandbox, facts: DemoFacts): Promise<Check[]> {
  return [...(await octopusChecks(sb, facts)), await gocdCheck(sb, facts), ...(await githubChecks(sb, facts))]
}
