/**
 * The Octopus fake's domain model: what a real server stores for the routes the suite uses. Field names follow the
 * REST resources (PascalCase) so that resources can be rendered with few renames.
 */

export interface Space {
  Id: string
  Name: string
  Slug: string
  Description: string
  IsDefault: boolean
}

export interface Environment {
  Id: string
  SpaceId: string
  Name: string
  Slug: string
  SortOrder: number
  UseGuidedFailure: boolean
}

export interface Phase {
  Id: string
  Name: string
  /** Environments in this phase (the real resource splits them into automatic and optional targets). */
  EnvironmentIds: string[]
  /** 0 = every environment of the phase must have a successful deployment before promotion. */
  MinimumEnvironmentsBeforePromotion: number
  IsOptionalPhase: boolean
}

export interface Lifecycle {
  Id: string
  SpaceId: string
  Name: string
  Description: string
  Phases: Phase[]
}

export interface PackageReference {
  /** Reference name: '' for a step's primary package. */
  Name: string
  PackageId: string
  FeedId: string
}

export interface Step {
  Id: string
  Name: string
  ActionType: string
  Packages: PackageReference[]
  /** Run only in these environments (empty: all). */
  Environments: string[]
  /** Skip in these environments. */
  ExcludedEnvironments: string[]
  /** 'Success' runs only while nothing failed; 'Always' runs even after a failure. */
  Condition: 'Success' | 'Always'
  /** Manual intervention instructions: the step creates a pending interruption. */
  Instructions?: string
  /** Git resources used by the step (version-controlled scripts), by name. */
  GitResources?: string[]
}

export interface PromptedVariable {
  Name: string
  Label: string
  Required: boolean
  Default?: string
}

export interface Project {
  Id: string
  SpaceId: string
  Name: string
  Slug: string
  Description: string
  LifecycleId: string
  ProjectGroupId: string
  IsDisabled: boolean
  IsVersionControlled: boolean
  /** Branches of a version-controlled project, full ref names (`refs/heads/main`). */
  GitRefs: string[]
  DefaultBranch?: string
  TenantedDeploymentMode: 'Untenanted' | 'TenantedOrUntenanted' | 'Tenanted'
  Steps: Step[]
  PromptedVariables: PromptedVariable[]
  /** Template used when a release version is not given; `#{Octopus.Version.NextPatch}` style tokens. */
  VersionTemplate: string
}

export interface ChannelRule {
  Id: string
  /** NuGet version range, e.g. `[2.0,3.0)`. */
  VersionRange: string
  /** Regular expression the pre-release tag must match (empty: any). */
  Tag: string
  /** Step names whose packages the rule applies to. */
  ActionPackages: { DeploymentAction: string; PackageReference: string }[]
}

export interface Channel {
  Id: string
  SpaceId: string
  ProjectId: string
  Name: string
  Description: string
  IsDefault: boolean
  LifecycleId: string | null
  Rules: ChannelRule[]
}

export interface TagSet {
  Id: string
  SpaceId: string
  Name: string
  Tags: { Id: string; Name: string; CanonicalTagName: string }[]
}

export interface Tenant {
  Id: string
  SpaceId: string
  Name: string
  /** Project id -> environment ids the tenant is connected to. */
  ProjectEnvironments: Record<string, string[]>
  /** Canonical tag names (`Tier/Gold`). */
  TenantTags: string[]
}

export interface Machine {
  Id: string
  SpaceId: string
  Name: string
  EnvironmentIds: string[]
  Roles: string[]
}

export interface SelectedPackage {
  ActionName: string
  PackageReferenceName: string
  Version: string
}

export interface Release {
  Id: string
  SpaceId: string
  ProjectId: string
  ChannelId: string
  Version: string
  ReleaseNotes: string | null
  Assembled: string
  SelectedPackages: SelectedPackage[]
  SelectedGitResources: { ActionName: string; GitResourceReferenceName: string; GitReferenceResource: { GitRef: string; GitCommit: string } }[]
  CustomFields: Record<string, string>
  VersionControlReference: { GitRef: string; GitCommit: string } | null
  IgnoreChannelRules: boolean
  /** The build information of the selected package versions, as rendered when the release was created. */
  BuildInformation: unknown[]
}

export interface Deployment {
  Id: string
  SpaceId: string
  ProjectId: string
  ReleaseId: string
  ChannelId: string
  EnvironmentId: string
  TenantId: string | null
  TaskId: string
  Name: string
  Created: string
  QueueTime: string | null
  QueueTimeExpiry: string | null
  SkipActions: string[]
  SpecificMachineIds: string[]
  ExcludedMachineIds: string[]
  ForcePackageDownload: boolean
  ForcePackageRedeployment: boolean
  UseGuidedFailure: boolean
  FormValues: Record<string, string>
  Comments: string | null
  DebugMode: string
  Priority: string
}

export interface StoredPackage {
  SpaceId: string
  PackageId: string
  Version: string
  FileExtension: string
  FeedId: string
  /** sha256 hex of the bytes (`Hash` in the resource is sha1 on real servers; both are kept). */
  Sha256: string
  Sha1: string
  Size: number
  Published: string
  /** Bytes kept in memory (small uploads, or when asked); otherwise `path` points at a temp file. */
  bytes?: Buffer
  path?: string
}

export interface ApiKey {
  Id: string
  UserId: string
  Purpose: string
  /** The plaintext key: a real server stores a hash; the fake keeps it to authenticate. */
  Key: string
  Created: string
  Expires: string | null
  ActorType: 'User' | 'AiAgent'
  LastUsedTimeStamp: string | null
  Revoked: boolean
}

export interface User {
  Id: string
  Username: string
  DisplayName: string
  EmailAddress: string
  IsService: boolean
  IsActive: boolean
  /** Service accounts: OIDC identities trusted for the token exchange. */
  OidcIdentities: { Issuer: string; Subject: string }[]
  /** Service account id (GUID) used as the `aud` of the token exchange. */
  ServiceAccountId?: string
}
