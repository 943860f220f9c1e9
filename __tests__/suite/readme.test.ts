/** README.md is generated from docs/ (`npm run readme`): it must be current, and lead with the demo. */
import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { REPO_ROOT } from '../helpers/repo.js'

const repo = REPO_ROOT

describe('README', () => {
  it('is what `npm run readme` builds from docs/', () => {
    const check = spawnSync(process.execPath, [join(repo, 'script/readme.mjs'), '--check'], { encoding: 'utf8' })
    expect(check.stderr).toBe('')
    expect(check.status).toBe(0)
  })

  it('leads with the demo and documents every action', () => {
    const text = readFileSync(join(repo, 'README.md'), 'utf8')
    const firstSection = text.indexOf('\n## ')
    expect(text.slice(firstSection, firstSection + 60)).toContain('npm run demo')
    for (const name of ['create-release', 'deploy', 'trigger-gocd-pipeline', 'upload-artifact', 'rotate-secret'])
      expect(text).toContain(`\n## ${name}\n`)
    expect(text).toContain('\n## Security model\n')
  })
})
