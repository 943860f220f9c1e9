/**
 * The git history the fake's main repository starts with: a small, realistic one (issue references, a tracker key,
 * a merged feature branch, two release tags, a branch ahead of main, an author without a GitHub account), and
 * `addCommits` for tests that need a long one (600 commits to page through compare).
 */
import type { Commit, GitRepo } from './git.js'

const HOUR = 3_600_000
const HUBOT = { name: 'Hubot', email: 'hubot@users.noreply.github.com', login: 'hubot' }
const CONTRACTOR = { name: 'Jane Contractor', email: 'jane@contractor.example' }

/**
 * main: Initial commit, then
 *   "Add deployment workflow" -> "Fix #12: retry uploads on 503" (tag v1.0.0) -> "PROJ-101 add health endpoint"
 *   -> merge of feature/login ("Add login page (fixes octo-org/deploy-app#14)") -> "Bump version to 1.1.0" (v1.1.0)
 *   -> "docs: describe the release process"
 * feature/next: one commit ahead of main ("WIP: next feature").
 */
export function seedHistory(git: GitRepo, now: number): void {
  let t = now - 20 * HOUR
  const at = () => (t += HOUR)
  git.commit('main', { message: 'Add deployment workflow', files: ['.github/workflows/deploy.yml'], at: at() })
  git.commit('main', { message: 'Fix #12: retry uploads on 503\n\nThe upload step now retries transient errors.', files: ['src/upload.ts'], at: at() })
  git.tag('v1.0.0', 'main')
  git.branch('feature/login', 'main')
  git.commit('main', { message: 'PROJ-101 add health endpoint', author: CONTRACTOR, files: ['src/health.ts'], at: at() })
  git.commit('feature/login', { message: 'Add login page (fixes octo-org/deploy-app#14)', author: HUBOT, files: ['src/login.ts'], at: at() })
  git.merge('main', 'feature/login', { message: 'Merge pull request #15 from octo-org/feature/login\n\nAdd login page', at: at() })
  git.commit('main', { message: 'Bump version to 1.1.0', files: ['package.json'], at: at() })
  git.tag('v1.1.0', 'main')
  git.commit('main', { message: 'docs: describe the release process', files: ['docs/release.md'], at: at() })
  git.branch('feature/next', 'main')
  git.commit('feature/next', { message: 'WIP: next feature', files: ['src/next.ts'], at: at() })
}

export interface AddCommitsOptions {
  branch?: string
  /** Message of the i-th new commit (0-based); default `Commit <n> of <count>`. */
  message?: (i: number) => string
  author?: { name: string; email: string; login?: string }
}

/** Appends `count` commits to a branch, one second to one minute apart, ending about now. */
export function addCommits(git: GitRepo, count: number, now: number, opts: AddCommitsOptions = {}): Commit[] {
  const branch = opts.branch ?? 'main'
  const head = git.refs.get(`refs/heads/${branch}`)
  const after = head ? Date.parse(git.commits.get(head)!.committer.date) + 1000 : now - count * 60_000
  const start = Math.max(after, now - count * 60_000)
  const step = Math.max(1000, Math.min(60_000, Math.floor((now - start) / Math.max(1, count))))
  const out: Commit[] = []
  for (let i = 0; i < count; i++)
    out.push(git.commit(branch, { message: opts.message?.(i) ?? `Commit ${i + 1} of ${count}`, author: opts.author, files: [`src/generated/${i % 50}.ts`], at: start + i * step }))
  return out
}
