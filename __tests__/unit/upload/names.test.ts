import { describe, expect, it } from '@jest/globals'
import { artifactNameProblem, invalidPathProblems } from '../../../src/upload/names.js'

describe('name rules', () => {
  it("GitHub's artifact name and path rules", () => {
    expect(artifactNameProblem('web build-1.0')).toBeUndefined()
    expect(artifactNameProblem('a/b')).toMatch(/forward slash/)
    expect(artifactNameProblem('')).toMatch(/empty/)
    expect(artifactNameProblem('.')).toMatch(/cannot be \. or \.\./)
    expect(artifactNameProblem('..')).toMatch(/cannot be \. or \.\./)
    expect(invalidPathProblems(['a/../b', './c', 'd//e'])).toHaveLength(3)
    expect(invalidPathProblems(['ok/file.txt', 'bad:name.txt', 'why?.log'])).toEqual(['"bad:name.txt" contains colon :', '"why?.log" contains question mark ?'])
  })
})
