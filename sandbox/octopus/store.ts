/**
 * The fake's in-memory database: collections, global id counters (Octopus ids are `<Collection>-<n>`), and the
 * lookups the routes share (by id, name or slug, case-insensitively, as the real server resolves names).
 */
import type {
  ApiKey,
  Channel,
  Deployment,
  Environment,
  Lifecycle,
  Machine,
  Project,
  Release,
  Space,
  TagSet,
  Tenant,
  User
} from './model.js'
import type { BuildInformation } from './build-information.js'
import type { Runbook, RunbookRun, RunbookSnapshot } from './runbook-model.js'
import { compareVersions } from './versions.js'

interface Named {
  Id: string
  Name: string
  SpaceId?: string
  Slug?: string
}

export class OctopusStore {
  readonly spaces: Space[] = []
  readonly environments: Environment[] = []
  readonly lifecycles: Lifecycle[] = []
  readonly projects: Project[] = []
  readonly channels: Channel[] = []
  readonly tagSets: TagSet[] = []
  readonly tenants: Tenant[] = []
  readonly machines: Machine[] = []
  readonly releases: Release[] = []
  readonly deployments: Deployment[] = []
  readonly users: User[] = []
  readonly apiKeys: ApiKey[] = []
  readonly runbooks: Runbook[] = []
  readonly runbookSnapshots: RunbookSnapshot[] = []
  readonly runbookRuns: RunbookRun[] = []
  readonly buildInformation: BuildInformation[] = []
  private readonly counters = new Map<string, number>()

  nextId(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1
    this.counters.set(prefix, n)
    return `${prefix}-${n}`
  }

  defaultSpace(): Space {
    const s = this.spaces.find((x) => x.IsDefault) ?? this.spaces[0]
    if (!s) throw new Error('the fake has no space')
    return s
  }

  /** A space by id, name or slug. */
  findSpace(ident: string): Space | undefined {
    const i = ident.toLowerCase()
    return (
      this.spaces.find((s) => s.Id.toLowerCase() === i) ??
      this.spaces.find((s) => s.Name.toLowerCase() === i) ??
      this.spaces.find((s) => s.Slug.toLowerCase() === i)
    )
  }

  /** Finds by id first, then by exact name, then case-insensitive name or slug, within a space. */
  static byIdOrName<T extends Named>(list: T[], spaceId: string, ident: string): T | undefined {
    const inSpace = list.filter((x) => x.SpaceId === undefined || x.SpaceId === spaceId)
    const lower = ident.toLowerCase()
    return (
      inSpace.find((x) => x.Id.toLowerCase() === lower) ??
      inSpace.find((x) => x.Name === ident) ??
      inSpace.find((x) => x.Name.toLowerCase() === lower || x.Slug?.toLowerCase() === lower)
    )
  }

  project(spaceId: string, ident: string): Project | undefined {
    return OctopusStore.byIdOrName(this.projects, spaceId, ident)
  }

  environment(spaceId: string, ident: string): Environment | undefined {
    return OctopusStore.byIdOrName(this.environments, spaceId, ident)
  }

  lifecycle(id: string): Lifecycle | undefined {
    return this.lifecycles.find((l) => l.Id === id)
  }

  channelsOf(projectId: string): Channel[] {
    return this.channels.filter((c) => c.ProjectId === projectId)
  }

  defaultChannel(projectId: string): Channel | undefined {
    const list = this.channelsOf(projectId)
    return list.find((c) => c.IsDefault) ?? list[0]
  }

  /** The lifecycle a release in this channel follows (the channel's own, else the project's). */
  lifecycleFor(project: Project, channel: Channel | undefined): Lifecycle | undefined {
    return this.lifecycle(channel?.LifecycleId ?? project.LifecycleId)
  }

  releasesOf(projectId: string): Release[] {
    return this.releases.filter((r) => r.ProjectId === projectId)
  }

  /** The project's releases, highest version first. */
  latestRelease(projectId: string): Release | undefined {
    return [...this.releasesOf(projectId)].sort((a, b) => compareVersions(b.Version, a.Version))[0]
  }

  tenant(spaceId: string, ident: string): Tenant | undefined {
    return OctopusStore.byIdOrName(this.tenants, spaceId, ident)
  }

  /** A runbook of a project by id, exact name, then case-insensitive name or slug. */
  runbook(projectId: string, ident: string): Runbook | undefined {
    const list = this.runbooks.filter((r) => r.ProjectId === projectId)
    const lower = ident.toLowerCase()
    return (
      list.find((r) => r.Id.toLowerCase() === lower) ??
      list.find((r) => r.Name === ident) ??
      list.find((r) => r.Name.toLowerCase() === lower || r.Slug === lower)
    )
  }

  user(id: string): User | undefined {
    return this.users.find((u) => u.Id.toLowerCase() === id.toLowerCase())
  }
}

export function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
}
