/**
 * The GitHub fake: REST (api.github.com at `/`, GHES at `/api/v3`) validated against GitHub's OpenAPI description,
 * secrets with real sealed boxes, variables, workflow dispatch, runs and artifacts; and the Actions runtime services
 * (OIDC ID tokens, the artifact results Twirp service, Azure-style blob storage). See README.md.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Clock, Router, startFakeServer, type FakeServer, type Ledger } from '../common/index.js'
import { ghError, notFound } from './errors.js'
import type { SpecFlavour } from './openapi/spec-subset.js'
import { RateLimiter, type RateLimitOptions } from './rate-limit.js'
import { createRestHandler, describeInvalid, type InvalidRequest, type InvalidResponse, type RestHandler } from './rest.js'
import type { GitRepo, Commit } from './git.js'
import { registerArtifactRoutes } from './routes/artifacts.js'
import { addDeploymentStatus, createJobDeployment, registerDeploymentRoutes } from './routes/deployments.js'
import { registerEnvironmentRoutes } from './routes/environments.js'
import { registerGitRoutes } from './routes/git.js'
import { registerRepoRoutes } from './routes/repos.js'
import { registerRunRoutes, type RunTiming } from './routes/runs.js'
import { registerVariableRoutes } from './routes/variables.js'
import { ArtifactStore } from './runtime/artifacts.js'
import { registerTwirpRoutes } from './runtime/artifact-twirp.js'
import { BlobStorage } from './runtime/blob-storage.js'
import { registerSecretRoutes, type SecretWrite } from './routes/secrets.js'
import { buildRunnerEnv, type RunnerEnv, type RunnerEnvOptions } from './runner-env.js'
import { JobRegistry } from './runtime/jobs.js'
import { ID_TOKEN_PATH, OidcIssuer, registerOidcRoutes } from './runtime/oidc.js'
import { sodiumReady } from './sealed-box.js'
import { addCommits, seedHistory, type AddCommitsOptions } from './seed.js'
import { GitHubStore, type Deployment, type Environment, type Repo, type SecretScope, type Workflow, type WorkflowInput } from './store.js'
import { newPat, newWorkflowToken, workflowPermissions, type Permissions, type TokenInfo } from './tokens.js'

export interface GithubFakeOptions extends RateLimitOptions {
  owner?: string
  repo?: string
  /** Organization login (default: the owner; the main repo then belongs to the org). */
  org?: string
  /** Serve as GitHub Enterprise Server: apiUrl gets `/api/v3`, requests are validated against this GHES spec. */
  ghes?: boolean | SpecFlavour
  clock?: Clock
  /** Dispatched runs progress queued -> in_progress -> completed on the clock (default: they stay queued). */
  dispatchTiming?: RunTiming
  seed?: number
  port?: number
  /** Generate an own OIDC signing key (default: one key per process, shared by fakes; RSA keygen is slow). */
  freshOidcKey?: boolean
  /**
   * Check every REST answer against GitHub's OpenAPI description; `close()` then fails when one did not match.
   * Default: on when the environment has `GITHUB_FAKE_CHECK_RESPONSES=1` (the test suite sets it), off otherwise.
   */
  checkResponses?: boolean
}

/** The switch the test suite turns on (see `__tests__/global-setup.mjs`). */
export const CHECK_RESPONSES_ENV = 'GITHUB_FAKE_CHECK_RESPONSES'

export type SecretScopeRef =
  | { repo?: string; owner?: string }
  | { environment: string; repo?: string; owner?: string }
  | { org: string }
  | { dependabot: 'repo'; repo?: string; owner?: string }
  | { dependabot: 'org'; org: string }

