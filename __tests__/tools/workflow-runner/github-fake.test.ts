/**
 * The executor with the GitHub fake's runner environment as its base: the `github` context and step processes point
 * at the fake, GITHUB_TOKEN is a masked secret that authenticates against it (and, as on GitHub, not an env var),
 * the runtime token reaches JavaScript actions only, and a job's `environment:` reaches the per-job runner
 * environment (the OIDC `sub` names it).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startGithubFake, type GithubFake } from '../../../sandbox/github/index.js'
import { job, run, step, writeWorkflow } from './helpers.js'

const workflow = writeWorkflow(`
on:
  workflow_dispatch:
    inputs:
      target:
        type: environment
        required: true
jobs:
  api:
    runs-on: ubuntu-latest
    steps:
      - id: repo
        env:
          TOKEN: \${{ secrets.GITHUB_TOKEN }}
        run: |
          echo "token=$TOKEN"
          node -e '
            fetch(process.env.GITHUB_API_URL + "/repos/" + process.env.GITHUB_REPOSITORY, { headers: { authorization: "Bearer " + process.env.TOKEN } })
              .then(async (r) => console.log("name=" + (await r.json()).full_name + "\\nstatus=" + r.status))
          ' >> "$GITHUB_OUTPUT"
          echo "api=\${{ github.api_url }} repo=\${{ github.repository }}" >> "$GITHUB_OUTPUT"
      - id: script-env
        run: echo "seen=\${GITHUB_TOKEN:-none},\${ACTIONS_RUNTIME_TOKEN:-none},\${ACTIONS_ID_TOKEN_REQUEST_URL:+oidc}" >> "$GITHUB_OUTPUT"
      - id: action-env
        uses: ./actions/probe
        with:
          show-env: GITHUB_TOKEN,ACTIONS_RUNTIME_TOKEN,ACTIONS_ID_TOKEN_REQUEST_URL
  deploy:
    needs: api
    runs-on: ubuntu-latest
    environment: \${{ inputs.target }}
    steps:
      - id: oidc
        run: |
          node -e '
            fetch(process.env.ACTIONS_ID_TOKEN_REQUEST_URL + "&audience=octopus", { headers: { authorization: "Bearer " + process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN } })
              .then((r) => r.json())
              .then((j) => console.log("sub=" + JSON.parse(Buffer.from(j.value.split(".")[1], "base64url")).sub))
          ' >> "$GITHUB_OUTPUT"
`)

describe('the executor on the GitHub fake runner environment', () => {
  let fake: GithubFake
  beforeAll(async () => {
    fake = await startGithubFake()
    fake.addEnvironment('Production')
  })
  afterAll(() => fake.close())

  it('points steps at the fake, masks GITHUB_TOKEN and passes the job environment to the per-job env', async () => {
    const base = await fake.runnerEnv({ event: 'workflow_dispatch', includeGithubToken: true })
    const requested: { jobId: string; environment?: string }[] = []
    const result = await run(workflow, {
      event: { name: 'workflow_dispatch', inputs: { target: 'Production' } },
      env: base.env,
      jobEnv: async (j) => {
        requested.push(j)
        return (await fake.runnerEnv({ runId: base.job.run.id, jobName: j.jobId, environment: j.environment })).env
      }
    })
    expect(result.conclusion).toBe('success')
    const repo = step(job(result, 'api'), 'repo')
    expect(repo.outputs).toEqual({ name: `${fake.owner}/${fake.repo}`, status: '200', api: `${fake.apiUrl} repo=${fake.owner}/${fake.repo}` })
    expect(repo.log).toContain('    token=***')
    expect(step(job(result, 'api'), 'script-env').outputs.seen).toBe('none,none,oidc')
    const actionEnv = JSON.parse(step(job(result, 'api'), 'action-env').outputs.env) as Record<string, string | null>
    expect(actionEnv.GITHUB_TOKEN).toBeNull()
    expect(actionEnv.ACTIONS_RUNTIME_TOKEN).toMatch(/^eyJ/)
    expect(actionEnv.ACTIONS_RUNTIME_TOKEN).not.toBe(base.env.ACTIONS_RUNTIME_TOKEN)
    expect(actionEnv.ACTIONS_ID_TOKEN_REQUEST_URL).toBe(base.env.ACTIONS_ID_TOKEN_REQUEST_URL)
    expect(result.live.join('\n')).not.toContain(base.env.GITHUB_TOKEN)
    expect(result.mask(actionEnv.ACTIONS_RUNTIME_TOKEN!)).toBe('***')
    expect(requested).toEqual([{ jobId: 'api', environment: undefined }, { jobId: 'deploy', environment: 'Production' }])
    expect(step(job(result, 'deploy'), 'oidc').outputs.sub).toBe(`repo:${fake.owner}/${fake.repo}:environment:Production`)
  })
})
