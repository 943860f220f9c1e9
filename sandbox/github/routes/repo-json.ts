/**
 * GitHub's JSON for accounts and repositories, field for field as the OpenAPI description requires them:
 * `simple-user` (repository owners, actors, creators: organizations too, with `/users/` URLs as GitHub sends them),
 * `private-user` (`GET /user`), `organization-full` (`GET /orgs/{org}`), `minimal-repository` (lists, runs) and
 * `full-repository` (`GET /repos/{owner}/{repo}`).
 */
import type { GitHubStore, Org, Repo } from '../store.js'

/** Where the JSON points: the API root as the client used it and the web root. */
export interface Urls {
  apiBase: string
  serverUrl: string
}

export type AccountType = 'User' | 'Organization' | 'Bot'

const nodeId = (prefix: string, id: number) => Buffer.from(`${prefix}${id}`).toString('base64')

export function simpleUser(login: string, id: number, type: AccountType, u: Urls) {
  const url = `${u.apiBase}/users/${encodeURIComponent(login)}`
  return {
    login,
    id,
    node_id: nodeId(type === 'Organization' ? '04:Organization' : type === 'Bot' ? '03:Bot' : '04:User', id),
    avatar_url: `${u.serverUrl}/${encodeURIComponent(login)}.png`,
    gravatar_id: '',
    url,
    html_url: `${u.serverUrl}/${encodeURIComponent(login)}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type,
    user_view_type: 'public',
    site_admin: false
  }
}

/** The account `login` as GitHub shows it in `owner` / `actor` / `creator` fields. */
export function accountJson(store: GitHubStore, login: string, u: Urls) {
  if (login.endsWith('[bot]')) return simpleUser(login, 41898282, 'Bot', u)
  const owner = store.owner(login)
  return simpleUser(login, owner.id, owner.type, u)
}

/** `GET /user` for a PAT: the private view of the authenticated user. */
export function privateUser(login: string, id: number, createdAt: string, u: Urls) {
  return {
    ...simpleUser(login, id, 'User', u),
    user_view_type: 'private',
    name: login,
    company: null,
    blog: '',
    location: null,
    email: null,
    notification_email: null,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: 2,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: createdAt,
    updated_at: createdAt,
    private_gists: 0,
    total_private_repos: 1,
    owned_private_repos: 1,
    disk_usage: 1024,
    collaborators: 0,
    two_factor_authentication: true,
    plan: { name: 'pro', space: 976562499, collaborators: 0, private_repos: 9999 }
  }
}

/** `GET /orgs/{org}` as a member sees it. */
export function organizationFull(store: GitHubStore, org: Org, u: Urls) {
  const url = `${u.apiBase}/orgs/${org.login}`
  const repos = store.reposOfOwner(org.login)
  return {
    login: org.login,
    id: org.id,
    node_id: nodeId('04:Organization', org.id),
    url,
    repos_url: `${url}/repos`,
    events_url: `${url}/events`,
    hooks_url: `${url}/hooks`,
    issues_url: `${url}/issues`,
    members_url: `${url}/members{/member}`,
    public_members_url: `${url}/public_members{/member}`,
    avatar_url: `${u.serverUrl}/${org.login}.png`,
    description: null,
    name: org.login,
    is_verified: false,
    has_organization_projects: true,
    has_repository_projects: true,
    public_repos: repos.filter((r) => !r.private).length,
    public_gists: 0,
    followers: 0,
    following: 0,
    html_url: `${u.serverUrl}/${org.login}`,
    type: 'Organization',
    total_private_repos: repos.filter((r) => r.private).length,
    owned_private_repos: repos.filter((r) => r.private).length,
    private_gists: 0,
    disk_usage: 1024,
    collaborators: 0,
    billing_email: null,
    plan: { name: 'team', space: 976562499, private_repos: 999999, filled_seats: 3, seats: 5 },
    default_repository_permission: 'read',
    members_can_create_repositories: true,
    two_factor_requirement_enabled: true,
    members_allowed_repository_creation_type: 'all',
    members_can_create_public_repositories: true,
    members_can_create_private_repositories: true,
    members_can_create_internal_repositories: false,
    members_can_create_pages: true,
    members_can_create_public_pages: true,
    members_can_create_private_pages: true,
    members_can_fork_private_repositories: false,
    web_commit_signoff_required: false,
    created_at: org.created_at,
    updated_at: org.created_at,
    archived_at: null
  }
}

/** `minimal-repository`: what lists (org repositories, selected repositories) and runs carry. */
export function repoJson(store: GitHubStore, repo: Repo, u: Urls) {
  const url = `${u.apiBase}/repos/${repo.owner}/${repo.name}`
  const t = (suffix: string) => `${url}/${suffix}`
  const html = `${u.serverUrl}/${repo.owner}/${repo.name}`
  const host = new URL(u.serverUrl).host
  return {
    id: repo.id,
    node_id: nodeId('010:Repository', repo.id),
    name: repo.name,
    full_name: `${repo.owner}/${repo.name}`,
    private: repo.private,
    owner: accountJson(store, repo.owner, u),
    html_url: html,
    description: null,
    fork: false,
    url,
    archive_url: t('{archive_format}{/ref}'),
    assignees_url: t('assignees{/user}'),
    blobs_url: t('git/blobs{/sha}'),
    branches_url: t('branches{/branch}'),
    collaborators_url: t('collaborators{/collaborator}'),
    comments_url: t('comments{/number}'),
    commits_url: t('commits{/sha}'),
    compare_url: t('compare/{base}...{head}'),
    contents_url: t('contents/{+path}'),
    contributors_url: t('contributors'),
    deployments_url: t('deployments'),
    downloads_url: t('downloads'),
    events_url: t('events'),
    forks_url: t('forks'),
    git_commits_url: t('git/commits{/sha}'),
    git_refs_url: t('git/refs{/sha}'),
    git_tags_url: t('git/tags{/sha}'),
    git_url: `git://${host}/${repo.owner}/${repo.name}.git`,
    hooks_url: t('hooks'),
    issue_comment_url: t('issues/comments{/number}'),
    issue_events_url: t('issues/events{/number}'),
    issues_url: t('issues{/number}'),
    keys_url: t('keys{/key_id}'),
    labels_url: t('labels{/name}'),
    languages_url: t('languages'),
    merges_url: t('merges'),
    milestones_url: t('milestones{/number}'),
    notifications_url: t('notifications{?since,all,participating}'),
    pulls_url: t('pulls{/number}'),
    releases_url: t('releases{/id}'),
    ssh_url: `git@${host}:${repo.owner}/${repo.name}.git`,
    stargazers_url: t('stargazers'),
    statuses_url: t('statuses/{sha}'),
    subscribers_url: t('subscribers'),
    subscription_url: t('subscription'),
    tags_url: t('tags'),
    teams_url: t('teams'),
    trees_url: t('git/trees{/sha}'),
    clone_url: `${html}.git`,
    mirror_url: null,
    svn_url: html,
    homepage: null,
    language: 'TypeScript',
    forks_count: 0,
    stargazers_count: 0,
    watchers_count: 0,
    size: 108,
    default_branch: repo.default_branch,
    open_issues_count: 0,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: true,
    has_wiki: !repo.private,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: repo.visibility,
    pushed_at: repo.pushed_at,
    created_at: repo.created_at,
    updated_at: repo.pushed_at,
    permissions: { admin: true, maintain: true, push: true, triage: true, pull: true },
    allow_forking: !repo.private,
    web_commit_signoff_required: false,
    license: null,
    forks: 0,
    open_issues: 0,
    watchers: 0
  }
}

