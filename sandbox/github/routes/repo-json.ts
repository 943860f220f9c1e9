/** GitHub's JSON for users/orgs and repositories (the `minimal-repository` / `full-repository` fields clients use). */
import type { Repo } from '../store.js'

export function ownerJson(login: string, id: number, apiBase: string, serverUrl: string, type: 'User' | 'Organization') {
  return {
    login,
    id,
    node_id: Buffer.from(`04:${type}${id}`).toString('base64'),
    avatar_url: `${serverUrl}/${login}.png`,
    url: `${apiBase}/${type === 'User' ? 'users' : 'orgs'}/${login}`,
    html_url: `${serverUrl}/${login}`,
    type,
    site_admin: false
  }
}

export function repoJson(repo: Repo, ownerId: number, ownerType: 'User' | 'Organization', apiBase: string, serverUrl: string) {
  const url = `${apiBase}/repos/${repo.owner}/${repo.name}`
  const t = (suffix: string) => `${url}/${suffix}`
  return {
    id: repo.id,
    node_id: Buffer.from(`010:Repository${repo.id}`).toString('base64'),
    name: repo.name,
    full_name: `${repo.owner}/${repo.name}`,
    private: repo.private,
    visibility: repo.visibility,
    owner: ownerJson(repo.owner, ownerId, apiBase, serverUrl, ownerType),
    html_url: `${serverUrl}/${repo.owner}/${repo.name}`,
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
    stargazers_url: t('stargazers'),
    statuses_url: t('statuses/{sha}'),
    subscribers_url: t('subscribers'),
    subscription_url: t('subscription'),
    tags_url: t('tags'),
    teams_url: t('teams'),
    trees_url: t('git/trees{/sha}'),
    default_branch: repo.default_branch,
    archived: false,
    disabled: false,
    created_at: repo.created_at,
    updated_at: repo.created_at,
    pushed_at: repo.created_at
  }
}