export interface GithubFake {
  /** REST root as a client configures it (`GITHUB_API_URL`). */
  apiUrl: string
  /** Web root (`GITHUB_SERVER_URL`). On github.com mode its host is `github.localhost` so @actions/artifact does not
   *  take it for GHES; it is not fetched by clients. */
  serverUrl: string
  /** The loopback origin of the server (results service, blob storage). */
  url: string
  /** OIDC issuer (`iss` of ID tokens) and its JWKS URL. */
  oidcIssuer: string
  jwksUri: string
  token: string
  workflowToken: string
  owner: string
  repo: string
  org: string
  server: FakeServer
  store: GitHubStore
  clock: Clock
  limiter: RateLimiter
  oidc: OidcIssuer
  jobs: JobRegistry
  /** Requests rejected by the OpenAPI validation (tests assert this stays empty for their own traffic). */
  invalidRequests: InvalidRequest[]
  /** Answers that did not match the OpenAPI description (only with `checkResponses`; `close()` fails when any). */
  invalidResponses: InvalidResponse[]
  /** operationId -> the statuses the fake answered it with so far (what tests exercised). */
  answered: Map<string, Set<number>>
  /** The operationIds the fake implements. */
  implemented(): string[]
  /** Spec operations that were called but the fake does not implement (answered 501). */
  unimplemented: { method: string; path: string; operationId: string }[]
  secretWrites: SecretWrite[]
  artifacts: ArtifactStore
  blobs: BlobStorage
  /** Results-service requests rejected as malformed. */
  twirpInvalid: { method: string; msg: string }[]
  /** Declares a workflow file (`inputs` are its workflow_dispatch inputs; `dispatch: false` = no such trigger). */
  addWorkflow(file: string, opts?: { inputs?: Record<string, WorkflowInput>; dispatch?: boolean; repo?: string }): Workflow
  /** Makes CreateArtifact fail with the storage-quota error (`UsageError` in @actions/artifact). */
  setArtifactQuotaExceeded(exceeded: boolean): void
  /** Marks a run completed (dispatch creates runs `queued`). */
  completeRun(runId: number, conclusion?: string): void
  /**
   * Ends a job as GitHub does: for a job with `environment:`, its deployment gets a final status (`success` for
   * conclusion `success`, else `failure`; `environment_url` from the job's `environment.url`).
   */
  completeJob(jobId: number, conclusion?: 'success' | 'failure', opts?: { environmentUrl?: string }): void
  /** Deployments of a repository (default the main one), oldest first. */
  deployments(repo?: string): Deployment[]
  /** The decrypted value of a stored secret (test API). */
  readSecret(scope: SecretScopeRef, name: string): string | undefined
  scope(scope: SecretScopeRef): SecretScope
  addRepo(name: string, opts?: { owner?: string; private?: boolean }): Repo
  addEnvironment(name: string, repo?: string): Environment
  /** The git history of a repository (default the main one, which starts with the history in seed.ts). */
  git(repo?: string): GitRepo
  /** Appends `count` commits to a branch (default `main`) of a repository (`repo`, default the main one). */
  addCommits(count: number, opts?: AddCommitsOptions & { repo?: string }): Commit[]
  /** Content-creating requests allowed per window (secondary limit). */
  setSecondaryLimit(perMinute: number, status?: 403 | 429): void
  /**
   * Another PAT or workflow token. A workflow token acts for one repository (`owner/name`, default the main one)
   * with the permissions of a job's `permissions:` block (default GitHub's permissive set; named keys only, others
   * `none`, when given).
   */
  addToken(kind: 'pat' | 'workflow', repo?: string, opts?: { permissions?: Permissions }): string
  runnerEnv(opts?: RunnerEnvOptions): Promise<RunnerEnv>
  close(): Promise<void>
}

