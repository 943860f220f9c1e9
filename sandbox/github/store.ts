/**
 * The fake's data: an org and users owning repositories (numeric ids), repo environments, and per-scope secret and
 * variable stores. Secret values are kept decrypted so tests can read back what a client sealed.
 */
import type { Clock } from '../common/index.js'
import { GitRepo } from './git.js'
import { newScopeKey, type ScopeKey } from './sealed-box.js'
import { ghTime } from './time.js'

export type Visibility = 'all' | 'private' | 'selected'

export interface StoredSecret {
  name: string
  value: string
  created_at: string
  updated_at: string
  /** Org secrets only. */
  visibility?: Visibility
  selected?: Set<number>
}

export interface StoredVariable {
  name: string
  value: string
  created_at: string
  updated_at: string
  visibility?: Visibility
  selected?: Set<number>
}

/** A place secrets live (repo, environment, org, Dependabot repo/org): its own key and its own secrets. */
export class SecretScope {
  key: ScopeKey = newScopeKey()
  readonly secrets = new Map<string, StoredSecret>()
  constructor(readonly label: string) {}
  get(name: string): StoredSecret | undefined {
    return this.secrets.get(name.toUpperCase())
  }
  /** Key reads still to be answered before the key rotates (see `rotateAfterNextRead`). */
  private rotations = 0

  /** Replaces the key pair (GitHub rotates keys; clients must fetch the current one). */
  rotateKey(): void {
    this.key = newScopeKey()
  }

  /**
   * Rotates the key right after each of the next `reads` public-key reads: the client that read it seals with a key
   * that is no longer current, and its write gets GitHub's 422.
   */
  rotateAfterNextRead(reads = 1): void {
    this.rotations = reads
  }

  /** The key to answer a public-key read with (rotating it afterwards when asked to). */
  readKey(): ScopeKey {
    const key = this.key
    if (this.rotations > 0) {
      this.rotations--
      this.rotateKey()
    }
    return key
  }
}

export class VariableScope {
  readonly variables = new Map<string, StoredVariable>()
  constructor(readonly label: string) {}
  get(name: string): StoredVariable | undefined {
    return this.variables.get(name.toUpperCase())
  }
}

export interface Environment {
  id: number
  name: string
  created_at: string
  updated_at: string
  secrets: SecretScope
  variables: VariableScope
  /** Protection rules set through `PUT …/environments/{name}`. */
  wait_timer?: number
  prevent_self_review?: boolean
  reviewers?: { type: 'User' | 'Team'; id: number }[]
  deployment_branch_policy?: { protected_branches: boolean; custom_branch_policies: boolean } | null
  /** Ids of the protection rules, stable across updates. */
  ruleIds: { wait_timer: number; required_reviewers: number; branch_policy: number }
}

export type DeploymentState = 'error' | 'failure' | 'inactive' | 'pending' | 'success' | 'queued' | 'in_progress'

export interface DeploymentStatus {
  id: number
  state: DeploymentState
  /** Login of the token that created it (`github-actions[bot]` for a workflow token). */
  creator: string
  /** Created through the GitHub Actions app (workflow token, or GitHub itself for a job's deployment). */
  viaActions: boolean
  description: string
  environment: string
  target_url: string
  log_url: string
  environment_url: string
  created_at: string
  updated_at: string
}

export interface Deployment {
  id: number
  sha: string
  ref: string
  task: string
  payload: Record<string, unknown> | string
  original_environment: string
  environment: string
  description: string | null
  creator: string
  viaActions: boolean
  created_at: string
  updated_at: string
  transient_environment: boolean
  production_environment: boolean
  /** Oldest first. */
  statuses: DeploymentStatus[]
  /** Set for the deployment GitHub creates for a job that declares `environment:`. */
  jobId?: number
}

/** A workflow_dispatch input as declared in the workflow file. */
export interface WorkflowInput {
  type?: 'string' | 'boolean' | 'choice' | 'number' | 'environment'
  required?: boolean
  default?: string
  options?: string[]
}

export interface Workflow {
  id: number
  name: string
  /** `.github/workflows/<file>` */
  path: string
  state: 'active' | 'disabled_manually'
  /** Declared `on.workflow_dispatch.inputs`; undefined when the workflow has no workflow_dispatch trigger. */
  dispatchInputs?: Record<string, WorkflowInput>
  created_at: string
}

export interface Repo {
  id: number
  owner: string
  name: string
  private: boolean
  visibility: 'public' | 'private' | 'internal'
  default_branch: string
  created_at: string
  /** Last push (moves with the git history). */
  pushed_at: string
  secrets: SecretScope
  dependabot: SecretScope
  variables: VariableScope
  environments: Map<string, Environment>
  workflows: Workflow[]
  /** Commits, branches, tags and commit statuses. */
  git: GitRepo
  /** Oldest first. */
  deployments: Deployment[]
}

