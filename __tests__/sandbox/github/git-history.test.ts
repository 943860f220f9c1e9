import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startGithubFake, type GithubFake } from '../../../sandbox/github/index.js'
import { octokitFor, status } from './helpers.js'

const subjects = (commits: { commit: { message: string } }[]) => commits.map((c) => c.commit.message.split('\n')[0])

describe('GitHub fake: commits, compare, tags, refs and commit statuses', () => {
  let fake: GithubFake
  beforeAll(async () => {
    fake = await startGithubFake()
  })
  afterAll(() => fake.close())

  it('seeds the main repository with a small history: commits newest first, tags, branches', async () => {
    const gh = octokitFor(fake)
    const { data: commits } = await gh.rest.repos.listCommits({ owner: fake.owner, repo: fake.repo })
    expect(subjects(commits)).toEqual([
      'docs: describe the release process',
      'Bump version to 1.1.0',
      'Merge pull request #15 from octo-org/feature/login',
      'Add login page (fixes octo-org/deploy-app#14)',
      'PROJ-101 add health endpoint',
      'Fix #12: retry uploads on 503',
      'Add deployment workflow',
      'Initial commit'
    ])
    expect(commits[2].parents).toHaveLength(2)
    // An author without a GitHub account has no `author` object; one with an account has its simple-user.
    expect(commits.find((c) => c.commit.message.startsWith('PROJ-101'))!.author).toBeNull()
    expect(commits[0].author).toMatchObject({ login: 'octocat', type: 'User' })
    expect(commits[0].html_url).toBe(`${fake.serverUrl}/${fake.owner}/${fake.repo}/commit/${commits[0].sha}`)
    expect(commits[0].commit.author!.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)

    const tags = (await gh.rest.repos.listTags({ owner: fake.owner, repo: fake.repo })).data
    expect(tags.map((t) => t.name)).toEqual(['v1.1.0', 'v1.0.0'])
    expect(tags[0].commit.sha).toBe(commits[1].sha)
    const branches = (await gh.rest.repos.listBranches({ owner: fake.owner, repo: fake.repo })).data
    expect(branches.map((b) => b.name)).toEqual(['feature/login', 'feature/next', 'main'])
    expect(branches.find((b) => b.name === 'main')!.commit.sha).toBe(commits[0].sha)
  })

  it('filters the commit list by path, author, since/until and start point; 404 for a start point naming nothing', async () => {
    const gh = octokitFor(fake)
    const list = (q: Record<string, string>) => gh.rest.repos.listCommits({ owner: fake.owner, repo: fake.repo, ...q }).then((r) => subjects(r.data))
    expect(await list({ path: 'src/login.ts' })).toEqual(['Add login page (fixes octo-org/deploy-app#14)'])
    expect(await list({ author: 'hubot' })).toEqual(['Add login page (fixes octo-org/deploy-app#14)'])
    expect(await list({ author: 'jane@contractor.example' })).toEqual(['PROJ-101 add health endpoint'])
    expect(await list({ sha: 'v1.0.0' })).toEqual(['Fix #12: retry uploads on 503', 'Add deployment workflow', 'Initial commit'])
    expect((await list({ sha: 'feature/next' }))[0]).toBe('WIP: next feature')
    const all = (await gh.rest.repos.listCommits({ owner: fake.owner, repo: fake.repo })).data
    const cut = all[3].commit.committer!.date!
    expect(await list({ since: cut })).toHaveLength(4)
    expect(await list({ until: cut })).toHaveLength(5)
    expect(await status(gh.rest.repos.listCommits({ owner: fake.owner, repo: fake.repo, sha: 'no-such-branch' }))).toBe(404)
  })

  it('gets one commit by SHA, short SHA, branch or tag, with stats and files; 422 "No commit found for SHA" otherwise', async () => {
    const gh = octokitFor(fake)
    const head = fake.git().resolve('main')!
    for (const ref of [head, head.slice(0, 7), 'main', 'heads/main']) {
      const { data } = await gh.rest.repos.getCommit({ owner: fake.owner, repo: fake.repo, ref })
      expect(data.sha).toBe(head)
      expect(data.files![0]).toMatchObject({ filename: 'docs/release.md', status: 'modified' })
      expect(data.stats).toMatchObject({ additions: 3, deletions: 1 })
    }
    const err = await gh.rest.repos.getCommit({ owner: fake.owner, repo: fake.repo, ref: 'deadbeef' }).catch((e: { status: number; response: { data: unknown } }) => e)
    expect(err).toMatchObject({ status: 422, response: { data: { message: 'No commit found for SHA: deadbeef' } } })
  })

  it('reads refs as Octokit sends them (heads%2Fx) and as raw clients do (heads/x)', async () => {
    const gh = octokitFor(fake)
    const sha = fake.git().resolve('feature/login')!
    const viaOctokit = (await gh.rest.git.getRef({ owner: fake.owner, repo: fake.repo, ref: 'heads/feature/login' })).data
    expect(viaOctokit).toMatchObject({ ref: 'refs/heads/feature/login', object: { sha, type: 'commit' } })
    const raw = await fetch(`${fake.apiUrl}/repos/${fake.owner}/${fake.repo}/git/ref/heads/feature/login`, { headers: { authorization: `token ${fake.token}` } })
    expect(raw.status).toBe(200)
    expect(await raw.json()).toMatchObject({ ref: 'refs/heads/feature/login' })
    const status404 = await fetch(`${fake.apiUrl}/repos/${fake.owner}/${fake.repo}/git/ref/heads/nope`, { headers: { authorization: `token ${fake.token}` } })
    expect(status404.status).toBe(404)
    const matching = (await gh.rest.git.listMatchingRefs({ owner: fake.owner, repo: fake.repo, ref: 'tags/v1' })).data
    expect(matching.map((r) => r.ref)).toEqual(['refs/tags/v1.0.0', 'refs/tags/v1.1.0'])
    expect(fake.unimplemented).toEqual([])
  })

  it('compares refs: git log BASE..HEAD oldest first, ahead/behind/diverged/identical, merge base', async () => {
    const gh = octokitFor(fake)
    const cmp = async (basehead: string) => (await gh.rest.repos.compareCommitsWithBasehead({ owner: fake.owner, repo: fake.repo, basehead })).data
    const release = await cmp('v1.0.0...main')
    expect(release).toMatchObject({ status: 'ahead', ahead_by: 5, behind_by: 0, total_commits: 5 })
    expect(subjects(release.commits)).toEqual([
      'PROJ-101 add health endpoint',
      'Add login page (fixes octo-org/deploy-app#14)',
      'Merge pull request #15 from octo-org/feature/login',
      'Bump version to 1.1.0',
      'docs: describe the release process'
    ])
    expect(release.merge_base_commit.sha).toBe(fake.git().resolve('v1.0.0'))
    expect(release.html_url).toBe(`${fake.serverUrl}/${fake.owner}/${fake.repo}/compare/v1.0.0...main`)
    expect(await cmp('main...v1.0.0')).toMatchObject({ status: 'behind', ahead_by: 0, behind_by: 5, commits: [] })
    expect(await cmp('main...main')).toMatchObject({ status: 'identical', total_commits: 0 })
    fake.git().branch('hotfix', 'v1.0.0')
    fake.git().commit('hotfix', { message: 'Hotfix: pin the CA bundle' })
    const diverged = await cmp(`${fake.owner}:main...${fake.owner}:hotfix`)
    expect(diverged).toMatchObject({ status: 'diverged', ahead_by: 1, behind_by: 5 })
    expect(diverged.merge_base_commit.sha).toBe(fake.git().resolve('v1.0.0'))
    const head = fake.git().resolve('main')!
    expect((await cmp(`${fake.git().resolve('v1.0.0')!.slice(0, 10)}...${head}`)).total_commits).toBe(5)
    expect(await status(gh.rest.repos.compareCommitsWithBasehead({ owner: fake.owner, repo: fake.repo, basehead: 'main...nope' }))).toBe(404)
    expect(await status(gh.rest.repos.compareCommitsWithBasehead({ owner: fake.owner, repo: fake.repo, basehead: 'main..v1.0.0' }))).toBe(404)
  })

  it('pages a 600-commit comparison as GitHub does: the newest 250 unpaged, pages of up to 250 with Link headers', async () => {
    const gh = octokitFor(fake)
    fake.git().branch('long', 'main')
    const added = fake.addCommits(600, { branch: 'long', message: (i) => `Change ${i + 1}` })
    expect(added).toHaveLength(600)
    const unpaged = await gh.rest.repos.compareCommitsWithBasehead({ owner: fake.owner, repo: fake.repo, basehead: 'main...long' })
    expect(unpaged.data.total_commits).toBe(600)
    expect(unpaged.data.commits).toHaveLength(250)
    expect(unpaged.data.commits.at(-1)!.sha).toBe(added.at(-1)!.sha)
    expect(unpaged.data.commits[0].commit.message).toBe('Change 351')
    expect(unpaged.headers.link).toBeUndefined()

    const first = await gh.rest.repos.compareCommitsWithBasehead({ owner: fake.owner, repo: fake.repo, basehead: 'main...long', per_page: 250 })
    expect(first.data.commits).toHaveLength(250)
    expect(first.data.commits[0].commit.message).toBe('Change 1')
    expect(first.headers.link).toContain('page=2>; rel="next"')
    expect(first.headers.link).toContain('page=3>; rel="last"')
    const all: string[] = []
    for await (const r of gh.paginate.iterator(gh.rest.repos.compareCommitsWithBasehead, { owner: fake.owner, repo: fake.repo, basehead: 'main...long', per_page: 250 }))
      all.push(...(r.data as unknown as { commits: { sha: string }[] }).commits.map((c) => c.sha))
    expect(all).toEqual(added.map((c) => c.sha))
    // per_page above 250 is cut to 250; `page` alone pages by the default 30.
    expect((await gh.rest.repos.compareCommitsWithBasehead({ owner: fake.owner, repo: fake.repo, basehead: 'main...long', per_page: 1000 })).data.commits).toHaveLength(250)
    const third = await gh.rest.repos.compareCommitsWithBasehead({ owner: fake.owner, repo: fake.repo, basehead: 'main...long', page: 3 })
    expect(third.data.commits.map((c) => c.commit.message)).toEqual(Array.from({ length: 30 }, (_, i) => `Change ${61 + i}`))
  })

  it('stores commit statuses and combines them per context (latest wins)', async () => {
    const gh = octokitFor(fake)
    const sha = fake.git().resolve('main')!
    await gh.rest.repos.createCommitStatus({ owner: fake.owner, repo: fake.repo, sha, state: 'pending', context: 'ci/build' })
    expect((await gh.rest.repos.getCombinedStatusForRef({ owner: fake.owner, repo: fake.repo, ref: 'main' })).data.state).toBe('pending')
    await gh.rest.repos.createCommitStatus({ owner: fake.owner, repo: fake.repo, sha, state: 'success', context: 'ci/build', target_url: 'https://ci.example/1' })
    const combined = (await gh.rest.repos.getCombinedStatusForRef({ owner: fake.owner, repo: fake.repo, ref: 'main' })).data
    expect(combined).toMatchObject({ state: 'success', total_count: 1, sha })
    expect((await gh.rest.repos.listCommitStatusesForRef({ owner: fake.owner, repo: fake.repo, ref: sha })).data.map((s) => s.state)).toEqual(['success', 'pending'])
    expect(await status(gh.rest.repos.createCommitStatus({ owner: fake.owner, repo: fake.repo, sha: '0'.repeat(40), state: 'success' }))).toBe(422)
  })

  it('answers the same under GitHub Enterprise Server (/api/v3), Link headers included', async () => {
    const ghes = await startGithubFake({ ghes: true })
    try {
      ghes.addCommits(40)
      const gh = octokitFor(ghes)
      const res = await gh.rest.repos.listCommits({ owner: ghes.owner, repo: ghes.repo, per_page: 10 })
      expect(res.headers.link).toContain(`<${ghes.apiUrl}/repos/${ghes.owner}/${ghes.repo}/commits?per_page=10&page=2>; rel="next"`)
      expect(res.data[0].url).toBe(`${ghes.apiUrl}/repos/${ghes.owner}/${ghes.repo}/commits/${res.data[0].sha}`)
    } finally {
      await ghes.close()
    }
  })

  it('runs and dispatches point at commits that exist (GITHUB_SHA is the head of the ref)', async () => {
    const runner = await fake.runnerEnv({ ref: 'refs/tags/v1.0.0' })
    expect(runner.env.GITHUB_SHA).toBe(fake.git().resolve('v1.0.0'))
    const main = await fake.runnerEnv()
    expect(main.env.GITHUB_SHA).toBe(fake.git().resolve('main'))
  })
})
