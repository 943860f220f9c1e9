/**
 * tsx tools/workflow-runner/cli.ts <workflow.yml> [options]
 *   --repo DIR          workspace (default: the current directory)
 *   --event NAME        workflow_dispatch (default), schedule or push
 *   --input k=v         a workflow_dispatch input (repeatable; values are strings, as on GitHub)
 *   --secret K=V | K    a secret (K alone: from the environment variable K)
 *   --var K=V           a configuration variable (vars context)
 *   --payload JSON      event payload fields
 *   --job ID            run only this job and the jobs it needs (repeatable)
 *   --summary-file F    also write the job summaries (Markdown) to F
 *   --node PATH         node binary for JavaScript actions
 *   --debug             show ::debug:: lines
 * Prints the log as it runs, then an account of each job and step; exits 1 when the workflow fails, 2 when it
 * cannot run (invalid workflow, rejected inputs, unsupported features).
 */
import { writeFileSync } from 'node:fs'
import { formatReport, summaryMarkdown } from './report.js'
import { runWorkflow, type RunWorkflowOptions } from './run-workflow.js'

function pair(text: string, flag: string, fromEnv = false): [string, string] {
  const eq = text.indexOf('=')
  if (eq > 0) return [text.slice(0, eq), text.slice(eq + 1)]
  if (fromEnv && process.env[text] !== undefined) return [text, process.env[text]!]
  throw new Error(`${flag} expects NAME=VALUE${fromEnv ? ' or the name of a set environment variable' : ''}, got '${text}'`)
}

export function parseArgs(argv: string[]): RunWorkflowOptions & { summaryFile?: string } {
  const opts: RunWorkflowOptions & { summaryFile?: string } = { workflowFile: '', repoRoot: process.cwd(), event: { name: 'workflow_dispatch' } }
  const inputs: Record<string, string> = {}
  const secrets: Record<string, string> = {}
  const vars: Record<string, string> = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`)
      return argv[++i]
    }
    if (arg === '--repo') opts.repoRoot = value()
    else if (arg === '--event') opts.event.name = value()
    else if (arg === '--input') Object.assign(inputs, Object.fromEntries([pair(value(), arg)]))
    else if (arg === '--secret') Object.assign(secrets, Object.fromEntries([pair(value(), arg, true)]))
    else if (arg === '--var') Object.assign(vars, Object.fromEntries([pair(value(), arg)]))
    else if (arg === '--payload') opts.event.payload = JSON.parse(value()) as Record<string, unknown>
    else if (arg === '--job') opts.jobs = [...(opts.jobs ?? []), value()]
    else if (arg === '--summary-file') opts.summaryFile = value()
    else if (arg === '--node') opts.node = value()
    else if (arg === '--debug') opts.debug = true
    else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`)
    else if (!opts.workflowFile) opts.workflowFile = arg
    else throw new Error(`unexpected argument ${arg}`)
  }
  if (!opts.workflowFile) throw new Error('usage: cli.ts <workflow.yml> [--input k=v] [--secret K=V] [--event NAME] ...')
  if (Object.keys(inputs).length > 0) opts.event.inputs = inputs
  return { ...opts, secrets, vars }
}

async function main(): Promise<number> {
  let opts: ReturnType<typeof parseArgs>
  try {
    opts = parseArgs(process.argv.slice(2))
  } catch (err) {
    console.error((err as Error).message)
    return 2
  }
  try {
    const result = await runWorkflow({ ...opts, onLog: (line) => console.log(line) })
    console.log('')
    console.log(formatReport(result))
    if (opts.summaryFile) writeFileSync(opts.summaryFile, summaryMarkdown(result))
    return result.conclusion === 'success' ? 0 : 1
  } catch (err) {
    console.error(`workflow-runner: ${(err as Error).message}`)
    return 2
  }
}

process.exitCode = await main()