export interface Org {
  id: number
  login: string
  created_at: string
  secrets: SecretScope
  dependabot: SecretScope
  variables: VariableScope
}

export class GitHubStore {
  readonly repos = new Map<string, Repo>()
  readonly orgs = new Map<string, Org>()
  private nextId = 100000

  /** When the fake's accounts were created. */
  readonly created_at: string

  constructor(readonly clock: Clock) {
    this.created_at = this.now()
  }

  /** Now as GitHub writes timestamps (whole seconds). */
  now(): string {
    return ghTime(this.clock.now())
  }

  id(): number {
    this.nextId += 1 + Math.floor(Math.random() * 7)
    return this.nextId
  }

  addOrg(login: string): Org {
    const existing = this.orgs.get(login.toLowerCase())
    if (existing) return existing
    const org: Org = {
      id: this.id(),
      login,
      created_at: this.now(),
      secrets: new SecretScope(`org ${login}`),
      dependabot: new SecretScope(`org ${login} dependabot`),
      variables: new VariableScope(`org ${login}`)
    }
    this.orgs.set(login.toLowerCase(), org)
    return org
  }

  addRepo(owner: string, name: string, opts: { private?: boolean; visibility?: Repo['visibility'] } = {}): Repo {
    const key = `${owner}/${name}`.toLowerCase()
    const existing = this.repos.get(key)
    if (existing) return existing
    const visibility = opts.visibility ?? (opts.private ? 'private' : 'public')
    const repo: Repo = {
      id: this.id(),
      owner,
      name,
      private: visibility !== 'public',
      visibility,
      default_branch: 'main',
      created_at: this.now(),
      pushed_at: this.now(),
      secrets: new SecretScope(`repo ${owner}/${name}`),
      dependabot: new SecretScope(`repo ${owner}/${name} dependabot`),
      variables: new VariableScope(`repo ${owner}/${name}`),
      environments: new Map(),
      workflows: [],
      git: new GitRepo(() => this.clock.now()),
      deployments: []
    }
    // Every repository has a default branch with one commit; the fake's main repository gets more (see seed.ts).
    repo.git.commit(repo.default_branch, { message: 'Initial commit', files: ['README.md'], at: this.clock.now() - 30 * 86_400_000 })
    this.addWorkflow(repo, 'deploy.yml', { inputs: { environment: { type: 'environment' }, version: { type: 'string' } } })
    this.repos.set(key, repo)
    return repo
  }

  repo(owner: string, name: string): Repo | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase())
  }

  repoById(id: number): Repo | undefined {
    for (const r of this.repos.values()) if (r.id === id) return r
    return undefined
  }

  org(login: string): Org | undefined {
    return this.orgs.get(login.toLowerCase())
  }

  private readonly userIds = new Map<string, number>()

  /** Id and type of an account owning repositories (an org when one of that name exists, else a user). */
  owner(login: string): { id: number; type: 'User' | 'Organization' } {
    const org = this.org(login)
    if (org) return { id: org.id, type: 'Organization' }
    let id = this.userIds.get(login.toLowerCase())
    if (id === undefined) {
      id = this.id()
      this.userIds.set(login.toLowerCase(), id)
    }
    return { id, type: 'User' }
  }

  /** The login of a known user id (tokens' users, repository owners seen so far). */
  loginOf(id: number): string | undefined {
    for (const [login, uid] of this.userIds) if (uid === id) return login
    return undefined
  }

  /** Declares a user account with a known id (a token's user). */
  addUser(login: string, id: number): void {
    this.userIds.set(login.toLowerCase(), id)
  }

  reposOfOwner(owner: string): Repo[] {
    return [...this.repos.values()].filter((r) => r.owner.toLowerCase() === owner.toLowerCase())
  }

  addWorkflow(repo: Repo, file: string, opts: { name?: string; inputs?: Record<string, WorkflowInput>; dispatch?: boolean } = {}): Workflow {
    const wf: Workflow = {
      id: this.id(),
      name: opts.name ?? file.replace(/\.ya?ml$/, ''),
      path: `.github/workflows/${file}`,
      state: 'active',
      dispatchInputs: opts.dispatch === false ? undefined : (opts.inputs ?? {}),
      created_at: this.now()
    }
    repo.workflows.push(wf)
    return wf
  }

  addEnvironment(repo: Repo, name: string): Environment {
    const existing = repo.environments.get(name.toLowerCase())
    if (existing) return existing
    const now = this.now()
    const env: Environment = {
      id: this.id(),
      name,
      created_at: now,
      updated_at: now,
      secrets: new SecretScope(`environment ${repo.owner}/${repo.name}:${name}`),
      variables: new VariableScope(`environment ${repo.owner}/${repo.name}:${name}`),
      ruleIds: { wait_timer: this.id(), required_reviewers: this.id(), branch_policy: this.id() }
    }
    repo.environments.set(name.toLowerCase(), env)
    return env
  }
}