/** `full-repository`: `GET /repos/{owner}/{repo}`. */
export function fullRepoJson(store: GitHubStore, repo: Repo, u: Urls) {
  const owner = store.owner(repo.owner)
  return {
    ...repoJson(store, repo, u),
    ...(owner.type === 'Organization' ? { organization: simpleUser(repo.owner, owner.id, 'Organization', u) } : {}),
    temp_clone_token: repo.private ? '' : null,
    allow_squash_merge: true,
    allow_merge_commit: true,
    allow_rebase_merge: true,
    allow_auto_merge: false,
    allow_update_branch: false,
    delete_branch_on_merge: false,
    use_squash_pr_title_as_default: false,
    squash_merge_commit_title: 'COMMIT_OR_PR_TITLE',
    squash_merge_commit_message: 'COMMIT_MESSAGES',
    merge_commit_title: 'MERGE_MESSAGE',
    merge_commit_message: 'PR_TITLE',
    network_count: 0,
    subscribers_count: 1
  }
}

/** The GitHub Actions app, as `performed_via_github_app` of what a workflow token (or GitHub for a job) creates. */
export function actionsApp(u: Urls) {
  return {
    id: 15368,
    slug: 'github-actions',
    node_id: 'MDM6QXBwMTUzNjg=',
    client_id: 'Iv1.05c79e9ad1f6bdfa',
    owner: simpleUser('github', 9919, 'Organization', u),
    name: 'GitHub Actions',
    description: 'Automate your workflow from idea to production',
    external_url: 'https://help.github.com/en/actions',
    html_url: `${u.serverUrl}/apps/github-actions`,
    created_at: '2018-07-30T09:30:17Z',
    updated_at: '2019-12-10T19:04:12Z',
    permissions: { actions: 'write', checks: 'write', contents: 'write', deployments: 'write', metadata: 'read', statuses: 'write' },
    events: ['check_run', 'check_suite', 'deployment', 'deployment_status', 'push', 'workflow_run']
  }
}
