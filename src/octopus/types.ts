/** The parts of Octopus resources the suite reads (the server sends many more fields). */

export type Links = Record<string, string>

export interface RootDocument {
  Application?: string
  Version: string
  ApiVersion?: string
  InstallationId?: string
  Links: Links
}

export interface NamedResource {
  Id: string
  Name: string
  Slug?: string
  Links?: Links
}

export interface SpaceResource extends NamedResource {
  IsDefault?: boolean
}

export interface ProjectResource extends NamedResource {
  SpaceId: string
  IsDisabled?: boolean
  IsVersionControlled?: boolean
  PersistenceSettings?: { Type?: string; DefaultBranch?: string }
  TenantedDeploymentMode?: 'Untenanted' | 'TenantedOrUntenanted' | 'Tenanted'
  DeploymentProcessId?: string
  LifecycleId?: string
}

export interface ChannelResource extends NamedResource {
  ProjectId: string
  IsDefault: boolean
  LifecycleId?: string | null
}

export interface EnvironmentResource extends NamedResource {
  SpaceId?: string
}

export interface TenantResource extends NamedResource {
  SpaceId?: string
  TenantTags?: string[]
  ProjectEnvironments?: Record<string, string[]>
}

export interface SelectedPackage {
  ActionName: string
  PackageReferenceName?: string | null
  Version: string
}

export interface ReleaseResource {
  Id: string
  SpaceId?: string
  ProjectId: string
  ChannelId: string
  Version: string
  ReleaseNotes?: string | null
  Assembled?: string
  SelectedPackages?: SelectedPackage[]
  SelectedGitResources?: { ActionName: string; GitResourceReferenceName?: string; GitReferenceResource?: { GitRef?: string; GitCommit?: string } }[]
  VersionControlReference?: { GitRef?: string; GitCommit?: string } | null
  CustomFields?: Record<string, string>
  Links?: Links
}

export interface Collection<T> {
  ItemType?: string
  TotalResults?: number
  ItemsPerPage?: number
  Items: T[]
  Links?: Links
}
