/**
 * Rotation crash-consistency through the BUILT rotate-secret bundle, for one credential source: the rotation is
 * stopped at every step boundary in turn (a failure injected at that step) and the invariant of issue 10 is checked
 * after each: no target holds a credential that does not work; a failure before any target is written changes
 * nothing (the new credential is revoked, the targets keep the old one); after some targets the old credential
 * still works; a re-run without the failure converges (every target holds one new credential that works, every
 * other managed credential is revoked). No credential may show in what a user sees.
 */
import { expect, it } from '@jest/globals'
import type { Fault, FakeServer } from '../../../../sandbox/common/index.js'
import type { GithubFake } from '../../../../sandbox/github/index.js'
import { runner as runnerFiles } from './runner.js'
import { errorLines, hasBundle, runBundle, STACK_FRAME, visibleLog } from './bundle-run.js'
import { scanRun } from './leaks.js'
import { failFromNth } from './nth-fault.js'

export interface CrashStep {
  step: string
  server: 'source' | 'github'
  method: string
  path: RegExp
  /** The first matching request that fails (later ones fail too). */
  nth: number
  fault: Fault
  /** The step comes before any target is written: the run must change nothing. */
  beforeTargets: boolean
  /** What the failure message must say, proving the run stopped at this step. */
  says: RegExp
}

export interface CrashSource {
  secretName: string
  github: () => GithubFake
  server: () => FakeServer
  /** Inputs of the source (connection), given the credential the targets hold now (undefined before the first run). */
  inputs(current: string | undefined): Record<string, string>
  /** Whether a credential authenticates at the source. */
  works(value: string): Promise<boolean>
  /** Ids of the managed credentials (carrying the rotation marker) still alive at the source. */
  aliveManaged(): Promise<string[]>
  /** Credentials of the connection, scanned for leaks. */
  connectionSecrets(): string[]
}

export const REPOS = ['octo-org/deploy-app', 'octo-org/website']

export const githubFailure: Fault = { kind: 'status', status: 400, body: { message: 'injected failure', documentation_url: 'https://docs.github.com/rest' } }

/** The GitHub-side step boundaries: public key, each target's write, a target's verification. */
export function githubSteps(name: string): CrashStep[] {
  const secret = (repo: string) => new RegExp(`/repos/octo-org/${repo}/actions/secrets/${name}$`)
  return [
    { step: 'read the first target public key', server: 'github', method: 'GET', path: /\/repos\/octo-org\/deploy-app\/actions\/secrets\/public-key$/, nth: 1, fault: githubFailure, beforeTargets: false, says: /repo:octo-org\/deploy-app/ },
    { step: 'write the first target', server: 'github', method: 'PUT', path: secret('deploy-app'), nth: 1, fault: githubFailure, beforeTargets: false, says: /not updated: repo:octo-org\/deploy-app/ },
    { step: 'write the second target', server: 'github', method: 'PUT', path: secret('website'), nth: 1, fault: githubFailure, beforeTargets: false, says: /not updated: repo:octo-org\/website/ },
    { step: 'verify the second target', server: 'github', method: 'GET', path: secret('website'), nth: 2, fault: githubFailure, beforeTargets: false, says: /repo:octo-org\/website/ }
  ]
}

export function crashTests(src: CrashSource, steps: CrashStep[]): void {
  const stored = () => REPOS.map((repo) => src.github().readSecret({ repo }, src.secretName))
  const rotate = async () => {
    const gh = src.github()
    const runner = runnerFiles({ ...src.inputs(stored()[0]), secret_name: src.secretName, targets: REPOS.map((r) => `repo:${r}`).join('\n'), github_token: gh.token, github_api_url: gh.apiUrl })
    return { res: await runBundle('rotate-secret', runner.env, 60_000), runner }
  }
  const expectConverged = async () => {
    const values = stored()
    expect(new Set(values).size).toBe(1)
    expect(await src.works(values[0]!)).toBe(true)
    expect(await src.aliveManaged()).toHaveLength(1)
    return values[0]!
  }
  const bundled = hasBundle('rotate-secret')

  ;(bundled ? it : it.skip)('a first rotation stores a managed credential in both targets', async () => {
    const { res } = await rotate()
    expect(res.code === 0 ? 'ok' : visibleLog(res).slice(-1200)).toBe('ok')
    await expectConverged()
  }, 60_000)

  ;(bundled ? it.each : it.skip.each)(steps.map((s) => [s.step, s] as const))('failure at "%s": invariant holds, a re-run converges', async (_l, s) => {
    const old = stored()[0]!
    const before = stored()
    const injected = failFromNth(s.server === 'github' ? src.github().server : src.server(), s.method, s.path, s.nth, s.fault)
    const { res, runner } = await rotate().finally(() => injected.restore())
    expect(injected.hits()).toBeGreaterThan(0)

    // The run fails cleanly at that step (per-target failures are annotated too; the step's failure comes last).
    expect(res.code).toBe(1)
    const failure = errorLines(res).pop() ?? ''
    expect(failure).toMatch(/^rotate-secret failed: /)
    expect(failure.slice(0, 600)).toMatch(s.says)
    expect(STACK_FRAME.test(visibleLog(res))).toBe(false)
    const now = stored()
    expect(scanRun(res, runner, [...src.connectionSecrets(), old, ...now.filter((v): v is string => !!v)])).toEqual([])

    // No target holds a credential that does not work, and the old one still works.
    for (const v of now) expect(await src.works(v!)).toBe(true)
    expect(await src.works(old)).toBe(true)
    if (s.beforeTargets) {
      // Before any target was written nothing changed: the targets keep the old credential, the new one was revoked.
      expect(now).toEqual(before)
      expect(await src.aliveManaged()).toHaveLength(1)
    }
    // A re-run converges: one new credential everywhere, the old one revoked.
    const again = await rotate()
    expect(again.res.code === 0 ? 'ok' : visibleLog(again.res).slice(-1200)).toBe('ok')
    const value = await expectConverged()
    expect(value).not.toBe(old)
    expect(await src.works(old)).toBe(false)
  }, 90_000)
}
