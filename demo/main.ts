/**
 * The demo: starts the sandbox in this process, runs the three example workflows through the local executor
 * (build-and-release on a push, promotion to Test by workflow_dispatch, the scheduled key rotation), prints an account
 * of each (live log, steps and outputs, links into the fakes, rendered job summaries), writes the same as Markdown,
 * and ends with a verification read back from the fakes. `ok` is false when any workflow or check failed.
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { WorkflowResult } from '../tools/workflow-runner/types.js'
import { markdownAccount, terminalAccount } from './account.js'
import { EXAMPLES, runPromoteExample, runReleaseExample, runRotateExample, type ExampleRunOptions } from './examples.js'
import { factsFrom } from './facts.js'
import { DEMO_TIMING, SMOKE_PIPELINE, startDemoSandbox, type DemoSandbox, type SandboxTiming } from './sandbox.js'
import { verifyDemo, type Check } from './verify.js'

export interface DemoOptions {
  /** Receives the account, a line or block at a time. */
  print: (text: string) => void
  /** Where the Markdown account is written. */
  markdownFile: string
  timing?: SandboxTiming
  /** Print the workflows' log lines as they are written (default true). */
  liveLog?: boolean
  /** Adjusts the sandbox before the workflows run (tests use it to make something fail). */
  prepare?: (sb: DemoSandbox) => void
}

export interface DemoOutcome {
  ok: boolean
  runs: { file: string; conclusion: 'success' | 'failure' | 'not run' | 'error'; seconds: number }[]
  checks: Check[]
  seconds: number
}

const PROMOTE_TO = 'Test'

function seconds(since: number): number {
  return Math.round((Date.now() - since) / 100) / 10
}

export async function runDemo(opts: DemoOptions): Promise<DemoOutcome> {
  const started = Date.now()
  const printed: string[] = []
  const print = (...texts: string[]) => {
    for (const text of texts) {
      printed.push(text)
      opts.print(text)
    }
  }
  const markdown: string[] = [`# Deployment action suite demo`, '', `Run at ${new Date().toISOString()}.`, '']
  const sb = await startDemoSandbox(opts.timing ?? DEMO_TIMING)
  const outcome: DemoOutcome = { ok: false, runs: [], checks: [], seconds: 0 }
  try {
    opts.prepare?.(sb)
    print('Sandbox (fakes on loopback, started in this process):')
    print(`  GitHub   ${sb.github.apiUrl}  (repository ${sb.github.owner}/${sb.github.repo})`)
    print(`  Octopus  ${sb.octopus.url}  (space ${sb.octopus.spaceName}, project Random Quotes)`)
    print(`  GoCD     ${sb.gocd.goUrl}  (pipeline ${SMOKE_PIPELINE})`)
    const live: ExampleRunOptions = opts.liveLog === false ? {} : { onLog: (line) => print(`  ┊ ${line}`) }
    const runOne = async (n: number, file: string, what: string, go: () => Promise<WorkflowResult>): Promise<WorkflowResult | undefined> => {
      print('', `━━ ${n}/3 ${file} — ${what}`, '')
      const t = Date.now()
      try {
        const result = await go()
        const took = seconds(t)
        outcome.runs.push({ file, conclusion: result.conclusion, seconds: took })
        const title = `${result.name}${result.runName ? ` — ${result.runName}` : ''}`
        print('', `${title}: ${result.conclusion.toUpperCase()} in ${took} s`, '', terminalAccount(result))
        markdown.push(markdownAccount(result, `${n}. ${title}`), `File \`${file}\`, ${what}; ${took} s.`, '')
        return result
      } catch (err) {
        outcome.runs.push({ file, conclusion: 'error', seconds: seconds(t) })
        print(`The workflow could not run: ${(err as Error).message}`)
        markdown.push(`## ${n}. ${file}`, '', `The workflow could not run: ${(err as Error).message}`, '')
        return undefined
      }
    }

    const sha = randomBytes(20).toString('hex')
    const release = await runOne(1, EXAMPLES.release, `push to main (${sha.slice(0, 7)})`, () => runReleaseExample(sb, sha, live))
    const releaseNumber = release?.jobs.release?.outputs.release_number
    let promote: WorkflowResult | undefined
    if (release?.conclusion === 'success' && releaseNumber) {
      const inputs = { release_number: releaseNumber, environment: PROMOTE_TO }
      promote = await runOne(2, EXAMPLES.promote, `workflow_dispatch ${JSON.stringify(inputs)}`, () => runPromoteExample(sb, inputs, live))
    } else {
      outcome.runs.push({ file: EXAMPLES.promote, conclusion: 'not run', seconds: 0 })
      print('', `━━ 2/3 ${EXAMPLES.promote}: not run (the release workflow did not produce a release)`)
    }
    const rotate = await runOne(3, EXAMPLES.rotate, 'schedule', () => runRotateExample(sb, live))

    const facts = factsFrom({ release, promote, rotate, promotedTo: PROMOTE_TO, pipeline: SMOKE_PIPELINE })
    outcome.checks = await verifyDemo(sb, facts)
    outcome.checks.push(leakCheck(sb, [...printed, ...markdown]))
    outcome.ok = outcome.runs.every((r) => r.conclusion === 'success') && outcome.checks.every((c) => c.ok)
    outcome.seconds = seconds(started)
    printVerification(print, outcome)
    markdown.push('## Verification', '', '| check | result |', '|---|---|')
    for (const c of outcome.checks) markdown.push(`| ${c.name} | ${c.ok ? '✓' : '✗'} ${c.detail.replace(/\|/g, '\\|')} |`)
    markdown.push('', `${outcome.ok ? 'Everything worked' : 'FAILED'}; the demo took ${outcome.seconds} s.`, '')
    mkdirSync(dirname(opts.markdownFile), { recursive: true })
    writeFileSync(opts.markdownFile, markdown.join('\n'))
    print(`Markdown account written to ${opts.markdownFile}`)
    return outcome
  } finally {
    await sb.close()
  }
}

/** No secret of the sandbox (nor the rotated key) may appear in anything the demo printed or wrote. */
function leakCheck(sb: DemoSandbox, texts: string[]): Check {
  const rotated = sb.github.readSecret({ repo: sb.github.repo }, 'OCTOPUS_API_KEY')
  const secrets = [...Object.values(sb.secrets), ...(rotated ? [rotated] : [])]
  const all = texts.join('\n')
  const leaked = secrets.filter((s) => all.includes(s)).length
  return {
    name: 'Output: no secret value in the account or the Markdown file',
    ok: leaked === 0,
    detail: leaked === 0 ? `${secrets.length} secret values checked` : `${leaked} secret values appear in the output`
  }
}

function printVerification(print: (...texts: string[]) => void, outcome: DemoOutcome): void {
  print('', '━━ Verification (read back from the fakes)', '')
  for (const r of outcome.runs) print(`  ${r.conclusion === 'success' ? '✓' : '✗'} ${r.file}: ${r.conclusion}${r.seconds ? ` (${r.seconds} s)` : ''}`)
  for (const c of outcome.checks) print(`  ${c.ok ? '✓' : '✗'} ${c.name}: ${c.detail}`)
  print('', outcome.ok ? `All good: demo finished in ${outcome.seconds} s.` : `FAILED: see the ✗ lines above (${outcome.seconds} s).`)
}