export async function startGithubFake(options: GithubFakeOptions = {}): Promise<GithubFake> {
  await sodiumReady()
  const clock = options.clock ?? new Clock()
  const owner = options.owner ?? 'octo-org'
  const orgLogin = options.org ?? owner
  const repoName = options.repo ?? 'deploy-app'
  const ghesFlavour: SpecFlavour = typeof options.ghes === 'string' ? options.ghes : 'ghes-3.19'
  const store = new GitHubStore(clock)
  const org = store.addOrg(orgLogin)
  const mainRepo = store.addRepo(owner, repoName, { private: true })
  seedHistory(mainRepo.git, clock.now())
  store.addRepo(orgLogin, 'website')
  store.addRepo(orgLogin, 'infrastructure', { private: true })
  const limiter = new RateLimiter(clock, options)
  const tokens = new Map<string, TokenInfo>()
  const jobs = new JobRegistry()
  const handlers = new Map<string, RestHandler>()
  const invalidRequests: InvalidRequest[] = []
  const invalidResponses: InvalidResponse[] = []
  const answered = new Map<string, Set<number>>()
  const checkResponses = options.checkResponses ?? process.env[CHECK_RESPONSES_ENV] === '1'
  const unimplemented: GithubFake['unimplemented'] = []
  const secretWrites: SecretWrite[] = []
  const runnerDirs: string[] = []
  let url = ''
  const serverUrl = () => (options.ghes ? url : url.replace('127.0.0.1', 'github.localhost'))
  const oidc = await OidcIssuer.create(() => url, options.freshOidcKey)

  const addToken = (kind: 'pat' | 'workflow', repo?: string, opts: { permissions?: Permissions } = {}): string => {
    const token = kind === 'pat' ? newPat() : newWorkflowToken()
    const r = repo ? store.repo(...(repo.split('/') as [string, string])) : mainRepo
    if (kind === 'pat') store.addUser('octocat', 583231)
    tokens.set(token, {
      token,
      kind,
      login: kind === 'pat' ? 'octocat' : 'github-actions[bot]',
      userId: kind === 'pat' ? 583231 : 41898282,
      repo: kind === 'workflow' ? r : undefined,
      limit: kind === 'pat' ? 5000 : 1000,
      permissions: kind === 'workflow' ? workflowPermissions(opts.permissions) : undefined
    })
    return token
  }
  const token = addToken('pat')
  const workflowToken = addToken('workflow')

  const router = new Router()
  const blobs = new BlobStorage(clock, () => url)
  const artifacts = new ArtifactStore(blobs, clock)
  const twirpInvalid: { method: string; msg: string }[] = []
  const quota = { exceeded: false }
  const live: { server?: FakeServer } = {}
  registerOidcRoutes(router, oidc, jobs, serverUrl)
  registerTwirpRoutes(router, {
    oidc,
    jobs,
    artifacts,
    invalid: twirpInvalid,
    quotaExceeded: () => quota.exceeded,
    // The ledger belongs to the server, which starts after the routes exist.
    get ledger(): Ledger {
      return live.server!.ledger
    }
  })
  blobs.register(router)
  const rest = createRestHandler({ store, limiter, tokens, handlers, invalidRequests, unimplemented, checkResponses, invalidResponses, answered, ghesFlavour, baseUrl: () => url, serverUrl })
  for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']) {
    router.add(method, '/api/v3/*rest', (req) => rest(req, '/api/v3'))
    router.add(method, '/*rest', (req) => rest(req, ''))
  }
  const server = await startFakeServer({
    router,
    seed: options.seed,
    port: options.port,
    notFound: () => notFound(),
    onError: (_req, err) => ghError(500, `Server Error: ${err instanceof Error ? err.message : String(err)}`)
  })
  live.server = server
  url = server.url
  const ledger = server.ledger
  registerSecretRoutes(handlers, { ledger, serverUrl, onWrite: (w) => secretWrites.push(w) })
  registerVariableRoutes(handlers, { ledger, serverUrl })
  registerRepoRoutes(handlers)
  registerEnvironmentRoutes(handlers)
  registerDeploymentRoutes(handlers, { ledger })
  registerRunRoutes(handlers, { jobs, ledger, serverUrl, now: () => clock.now(), dispatchTiming: options.dispatchTiming })
  registerArtifactRoutes(handlers, { artifacts, jobs, ledger })
  registerGitRoutes(handlers)

  const repoOf = (name?: string, ownerLogin?: string): Repo => {
    const r = name ? (name.includes('/') ? store.repo(...(name.split('/') as [string, string])) : store.repo(ownerLogin ?? owner, name)) : mainRepo
    if (!r) throw new Error(`no repository ${ownerLogin ?? owner}/${name}`)
    return r
  }
  const scope = (ref: SecretScopeRef): SecretScope => {
    if ('environment' in ref) {
      const env = repoOf(ref.repo, ref.owner).environments.get(ref.environment.toLowerCase())
      if (!env) throw new Error(`no environment ${ref.environment}`)
      return env.secrets
    }
    if ('dependabot' in ref) return ref.dependabot === 'org' ? store.org(ref.org)!.dependabot : repoOf(ref.repo, ref.owner).dependabot
    if ('org' in ref) {
      const o = store.org(ref.org)
      if (!o) throw new Error(`no org ${ref.org}`)
      return o.secrets
    }
    return repoOf(ref.repo, ref.owner).secrets
  }

  return {
    apiUrl: options.ghes ? `${url}/api/v3` : url,
    serverUrl: serverUrl(),
    url,
    oidcIssuer: url,
    jwksUri: `${url}/.well-known/jwks`,
    token,
    workflowToken,
    owner,
    repo: repoName,
    org: org.login,
    server,
    store,
    clock,
    limiter,
    oidc,
    jobs,
    invalidRequests,
    invalidResponses,
    answered,
    implemented: () => [...handlers.keys()].sort(),
    unimplemented,
    secretWrites,
    artifacts,
    blobs,
    twirpInvalid,
    addWorkflow: (file, opts = {}) => store.addWorkflow(repoOf(opts.repo), file, opts),
    setArtifactQuotaExceeded: (exceeded) => {
      quota.exceeded = exceeded
    },
    completeRun: (runId, conclusion = 'success') => {
      const run = jobs.runs.get(runId)
      if (!run) throw new Error(`no run ${runId}`)
      run.status = 'completed'
      run.conclusion = conclusion
    },
    completeJob: (jobId, conclusion = 'success', opts = {}) => {
      const job = jobs.jobs.get(jobId)
      if (!job) throw new Error(`no job ${jobId}`)
      const repo = job.run.repo
      const d = repo.deployments.find((x) => x.jobId === jobId)
      if (!d) return
      const log = d.statuses.at(-1)?.log_url
      addDeploymentStatus(store, repo, d, { state: conclusion, creator: 'github-actions[bot]', viaActions: true, log_url: log, environment_url: opts.environmentUrl }, ledger)
    },
    deployments: (repo) => repoOf(repo).deployments,
    readSecret: (ref, name) => scope(ref).get(name)?.value,
    scope,
    addRepo: (name, opts = {}) => store.addRepo(opts.owner ?? orgLogin, name, { private: opts.private }),
    addEnvironment: (name, repo) => store.addEnvironment(repoOf(repo), name),
    git: (repo) => repoOf(repo).git,
    addCommits: (count, opts = {}) => addCommits(repoOf(opts.repo).git, count, clock.now(), opts),
    setSecondaryLimit: (perMinute, status) => {
      limiter.secondaryPerMinute = perMinute
      if (status) limiter.secondaryStatus = status
    },
    addToken,
    runnerEnv: async (opts = {}) => {
      const repo = repoOf(opts.repository)
      const run = (opts.runId ? jobs.runs.get(opts.runId) : undefined) ?? jobs.newRun(repo, { event: opts.event, ref: opts.ref, sha: opts.sha, actor: opts.actor, at: store.now() })
      const job = jobs.newJob(run, opts.jobName ?? 'build', opts.environment)
      job.runtimeToken = await oidc.runtimeToken(job)
      // A job that declares `environment:` gets its deployment from GitHub when it starts.
      if (opts.environment) createJobDeployment(store, job, serverUrl(), ledger)
      const apiUrl = options.ghes ? `${url}/api/v3` : url
      const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'gh-runner-'))
      if (!opts.dir) runnerDirs.push(dir)
      return buildRunnerEnv({ ...opts, dir }, {
        job,
        apiUrl,
        serverUrl: serverUrl(),
        graphqlUrl: options.ghes ? `${url}/api/graphql` : `${url}/graphql`,
        resultsUrl: url,
        idTokenRequestUrl: `${url}${ID_TOKEN_PATH}?api-version=2.0`,
        workflowToken,
        ownerId: store.owner(repo.owner).id
      })
    },
    close: async () => {
      await server.close()
      blobs.close()
      for (const d of runnerDirs) rmSync(d, { recursive: true, force: true })
      if (invalidResponses.length)
        throw new Error(`The GitHub fake answered ${invalidResponses.length} request(s) in a way GitHub's OpenAPI description does not allow (a bug in the fake):\n${describeInvalid(invalidResponses)}`)
    }
  }
}

export { sealForKey } from './sealed-box.js'
export type { RunnerEnv, RunnerEnvOptions } from './runner-env.js'
export type { InvalidRequest, InvalidResponse } from './rest.js'
