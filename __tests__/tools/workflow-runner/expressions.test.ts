/**
 * Expression evaluation through GitHub's engine: contexts (case-insensitive, missing properties null), functions,
 * status functions, string coercion as the runner does, and template tokens from GitHub's parser.
 */
import { describe, expect, it } from '@jest/globals'
import { NoOperationTraceWriter, convertWorkflowTemplate, parseWorkflow } from '@actions/workflow-parser'
import { coerceString, evaluateExpression, tokenStringMap, type Status } from '../../../tools/workflow-runner/expressions.js'

const contexts = {
  github: { event_name: 'push', event: { inputs: { n: '3' }, commits: [{ id: 'a' }, { id: 'b' }] } },
  inputs: { flag: true, count: 3, name: 'Mona' },
  secrets: { TOKEN: 't0k' },
  env: { GREETING: 'hi' },
  steps: { build: { outputs: { version: '1.2.3' }, outcome: 'success', conclusion: 'success' } },
  needs: { build: { result: 'success', outputs: { id: '42' } } },
  vars: { REGION: 'eu' }
}

const ev = (expr: string, status?: Status) => evaluateExpression(expr, contexts, status)

describe('expressions', () => {
  it('reads contexts case-insensitively and yields null for what is missing', () => {
    expect(ev('github.EVENT_NAME')).toBe('push')
    expect(ev("steps.build.outputs['version']")).toBe('1.2.3')
    expect(ev('needs.build.outputs.id')).toBe('42')
    expect(ev('steps.nope.outputs.x')).toBeNull()
    expect(ev('github.event.commits.*.id')).toEqual(['a', 'b'])
    expect(ev('inputs.count == 3 && inputs.flag && vars.region == \'EU\'')).toBe(true)
  })

  it('implements the functions', () => {
    expect(ev("fromJSON('{\"a\":[1,2]}').a[1]")).toBe(2)
    expect(ev('toJSON(inputs)')).toBe('{\n  "flag": true,\n  "count": 3,\n  "name": "Mona"\n}')
    expect(ev("format('{0}-{1}-{{x}}', inputs.name, inputs.count)")).toBe('Mona-3-{x}')
    expect(ev("contains(fromJSON('[\"a\",\"b\"]'), 'b') && contains('Hello', 'ELL')")).toBe(true)
    expect(ev("startsWith(github.event_name, 'PU') && endsWith(env.GREETING, 'i')")).toBe(true)
    expect(ev("join(github.event.commits.*.id, ', ')")).toBe('a, b')
    expect(ev("'it''s ''quoted'''")).toBe("it's 'quoted'")
  })

  it('evaluates the status functions against the given status', () => {
    const failed = { success: false, failure: true, cancelled: false }
    expect([ev('success()'), ev('failure()'), ev('always()'), ev('cancelled()')]).toEqual([true, false, true, false])
    expect([ev('success()', failed), ev('failure()', failed), ev('always()', failed)]).toEqual([false, true, true])
  })

  it('reports bad expressions and unsupported functions clearly', () => {
    expect(() => ev('inputs.name ==')).toThrow(/evaluating \$\{\{ inputs.name == \}\}: Unexpected end of expression/)
    expect(() => ev("fromJSON('nope')")).toThrow(/evaluating .*fromJSON/)
    expect(() => ev("hashFiles('**/package-lock.json')")).toThrow('hashFiles() is not supported by the local workflow executor')
    expect(() => ev('nosuch.context')).toThrow(/Unrecognized named-value: 'nosuch'/)
  })

  it('coerces values to strings as a step sees them', () => {
    expect([coerceString(true, 'x'), coerceString(3, 'x'), coerceString(1.5, 'x'), coerceString(null, 'x')]).toEqual(['true', '3', '1.5', ''])
    expect(() => coerceString({ a: 1 }, 'with.x')).toThrow('with.x evaluated to an object, a string was expected (use toJSON())')
  })

  it('evaluates parsed template tokens (literals, expressions, expression keys)', async () => {
    const parsed = parseWorkflow(
      { name: 'w.yml', content: 'on: push\nenv:\n  A: plain\n  B: ${{ inputs.count }}\n  C: x-${{ secrets.TOKEN }}-y\n  D: true\n  E: 2.50\njobs:\n  j:\n    runs-on: x\n    steps:\n      - run: echo\n' },
      new NoOperationTraceWriter()
    )
    const template = await convertWorkflowTemplate(parsed.context, parsed.value!)
    expect(tokenStringMap(template.env, contexts, 'env')).toEqual({ A: 'plain', B: '3', C: 'x-t0k-y', D: 'true', E: '2.5' })
  })
})
