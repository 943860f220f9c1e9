/** What a release is created from, and what creating it produced. */
import type { ChannelResource, ProjectResource, ReleaseResource } from '../types.js'

export interface ReleaseRequest {
  /** Project name, slug or id. */
  project: string
  /** Release version; undefined = the server picks the next one from the project's versioning template. */
  releaseNumber?: string
  /** Channel name or id; undefined = the best channel for the packages (executions API) / the default channel (legacy). */
  channel?: string
  /** Version used for every package no selection names. */
  packageVersion?: string
  /** Package selections, already shape-checked (`Step:Version`, `PackageId:Version`, `Step:Ref:Version`, `*`). */
  packages: string[]
  gitRef?: string
  gitCommit?: string
  /** `StepName:GitRef` or `StepName:GitResourceName:GitRef`. */
  gitResources: string[]
  releaseNotes?: string
  customFields: Record<string, string>
  /** Reuse a release with the same version instead of failing. */
  ignoreExisting: boolean
  ignoreChannelRules: boolean
  /** Pre-release tag used to pick the latest package versions (e.g. `beta`). */
  packagePrerelease?: string
}

export interface ReleasePackage {
  step: string
  /** Package reference name ('' for a step's primary package). */
  reference: string
  /** Package id when known. */
  packageId?: string
  version: string
}

export interface CreatedRelease {
  release: ReleaseResource
  project: ProjectResource
  channel: ChannelResource
  /** The release existed already and was reused (`ignore_existing`). */
  existing: boolean
  /** A retried request found that the first attempt had created the release. */
  reconciled: boolean
  /** Web portal page of the release. */
  url: string
  flow: 'executions' | 'legacy'
  packages: ReleasePackage[]
}
