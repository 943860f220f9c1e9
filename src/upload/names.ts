/**
 * Name rules checked before anything is uploaded, so every offending name is reported at once instead of the
 * upload failing half-way. GitHub's rules (`@actions/artifact`'s path-and-artifact-name-validation): an artifact
 * name cannot contain `" : < > | * ? \r \n \ /`, and a path inside the artifact cannot contain `" : < > | * ? \r \n`
 * (NTFS cannot store them). The same path rule is applied to the zips built for Octopus and GoCD, whose packages
 * are unpacked on Windows agents and tentacles too. Names `.` and `..`, and paths with such segments, are refused
 * everywhere: unpacked, they would land outside the target directory.
 */
const PATH_CHARACTERS: [string, string][] = [
  ['"', 'double quote "'],
  [':', 'colon :'],
  ['<', 'less than <'],
  ['>', 'greater than >'],
  ['|', 'vertical bar |'],
  ['*', 'asterisk *'],
  ['?', 'question mark ?'],
  ['\r', 'carriage return \\r'],
  ['\n', 'line feed \\n']
]
const NAME_CHARACTERS: [string, string][] = [...PATH_CHARACTERS, ['\\', 'backslash \\'], ['/', 'forward slash /']]

function offending(value: string, rules: [string, string][]): string[] {
  return rules.filter(([c]) => value.includes(c)).map(([, label]) => label)
}

/** Problems with an artifact name (empty when valid). */
export function artifactNameProblem(name: string): string | undefined {
  if (!name) return 'must not be empty'
  if (name.trim() === '.' || name.trim() === '..') return 'cannot be . or .. (a download would write outside its directory)'
  const bad = offending(name, NAME_CHARACTERS)
  return bad.length ? `contains characters GitHub does not allow in artifact names: ${bad.join(', ')}` : undefined
}

/** One message per file path that cannot be stored, naming the characters (or the segment that would escape). */
export function invalidPathProblems(names: string[]): string[] {
  const out: string[] = []
  for (const name of names) {
    const bad = offending(name, PATH_CHARACTERS)
    if (bad.length) out.push(`${JSON.stringify(name)} contains ${bad.join(', ')}`)
    else if (name.startsWith('/') || name.split('/').some((s) => s === '' || s === '.' || s === '..'))
      out.push(`${JSON.stringify(name)} is not a plain relative path (an empty, . or .. segment would unpack outside the target directory)`)
  }
  return out
}
