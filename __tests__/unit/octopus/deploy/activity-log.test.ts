import { describe, expect, it } from '@jest/globals'
import { ActivityLogStream } from '../../../../src/octopus/deploy/activity-log.js'
import type { ActivityResource } from '../../../../src/octopus/deploy/resources.js'

const el = (at: string, text: string, category = 'Info') => ({ Category: category, OccurredAt: `2026-11-22T10:00:${at}Z`, MessageText: text })

function tree(rootLogs: ReturnType<typeof el>[], steps: ReturnType<typeof el>[][]): ActivityResource[] {
  return [
    {
      Id: 'ServerTasks-1',
      Name: 'Deploy Random Quotes release 1.0.0 to Dev',
      LogElements: rootLogs,
      Children: steps.map((logs, i) => ({ Id: `ServerTasks-1_${i + 1}`, Name: `Step ${i + 1}: Step ${i + 1}`, LogElements: logs, Children: [] }))
    }
  ]
}

describe('ActivityLogStream', () => {
  it('prints each log element once, however often the log is polled', () => {
    const stream = new ActivityLogStream()
    const first = stream.next(tree([el('01', 'Task queued'), el('02', 'Task started')], [[el('03', 'Executing step "A"')], []]))
    expect(first.map((l) => l.text)).toEqual([
      '── Deploy Random Quotes release 1.0.0 to Dev',
      '   10:00:01 Task queued',
      '   10:00:02 Task started',
      '── Step 1: Step 1',
      '   10:00:03 Executing step "A"'
    ])
    expect(stream.next(tree([el('01', 'Task queued'), el('02', 'Task started')], [[el('03', 'Executing step "A"')], []]))).toEqual([])
    const later = stream.next(
      tree(
        [el('01', 'Task queued'), el('02', 'Task started'), el('09', 'Task completed')],
        [[el('03', 'Executing step "A"'), el('05', 'Step "A" completed.')], [el('06', 'Executing step "B"'), el('07', 'disk almost full', 'Warning')]]
      )
    )
    expect(later.map((l) => l.text)).toEqual([
      '── Step 1: Step 1',
      '   10:00:05 Step "A" completed.',
      '── Step 2: Step 2',
      '   10:00:06 Executing step "B"',
      '   10:00:07 WARN  disk almost full',
      '── Deploy Random Quotes release 1.0.0 to Dev',
      '   10:00:09 Task completed'
    ])
    expect(stream.count).toBe(7)
  })

  it('indents the continuation lines of a multi-line message and marks errors', () => {
    const stream = new ActivityLogStream()
    const lines = stream.next(tree([], [[el('04', 'kubectl apply failed\nerror: namespace not found', 'Error')]]))
    expect(lines.map((l) => l.text)).toEqual(['── Step 1: Step 1', '   10:00:04 ERROR kubectl apply failed', '   10:00:04       error: namespace not found'])
    expect(lines[1].category).toBe('Error')
  })

  it('never lets server text start a line, so it cannot issue workflow commands', () => {
    const stream = new ActivityLogStream()
    const lines = stream.next(tree([], [[el('04', '::add-mask::x\n::error::injected\n  ::stop-commands::abc')]]))
    expect(lines).toHaveLength(4)
    for (const line of lines) expect(line.text.trimStart()).not.toMatch(/^::/)
  })

  it('copes with a missing tree and elements without a time', () => {
    const stream = new ActivityLogStream()
    expect(stream.next(undefined)).toEqual([])
    expect(stream.next([{ Id: 'x', Name: 'Root', LogElements: [{ Category: 'Info', MessageText: 'no time' }] }]).map((l) => l.text)).toEqual([
      '── Root',
      '   --:--:-- no time'
    ])
  })
})
