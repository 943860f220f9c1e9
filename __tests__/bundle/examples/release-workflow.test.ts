/**
 * .github/workflows/example-release.yml on a push to main, against the sandbox: the build is kept as a workflow
 * artifact, then the actions/release composite packs it into the Octopus feed, creates the release and deploys it to
 * Dev. The fakes hold exactly one of each, and the package in the feed is the build that ran.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import yauzl from 'yauzl'
import { runReleaseExample } from '../../../demo/examples.js'
import { startDemoSandbox, type DemoSandbox } from '../../../demo/sandbox.js'
import type { WorkflowResult } from '../../../tools/workflow-runner/types.js'
import { created, everything, FAST, job, NOTHING, step } from './helpers.js'

const SHA = '5f1c2e3d4b5a69788796a5b4c3d2e1f0a9b8c7d6'

function zipEntries(bytes: Buffer): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('no zip'))
      const files = new Map<string, string>()
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/')) return zip.readEntry()
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('no stream'))
          const chunks: Buffer[] = []
          stream.on('data', (c: Buffer) => chunks.push(c))
          stream.on('end', () => {
            files.set(entry.fileName, Buffer.concat(chunks).toString('utf8'))
            zip.readEntry()
          })
        })
      })
      zip.on('end', () => resolve(files))
      zip.on('error', reject)
      zip.readEntry()
    })
  })
}

describe('example-release.yml (push)', () => {
  let sb: DemoSandbox
  let result: WorkflowResult
  const live: string[] = []

  beforeAll(async () => {
    sb = await startDemoSandbox(FAST)
    result = await runReleaseExample(sb, SHA, { onLog: (l) => live.push(l) })
  })
  afterAll(() => sb.close())

  it('succeeds, with the release step expanded into upload -> create-release -> deploy', () => {
    expect(result.conclusion).toBe('success')
    expect(result.runName).toBe('Release main: Add a quote of the day')
    const release = step(job(result, 'release'), 'release')
    expect(release.steps?.map((s) => [s.id, s.outcome])).toEqual([
      ['upload', 'success'],
      ['release', 'success'],
      ['deploy', 'success']
    ])
    expect(release.outputs.task_state).toBe('Success')
    expect(job(result, 'release').outputs.release_number).toBe(release.outputs.release_number)
  })

  it('creates exactly one artifact, package, release and deployment, and nothing else', () => {
    expect(created(sb)).toEqual({ ...NOTHING, artifacts: 1, packages: 1, releases: 1, deployments: 1 })
  })

  it('the release holds the package built by the Build step, and its Dev deployment succeeded', async () => {
    const outputs = step(job(result, 'release'), 'release').outputs
    const version = outputs.release_number
    expect(version).toMatch(/^1\.4\.\d+$/)
    const release = sb.octopus.store.releases.find((r) => r.Id === outputs.release_id)
    expect(release?.Version).toBe(version)
    expect(release?.SelectedPackages.map((p) => p.Version)).toEqual([version])
    expect(release?.ReleaseNotes).toContain(`Built from ${SHA}`)

    const [pkg] = JSON.parse(outputs.packages) as { id: string; version: string; sha256: string }[]
    expect(pkg).toMatchObject({ id: 'randomquotes', version })
    expect(sb.octopus.storedPackage('randomquotes', version)?.Sha256).toBe(pkg.sha256)
    const files = await zipEntries(await sb.octopus.packageBytes('randomquotes', version))
    expect([...files.keys()].sort()).toEqual(['index.html', 'static/site.css', 'version.json'])
    expect(JSON.parse(files.get('version.json')!)).toEqual({ version, commit: SHA })

    const [task] = JSON.parse(outputs.server_tasks) as { serverTaskId: string; environmentName: string }[]
    expect(task.environmentName).toBe('Dev')
    expect(sb.octopus.task(task.serverTaskId)?.State).toBe('Success')
  })

  it('keeps the build as a workflow artifact of the run', () => {
    const artifact = step(job(result, 'release'), 'artifact')
    const version = job(result, 'release').outputs.release_number
    const listed = sb.github.server.ledger.of('artifact')
    expect(listed).toHaveLength(1)
    expect(JSON.stringify(listed[0])).toContain(`site-${version}`)
    expect(artifact.outputs.artifact_id).toMatch(/^\d+$/)
  })

  it('renders the job summary of every step and never shows the API key', () => {
    const summary = job(result, 'release').summary
    expect(summary).toContain('Octopus release')
    expect(summary).toContain('Octopus deployment: Random Quotes')
    expect(summary).toContain('- Dev deployment: Success')
    expect(everything(result) + live.join('\n')).not.toContain(sb.octopus.apiKey)
  })
})

describe('example-release.yml without the opt-in variable', () => {
  it('skips its job and creates nothing (the guard that keeps it from running in the suite repository)', async () => {
    const sb = await startDemoSandbox(FAST)
    try {
      const result = await runReleaseExample(sb, SHA, { vars: { ...sb.vars, DEPLOY_SUITE_EXAMPLES: '' } })
      expect(result.conclusion).toBe('success')
      expect(job(result, 'release').result).toBe('skipped')
      expect(created(sb)).toEqual(NOTHING)
    } finally {
      await sb.close()
    }
  })
})
