/**
 * What the example workflows reported (their step outputs), gathered into the facts the verification confirms
 * against the fakes. A missing workflow or output leaves a field empty, which its check then reports.
 */
import type { WorkflowResult } from '../tools/workflow-runner/types.js'
import type { DemoFacts } from './verify.js'

function output(result: WorkflowResult | undefined, job: string, step: string, name: string): string {
  return result?.jobs[job]?.steps.find((s) => s.id === step)?.outputs[name] ?? ''
}

function firstPackage(json: string): { id: string; sha256: string } {
  try {
    const [pkg] = JSON.parse(json) as { id: string; sha256: string }[]
    return { id: pkg?.id ?? '', sha256: pkg?.sha256 ?? '' }
  } catch {
    return { id: '', sha256: '' }
  }
}

export function factsFrom(runs: {
  release?: WorkflowResult
  promote?: WorkflowResult
  rotate?: WorkflowResult
  promotedTo: string
  pipeline: string
}): DemoFacts {
  const releaseNumber = output(runs.release, 'release', 'release', 'release_number')
  const pkg = firstPackage(output(runs.release, 'release', 'release', 'packages'))
  return {
    project: 'Random Quotes',
    releaseNumber,
    packageId: pkg.id,
    packageSha256: pkg.sha256,
    environments: ['Dev', runs.promotedTo],
    gocd: {
      pipeline: runs.pipeline,
      counter: output(runs.promote, 'smoke-tests', 'gocd', 'counter'),
      variables: { RELEASE_NUMBER: releaseNumber, OCTOPUS_ENVIRONMENT: runs.promotedTo }
    },
    artifactName: releaseNumber ? `site-${releaseNumber}` : '',
    secretName: 'OCTOPUS_API_KEY',
    credentialId: output(runs.rotate, 'rotate', 'rotate', 'credential_id')
  }
}
